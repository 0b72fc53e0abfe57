from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("families", __name__)
navigation.add(Role.PARENT, "families.home", _l("My children"), order=10, section="families.")

from portal.families import routes, voices  # noqa: E402,F401
