"""Staff read the views sent about a pupil they work with: cards, words, faces, the board,
goals, recordings to listen to and pictures; and type what was said beside a recording."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.extensions import db
from portal.files import services as files
from portal.pupil_views import answers, bp
from portal.pupil_views import services as views_service
from portal.pupil_views.forms import TranscriptForm


@bp.get("/staff/pupils/<int:pupil_id>/views/<int:views_id>")
@access.staff_only
def staff_views(pupil_id: int, views_id: int):
    """Read sent views: linked teachers read the pupil's, the SENCO everyone's (and it counts
    as read by the school)."""
    views = access.views_for_staff(current_user, pupil_id, views_id)
    if access.is_senco_for(current_user, views.pupil):
        views_service.mark_read(views, current_user)
    return _page(views)


def _page(views, status: int = 200, failed: tuple[int, TranscriptForm] | None = None):
    items = answers.shown(views)
    forms = {}
    for item in items:
        if item.recording is not None:
            forms[item.recording.id] = TranscriptForm(
                prefix=f"t{item.recording.id}",
                data={"text": item.recording.transcript},
            )
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render_template(
        "pupil_views/staff_views.html",
        pupil=views.pupil,
        views=views,
        meeting=views.request.meeting,
        items=items,
        transcript_forms=forms,
        newer=views_service.newer_version(views),
    ), status


@bp.post("/staff/pupils/<int:pupil_id>/views/<int:views_id>/files/<int:file_id>/transcript")
@access.staff_only
def transcript(pupil_id: int, views_id: int, file_id: int):
    """What a member of staff heard in a pupil's recording, typed beside it."""
    views = access.views_for_staff(current_user, pupil_id, views_id, action="")
    if file_id not in answers.file_ids(views.answers):
        abort(404)
    stored = access.file_for(current_user, file_id, action="")
    form = TranscriptForm(prefix=f"t{file_id}")
    if not form.validate_on_submit():
        return _page(views, 400, failed=(file_id, form))
    files.save_transcript(stored, form.text.data or "", current_user)
    db.session.commit()
    flash(_("What was said is saved beside the recording."), "success")
    return redirect(
        url_for(".staff_views", pupil_id=pupil_id, views_id=views_id) + f"#recording-{file_id}"
    )
