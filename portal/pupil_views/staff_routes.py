"""Staff read the views sent about a pupil they work with."""

from flask import render_template
from flask_login import current_user

from portal import access
from portal.pupil_views import bp
from portal.pupil_views import questions as q
from portal.pupil_views import services as views_service


@bp.get("/staff/pupils/<int:pupil_id>/views/<int:views_id>")
@access.staff_only
def staff_views(pupil_id: int, views_id: int):
    """Read sent views: linked teachers read the pupil's, the SENCO everyone's (and it counts
    as read by the school)."""
    views = access.views_for_staff(current_user, pupil_id, views_id)
    if access.is_senco_for(current_user, views.pupil):
        views_service.mark_read(views, current_user)
    return render_template(
        "pupil_views/staff_views.html",
        pupil=views.pupil,
        views=views,
        meeting=views.request.meeting,
        questions=q.questions_for(views.form_version),
    )
