"""The SENCO books meetings, asks for views before them, and sees who has answered."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from portal import access, audit
from portal.forms_common import SendForm
from portal.meetings import bp
from portal.meetings import services as meetings
from portal.meetings.forms import AskViewsForm, MeetingForm
from portal.models import Role
from portal.plans import records


def _meeting(meeting_id: int, action: str = "meeting.view"):
    return access.meeting_for(
        current_user, meeting_id, Role.SENCO, options=meetings.page_options(), action=action
    )


@bp.get("/senco/meetings")
@access.senco_only
def meetings_list():
    school = access.current_school()
    upcoming = request.args.get("show") != "past"
    found = meetings.school_meetings(school.id, upcoming=upcoming)
    audit.record_list(current_user, list({m.pupil.id: m.pupil for m in found}.values()))
    return render_template("meetings/meetings.html", meetings=found, upcoming=upcoming)


@bp.route("/senco/pupils/<int:pupil_id>/meetings/new", methods=["GET", "POST"])
@access.senco_only
def book(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO)
    choices = meetings.invitee_options(pupil, current_user)
    if request.method == "POST":
        form = MeetingForm(invitee_choices=choices)
    else:
        form = MeetingForm(
            invitee_choices=choices,
            invitees=meetings.default_invitees(pupil, current_user),
            interpreter_language=pupil.home_language if pupil.eal else "",
            place=pupil.school.name,
        )
    if form.validate_on_submit():
        meeting = meetings.book(pupil, form.data, current_user)
        flash(_("The meeting is booked. The family has been emailed."), "success")
        return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template("meetings/meeting_form.html", form=form, pupil=pupil, meeting=None), (
        400 if form.errors else 200
    )


@bp.get("/senco/meetings/<int:meeting_id>")
@access.senco_only
def meeting(meeting_id: int):
    meeting = _meeting(meeting_id)
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        pupil=meeting.pupil,
        ask_form=AskViewsForm(formdata=None, due_on=_default_due(meeting)),
        cancel_form=SendForm(),
        record=records.record_for(meeting.id),
    )


def _default_due(meeting):
    day = to_user_timezone(meeting.starts_at).date() - timedelta(days=3)
    return day


@bp.route("/senco/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@access.senco_only
def edit(meeting_id: int):
    meeting = _meeting(meeting_id)
    if meeting.is_cancelled:
        abort(409)
    pupil = meeting.pupil
    choices = meetings.invitee_options(pupil, current_user)
    chosen = [
        f"user:{i.user_id}" if i.role.value != "pupil" else meetings.PUPIL_INVITEE
        for i in meeting.invitees
        if i.user_id or i.role.value == "pupil"
    ]
    others = "\n".join(i.name for i in meeting.invitees if i.role.value == "other")
    local = to_user_timezone(meeting.starts_at)
    if request.method == "POST":
        form = MeetingForm(invitee_choices=choices)
    else:
        form = MeetingForm(
            obj=meeting,
            invitee_choices=choices,
            kind=meeting.kind.value,
            day=local.date(),
            time=local.time().replace(tzinfo=None),
            duration=meeting.duration_minutes,
            invitees=chosen,
            others=others,
        )
    if form.validate_on_submit():
        meetings.update(meeting, form.data, current_user)
        flash(_("The meeting has been changed."), "success")
        return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template("meetings/meeting_form.html", form=form, pupil=pupil, meeting=meeting), (
        400 if form.errors else 200
    )


@bp.post("/senco/meetings/<int:meeting_id>/cancel")
@access.senco_only
def cancel(meeting_id: int):
    meeting = _meeting(meeting_id, action="")
    if SendForm().validate_on_submit() and not meeting.is_cancelled:
        meetings.cancel(meeting, current_user)
        flash(_("The meeting has been cancelled. The family has been emailed."), "success")
    return redirect(url_for(".meeting", meeting_id=meeting.id))


@bp.post("/senco/meetings/<int:meeting_id>/views")
@access.senco_only
def ask_for_views(meeting_id: int):
    meeting = _meeting(meeting_id, action="")
    form = AskViewsForm()
    if not meeting.is_cancelled and form.validate_on_submit():
        made = meetings.ask_for_views(
            meeting,
            parents=form.ask_parents.data,
            pupil=form.ask_pupil.data,
            due_on=form.due_on.data,
            form_version=form.form_version.data or "",
            by=current_user,
        )
        if made:
            flash(
                _("Views have been asked for. Anyone with an account has been emailed."),
                "success",
            )
        else:
            flash(_("Everyone you ticked has already been asked."), "success")
        return redirect(url_for(".meeting", meeting_id=meeting.id))
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        pupil=meeting.pupil,
        ask_form=form,
        cancel_form=SendForm(),
    ), 400
