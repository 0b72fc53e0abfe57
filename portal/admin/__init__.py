from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("admin", __name__)
navigation.add(Role.ADMIN, "admin.school", _l("School details"), order=10)
navigation.add(Role.ADMIN, "senco.staff", _l("Staff"), order=20)

from portal.admin import routes  # noqa: E402,F401
