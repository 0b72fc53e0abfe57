from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import links, navigation
from portal.auth.tokens import InvitationKey, ResetKey
from portal.models import Role, User

bp = Blueprint("auth", __name__, cli_group="security")
navigation.add(Role.SENCO, "auth.sign_ins", _l("Sign-ins"), order=95)
# Where the links in the account emails lead: services hand over the secret, never a link.
links.register(
    InvitationKey, "invitee", lambda key: links.to("auth.accept_invitation", token=key.token)
)
links.register(
    ResetKey, "account holder", lambda key: links.to("auth.reset_password", token=key.token)
)
links.register(User, "password help", lambda user: links.to("auth.forgotten_password"))

from portal.auth import cli, oversight_routes, routes, second_factor_routes  # noqa: E402,F401
