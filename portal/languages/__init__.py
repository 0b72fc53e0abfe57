"""Ten languages, and the school's own words reaching families who read little English.

- `portal/i18n.py` (core) chooses the page's language among those offered;
- `glossary.py`, `phrases.py`, `quality.py` read the data under `translations/`;
- `services.py` keeps the school's own translations, families' requests for them, and
  notes about a wrong or unclear phrase; `feeds.py` puts requests in the SENCO's inbox;
- `words.py`: the school's words as a family page or PDF shows them (bank phrases in the
  family's language, typed translations beside the original, whether to offer "ask");
- `routes.py`: the language list, the "wrong or unclear phrase" form, a family's
  "ask for this in my language", the SENCO's page for typing in a translation, and the
  SEN information report's translated sections;
  `display.py`: what the layout shows about the page's language, and the page's
  `SchoolWords` (`plan_words`, `record_words`, `school_words`).
"""

from flask import Blueprint, Flask

from portal import links
from portal.models import TranslationRequest

bp = Blueprint("languages", __name__)


def init_app(app: Flask) -> None:
    from portal.languages import feeds, routes  # noqa: F401  (routes join bp)

    feeds.register()
    links.register(
        TranslationRequest,
        "school",
        lambda r: links.to("languages.translate", request_id=r.id),
    )
    app.register_blueprint(bp)
