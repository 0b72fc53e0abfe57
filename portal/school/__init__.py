"""The school's records, kept by the SENCO: pupils (adding, editing, the staff who work with
them, inviting their family), the staff list and invitations, the audit log, and the
school's year (its term dates, and the local services families are told about).

Owns services.py (the writes and the paged lists), calendar.py (terms, school days, England's
typical terms), forms.py and calendar_forms.py, routes.py and calendar_routes.py (under
/senco/) and templates/school/. Signing in and accepting an invitation belong to auth.
"""

from flask import Blueprint, Flask

bp = Blueprint("school", __name__)


def init_app(app: Flask) -> None:
    from portal.school import calendar_routes, routes  # noqa: F401  (routes join bp)

    app.register_blueprint(bp)
