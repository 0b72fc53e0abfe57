"""Running the installation: schools, their details, and their first SENCO."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("admin", __name__)


def init_app(app: Flask) -> None:
    from portal.admin import routes  # noqa: F401  (routes join bp)

    navigation.add(Role.ADMIN, "admin.school", _l("School details"), order=10)
    navigation.add(Role.ADMIN, "school.staff", _l("Staff"), order=20)
    app.register_blueprint(bp, url_prefix="/admin")
