"""The school's records, kept by the SENCO: pupils (adding, editing, the staff who work with
them, inviting their family), the staff list and invitations, and the audit log.

Owns services.py (the writes and the paged lists), forms.py, routes.py (under /senco/) and
templates/school/. Signing in and accepting an invitation belong to auth.
"""

from flask import Blueprint, Flask

bp = Blueprint("school", __name__)


def init_app(app: Flask) -> None:
    from portal.school import routes  # noqa: F401  (routes join bp)

    app.register_blueprint(bp)
