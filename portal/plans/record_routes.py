"""Meeting records: the SENCO writes one after a meeting and shares it; the family reads it
and downloads it as a PDF (Code 6.71).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.languages.display import record_words
from portal.plans import bp, pages, records, services
from portal.plans.forms import MeetingRecordForm, ShareForm


@bp.route("/senco/meetings/<int:meeting_id>/record", methods=["GET", "POST"])
@access.senco_only
def meeting_record(meeting_id: int):
    meeting = pages.senco_meeting(
        meeting_id, "meeting_record.view" if request.method == "GET" else ""
    )
    record = records.record_for(meeting.id)
    if request.method == "GET":
        if record is not None:
            form = MeetingRecordForm(
                obj=record, version=record.version, bank_actions=records.bank_action_keys(record)
            )
        else:
            form = MeetingRecordForm(data=records.draft_values(meeting))
    else:
        form = MeetingRecordForm()
    conflict, status = None, 200
    if request.method == "POST" and record is not None and record.is_shared:
        conflict, status = services.EditConflict(record, reason="not_draft"), 409
    elif form.validate_on_submit():
        try:
            record = records.save_record(
                meeting, record, form.cleaned(), version=form.started_from, by=current_user
            )
        except services.EditConflict as error:
            conflict, status = error, 409
            record = records.record_for(meeting.id)
            form.version.data = record.version if record else ""
        else:
            flash(
                _("The record has been saved. The family cannot see it until you share it."),
                "success",
            )
            return redirect(url_for("plans.meeting_record", meeting_id=meeting.id))
    elif form.errors:
        status = 400
    return render_template(
        "plans/meeting_record_form.html",
        meeting=meeting,
        pupil=meeting.pupil,
        record=record,
        form=form,
        share_form=ShareForm(version=record.version) if record else None,
        conflict=conflict,
        saved=MeetingRecordForm(obj=record, formdata=None) if conflict and record else None,
    ), status


@bp.post("/senco/meetings/<int:meeting_id>/record/share")
@access.senco_only
def share_record(meeting_id: int):
    meeting = pages.senco_meeting(meeting_id, "")
    record = records.record_for(meeting.id)
    if record is None:
        abort(404)
    form = ShareForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        records.share_record(record, version=form.started_from, by=current_user)
    except services.EditConflict as conflict:
        if conflict.reason == "not_draft":
            flash(_("This record has already been shared."), "error")
        else:
            flash(
                _(
                    "Someone else changed this record after you opened it. "
                    "Check it, then share it again."
                ),
                "error",
            )
    else:
        flash(_("The record has been shared. The family has been sent an email."), "success")
    return redirect(url_for("plans.meeting_record", meeting_id=meeting.id))


@bp.get("/families/children/<int:pupil_id>/meetings/<int:meeting_id>/record")
@access.parent_only
def family_record(pupil_id: int, meeting_id: int):
    record = access.shared_record_for(current_user, pupil_id, meeting_id, "meeting_record.view")
    pupil = record.pupil
    words = record_words(pupil, record, asking=True)
    return render_template("plans/family_record.html", pupil=pupil, record=record, words=words)


@bp.get("/families/children/<int:pupil_id>/meetings/<int:meeting_id>/record.pdf")
@access.parent_only
def family_record_pdf(pupil_id: int, meeting_id: int):
    record = access.shared_record_for(current_user, pupil_id, meeting_id, "meeting_record.download")
    pupil = record.pupil
    return pages.record_pdf(pupil, record)


@bp.get("/senco/meetings/<int:meeting_id>/record.pdf")
@access.senco_only
def senco_record_pdf(meeting_id: int):
    meeting = pages.senco_meeting(meeting_id, "meeting_record.download")
    record = records.record_for(meeting.id)
    if record is None:
        abort(404)
    return pages.record_pdf(meeting.pupil, record)
