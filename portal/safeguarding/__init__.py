"""The designated safeguarding lead: who it is at each school, and the alerts they get when a
pupil says they do not feel safe (an email with only a link, and this list, at the top of
their navigation until each alert is dealt with)."""

from flask import Blueprint, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import navigation
from portal.models import Role

bp = Blueprint("safeguarding", __name__)


def _sees_alerts() -> bool:
    from portal.safeguarding.services import sees_alerts

    if "sees_alerts" not in g:
        g.sees_alerts = current_user.is_authenticated and sees_alerts(current_user)
    return g.sees_alerts


for _role in (Role.SENCO, Role.TEACHER, Role.ADMIN):
    navigation.add(
        _role,
        "safeguarding.alerts",
        _l("Safety alerts"),
        order=5,
        section="safeguarding.",
        when=_sees_alerts,
    )

from portal.safeguarding import routes  # noqa: E402,F401
