"""What pupils see, in easy-read: their own page and nobody else's."""

from flask import render_template
from flask_login import current_user

from portal import access
from portal.people import senco_names
from portal.pupil_views import services as views
from portal.pupils import bp
from portal.worries import services as worries


@bp.get("/")
@access.pupil_only
def home():
    pupil = access.own_pupil(current_user)
    return render_template(
        "pupils/home.html",
        pupil=pupil,
        helpers=senco_names(pupil.school_id),
        view_requests=[
            r for r in views.open_requests_for_pupil_account(current_user) if r.meeting.is_upcoming
        ],
        worries=worries.worries_of(pupil, current_user),
    )
