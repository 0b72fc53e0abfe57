"""What pupils see, in easy-read: their own page and nobody else's."""

from flask import abort, render_template
from flask_login import current_user

from portal import access, audit
from portal.extensions import db
from portal.models import Role
from portal.people import school_contacts
from portal.pupils import bp
from portal.voices import views


@bp.get("/")
@access.role_required(Role.PUPIL)
def home():
    pupil = db.session.scalar(access.pupils_query(current_user, Role.PUPIL).limit(1))
    if pupil is None:
        abort(404)
    audit.record_read(current_user, "pupil.view", pupil=pupil)
    return render_template(
        "pupils/home.html",
        pupil=pupil,
        helpers=school_contacts(pupil.school_id),
        view_requests=[
            r for r in views.open_requests_for_pupil_account(current_user) if r.meeting.is_upcoming
        ],
    )
