from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("pupils", __name__)
navigation.add(Role.PUPIL, "pupils.home", _l("My page"), order=10)

from portal.pupils import routes  # noqa: E402,F401
