"""Ten languages, and the school's own words reaching families who read little English.

- `portal/i18n.py` (core) chooses the page's language among those offered;
- `glossary.py`, `phrases.py`, `quality.py` read the data under `translations/`;
- `services.py` keeps the school's own translations, families' requests for them, and
  notes about a wrong or unclear phrase; `feeds.py` puts requests in the SENCO's inbox;
- `routes.py`: the language list, the "wrong or unclear phrase" form, a family's
  "ask for this in my language", and the SENCO's page for typing in a translation.
"""

from flask import Blueprint

bp = Blueprint("languages", __name__)

from portal.languages import feeds, routes  # noqa: E402,F401
