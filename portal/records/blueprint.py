"""The records blueprint: imported by create_app, so that importing portal.records.upn or
portal.records.pdf elsewhere never pulls in the pages."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("records", __name__, cli_group="records")
navigation.add(Role.SENCO, "records.home", _l("Records"), order=70, section="records.")
navigation.add(
    Role.PARENT,
    "records.my_information",
    _l("Your information"),
    order=80,
    section="records.my_information",
)

from portal.records import (  # noqa: E402,F401  (registers routes, CLI, feeds)
    cli,
    contacts,
    feeds,
    routes_exchange,
    routes_family,
    routes_import,
    routes_people,
    templating,
)

cli.init_cli(bp)
