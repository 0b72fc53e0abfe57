"""The parent's role package: their children, and a page for each child gathering meetings,
concerns, the plan and the Local Offer. The pages those link to belong to the domain
packages."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("families", __name__)


def init_app(app: Flask) -> None:
    from portal.families import routes  # noqa: F401  (routes join bp)

    navigation.add(
        Role.PARENT,
        "families.home",
        _l("My children"),
        order=10,
        section=("families.", "concerns.family_", "pupil_views.parent_"),
    )
    app.register_blueprint(bp, url_prefix="/families")
