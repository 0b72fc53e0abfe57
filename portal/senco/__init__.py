from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("senco", __name__)
navigation.add(Role.SENCO, "senco.home", _l("Pupils"), order=10, section="senco.pupil")
navigation.add(Role.SENCO, "senco.staff", _l("Staff"), order=80)
navigation.add(Role.SENCO, "senco.invitations", _l("Invitations"), order=85)
navigation.add(Role.SENCO, "senco.audit_log", _l("Audit log"), order=90)

from portal.senco import routes  # noqa: E402,F401
