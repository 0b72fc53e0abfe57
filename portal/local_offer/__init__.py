"""The Local Offer directory and the SEN information report.

Owns services.py (search, entries, out-of-date notes, the report), search.py (words and
ranking), importer.py (Open Referral UK feeds), forms.py, display.py (template helpers),
routes.py (public pages under /schools/<slug>/, a parent's "services that may help", the
staff's directory and report), cli.py and templates/local_offer/.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import links, navigation
from portal.models import Role, Service

bp = Blueprint("local_offer", __name__, cli_group="local-offer")


def init_app(app: Flask) -> None:
    from portal.local_offer import cli, routes  # noqa: F401  (commands and routes join bp)

    links.register(
        Service, "school", lambda s: links.to("local_offer.manage_edit", service_id=s.id)
    )
    navigation.add(
        Role.PARENT, "local_offer.find_help", _l("Find help"), order=50, section="local_offer."
    )
    for role, order in ((Role.SENCO, 60), (Role.ADMIN, 30)):
        navigation.add(
            role, "local_offer.manage", _l("Local Offer"), order=order, section="local_offer.manage"
        )
        navigation.add(
            role,
            "local_offer.report_edit",
            _l("SEN information report"),
            order=order + 1,
            section="local_offer.report",
        )
    app.register_blueprint(bp)
