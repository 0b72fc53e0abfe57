from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("local_offer", __name__, cli_group="local-offer")

navigation.add(
    Role.PARENT, "local_offer.find_help", _l("Find help"), order=50, section="local_offer."
)
for _role, _order in ((Role.SENCO, 60), (Role.ADMIN, 30)):
    navigation.add(
        _role, "local_offer.manage", _l("Local Offer"), order=_order, section="local_offer.manage"
    )
    navigation.add(
        _role,
        "local_offer.report_edit",
        _l("SEN information report"),
        order=_order + 1,
        section="local_offer.report",
    )

from portal.local_offer import cli, routes  # noqa: E402,F401
