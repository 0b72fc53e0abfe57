from flask import Blueprint
from flask_babel import lazy_gettext as _l

from portal import navigation
from portal.models import Role

bp = Blueprint("pupils", __name__)
navigation.add(Role.PUPIL, "pupils.home", _l("My page"), order=10)

# The views form: a pupil's own, or an adult's sitting beside a pupil without an account.
form_bp = Blueprint("pupil_views", __name__)

from portal.pupils import routes, views_form  # noqa: E402,F401
