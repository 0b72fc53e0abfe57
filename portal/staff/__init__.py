"""The staff role package: a teacher's pupils, and the pupil page every member of staff
shares, gathering what each domain package holds about the pupil."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("staff", __name__)


def init_app(app: Flask) -> None:
    from portal.staff import routes  # noqa: F401  (routes join bp)

    navigation.add(
        Role.TEACHER,
        "staff.home",
        _l("My pupils"),
        order=10,
        section=("staff.", "pupil_views.staff_"),
    )
    app.register_blueprint(bp, url_prefix="/staff")
