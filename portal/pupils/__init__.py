"""The pupil's role package: their own page, in easy-read. The views form and their goals
belong to pupil_views and plans."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("pupils", __name__)


def init_app(app: Flask) -> None:
    from portal.pupils import routes  # noqa: F401  (routes join bp)

    navigation.add(Role.PUPIL, "pupils.home", _l("My page"), order=10)
    app.register_blueprint(bp, url_prefix="/me")
