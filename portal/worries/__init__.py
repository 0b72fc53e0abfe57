"""A pupil raises a worry from their own page, to the SENCO or an adult at school they trust.

Easy-read, one question a page (who to tell, what it is about, do you feel safe); the adult
reads it (the pupil sees when) and replies in the portal; "I do not feel safe" tells the
safeguarding lead at once. services.py (drafts, sending, reading, replying, who may read),
forms.py, pupil_routes.py (under /me/worries/), staff_routes.py (under /worries/), feeds.py
(the adult's own inbox), templates/worries/.
"""

from flask import Blueprint, Flask, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import links, navigation
from portal.models import Role, Worry

bp = Blueprint("worries", __name__)


def _has_worries() -> bool:
    from portal.worries.services import has_any

    if "has_worries" not in g:
        g.has_worries = current_user.is_authenticated and has_any(current_user)
    return g.has_worries


def init_app(app: Flask) -> None:
    from portal.worries import feeds, pupil_routes, staff_routes  # noqa: F401  (routes join bp)

    feeds.register()
    navigation.add(
        Role.TEACHER,
        "worries.staff_list",
        _l("Pupils' worries"),
        order=6,
        section="worries.staff_",
        when=_has_worries,
    )
    links.register(Worry, "school", lambda w: links.to("worries.staff_worry", worry_id=w.id))
    links.register(Worry, "pupil", lambda w: links.to("worries.pupil_worry", worry_id=w.id))
    app.register_blueprint(bp)
