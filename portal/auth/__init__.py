from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("auth", __name__, cli_group="security")
navigation.add(Role.SENCO, "auth.sign_ins", _l("Sign-ins"), order=95)

from portal.auth import cli, oversight_routes, routes, second_factor_routes  # noqa: E402,F401
