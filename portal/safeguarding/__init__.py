"""The designated safeguarding lead: who it is at each school, and the alerts they get when a
pupil says they do not feel safe (an email with only a link, and this list, at the top of
their navigation until each alert is dealt with).

services.py (leads, raising and dealing with alerts, who a pupil can talk to), forms.py,
routes.py (under /safeguarding/), feeds.py (open alerts pinned at the top of the lead's own
inbox), templates/safeguarding/ (the lead's pages, and _talk_now.html for the pupil).
"""

from flask import Blueprint, Flask, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import links, navigation
from portal.models import Role, SafetyAlert

bp = Blueprint("safeguarding", __name__)


def _sees_alerts() -> bool:
    from portal.safeguarding.services import sees_alerts

    if "sees_alerts" not in g:
        g.sees_alerts = current_user.is_authenticated and sees_alerts(current_user)
    return g.sees_alerts


def init_app(app: Flask) -> None:
    from portal.safeguarding import feeds, routes  # noqa: F401  (routes join bp)

    feeds.register()

    for role in (Role.SENCO, Role.TEACHER, Role.ADMIN):
        navigation.add(
            role,
            "safeguarding.alerts",
            _l("Safety alerts"),
            order=5,
            section="safeguarding.",
            when=_sees_alerts,
        )
    links.register(SafetyAlert, "school", lambda a: links.to("safeguarding.alert", alert_id=a.id))
    app.register_blueprint(bp, url_prefix="/safeguarding")
