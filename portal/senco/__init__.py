from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role
from portal.voices import feeds as _voices_feeds  # noqa: F401  registers inbox and timeline sources
from portal.voices import formatting

bp = Blueprint("senco", __name__)
navigation.add(Role.SENCO, "senco.inbox", _l("Inbox"), order=5, section="senco.concern")
navigation.add(Role.SENCO, "senco.home", _l("Pupils"), order=10, section="senco.pupil")
navigation.add(Role.SENCO, "senco.meetings_list", _l("Meetings"), order=20, section="senco.meeting")
navigation.add(Role.SENCO, "senco.staff", _l("Staff"), order=80)
navigation.add(Role.SENCO, "senco.invitations", _l("Invitations"), order=85)
navigation.add(Role.SENCO, "senco.audit_log", _l("Audit log"), order=90)
formatting.register(bp)

from portal.senco import inbox_routes, meeting_routes, routes  # noqa: E402,F401
