"""The SENCO's role package: home (the school's pupils, what needs attention), the inbox and
each pupil's timeline. The pages they link to belong to the domain packages."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("senco", __name__)


def _unread_in_inbox() -> int:
    from flask_login import current_user

    from portal import access, feeds

    school = access.current_school()
    if school is None:
        return 0
    # The inbox's own query: what was sent to this SENCO (a worry, a safety alert) counts.
    return feeds.inbox.count(feeds.InboxQuery(school.id, viewer=current_user))[1]


def init_app(app: Flask) -> None:
    from portal.senco import routes  # noqa: F401  (routes join bp)

    navigation.add(
        Role.SENCO,
        "senco.inbox",
        _l("Inbox"),
        order=5,
        section="concerns.senco_",
        count=_unread_in_inbox,
    )
    navigation.add(Role.SENCO, "senco.home", _l("Pupils"), order=10, section="senco.pupil")
    navigation.add(
        Role.SENCO, "meetings.meetings_list", _l("Meetings"), order=20, section="meetings.meeting"
    )
    navigation.add(Role.SENCO, "school.staff", _l("Staff"), order=80)
    navigation.add(Role.SENCO, "school.invitations", _l("Invitations"), order=85)
    navigation.add(Role.SENCO, "school.audit_log", _l("Audit log"), order=90)
    # Eleven entries wrapped onto three lines at 1280 px: the less daily ones go in groups.
    navigation.group(
        Role.SENCO,
        "records",
        _l("Plans and records"),
        ("plans.provision_map", "plans.register", "records.home"),
    )
    navigation.group(
        Role.SENCO,
        "school",
        _l("School"),
        (
            "local_offer.manage",
            "local_offer.report_edit",
            "school.staff",
            "school.invitations",
            "school.audit_log",
            "auth.sign_ins",
        ),
    )
    app.register_blueprint(bp, url_prefix="/senco")
