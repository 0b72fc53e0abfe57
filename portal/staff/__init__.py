from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("staff", __name__)
navigation.add(Role.TEACHER, "staff.home", _l("My pupils"), order=10, section="staff.")

from portal.staff import routes  # noqa: E402,F401
