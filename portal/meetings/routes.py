"""Staff book meetings, ask for views before them, see who has answered, and say what
happened afterwards: the SENCO for every pupil, a class teacher for the pupils linked to
them (Code 6.51, 6.67: the class teacher leads)."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from portal import access, audit, web
from portal.access import STAFF_ROLES
from portal.forms_common import SendForm
from portal.meetings import bp, outcomes
from portal.meetings import services as meetings
from portal.meetings.forms import AskViewsForm, MeetingForm, OutcomeForm
from portal.meetings.warnings import for_booking
from portal.models import MeetingKind, MeetingOutcome
from portal.plans import records
from portal.school.calendar import local_day


def _meeting(meeting_id: int, action: str = "meeting.view"):
    return access.meeting_for(
        current_user, meeting_id, *STAFF_ROLES, options=meetings.page_options(), action=action
    )


def _warnings(form: MeetingForm, pupil):
    """Warnings the person has not seen yet for the day and kind in the form."""
    if not form.day.data or not form.kind.data or form.warned_for.data == form.warning_key():
        return []
    return for_booking(pupil, MeetingKind(form.kind.data), form.day.data)


@bp.get("/senco/meetings")
@access.senco_only
def meetings_list():
    school = access.current_school()
    upcoming = request.args.get("show") != "past"
    page = web.page_number()
    total, found = meetings.school_meetings_page(school.id, upcoming=upcoming, page=page)
    audit.record_list(current_user, list({m.pupil.id: m.pupil for m in found}.values()))
    return render_template(
        "meetings/meetings.html",
        meetings=found,
        views_sent=meetings.views_sent_and_asked([m.id for m in found]),
        upcoming=upcoming,
        page=page,
        page_size=meetings.SCHOOL_MEETINGS_PAGE,
        total=total,
    )


@bp.route("/senco/pupils/<int:pupil_id>/meetings/new", methods=["GET", "POST"])
@access.staff_only
def book(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, *STAFF_ROLES)
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
    warnings = []
    if form.validate_on_submit():
        warnings = _warnings(form, pupil)
        if not warnings:
            meeting = meetings.book(pupil, form.data, current_user)
            flash(_("The meeting is booked. The family has been emailed."), "success")
            return redirect(url_for(".meeting", meeting_id=meeting.id))
        form.warned_for.data = form.warning_key()
    return render_template(
        "meetings/meeting_form.html", form=form, pupil=pupil, meeting=None, warnings=warnings
    ), (400 if form.errors else 200)


def _meeting_page(meeting, ask_form, outcome_form=None, status=200):
    pupil = meeting.pupil
    upcoming = meeting.is_upcoming and meeting.outcome is None
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        pupil=pupil,
        ask_form=ask_form,
        cancel_form=SendForm(),
        record=records.record_for(meeting.id),
        warnings=for_booking(pupil, meeting.kind, local_day(meeting.starts_at)) if upcoming else [],
        outcome_form=outcome_form or _outcome_form(meeting, formdata=None),
        may_record=outcomes.may_record(meeting),
        is_senco=access.is_senco_for(current_user, pupil),
    ), status


def _outcome_form(meeting, formdata=None) -> OutcomeForm:
    people = outcomes.people_who_may_come(meeting)
    data = {
        "outcome": meeting.outcome.value if meeting.outcome else None,
        "attended": outcomes.attended_values(meeting),
        "others": outcomes.others_text(meeting),
        "interpreter_used": None
        if meeting.interpreter_used is None
        else ("yes" if meeting.interpreter_used else "no"),
        "note": meeting.outcome_note or "",
    }
    return OutcomeForm(
        formdata=formdata,
        data=data,
        people=people,
        interpreter_needed=meeting.interpreter_needed,
    )


@bp.get("/senco/meetings/<int:meeting_id>")
@access.staff_only
def meeting(meeting_id: int):
    meeting = _meeting(meeting_id)
    return _meeting_page(meeting, AskViewsForm(formdata=None, due_on=_default_due(meeting)))


@bp.post("/senco/meetings/<int:meeting_id>/outcome")
@access.staff_only
def outcome(meeting_id: int):
    """After the meeting: held, rearranged, cancelled or the family did not come, and who
    came. Only meetings held with a parent or carer there count towards three a year."""
    meeting = _meeting(meeting_id, action="")
    if not outcomes.may_record(meeting):
        flash(_("You can say what happened once the meeting has begun."), "error")
        return redirect(url_for(".meeting", meeting_id=meeting.id))
    form = _outcome_form(meeting, formdata=request.form)
    if form.validate_on_submit():
        outcomes.record_outcome(
            meeting,
            outcome=MeetingOutcome(form.outcome.data),
            attended=form.attended.data or [],
            others=form.others.data or "",
            interpreter_used=form.interpreter_used.data == "yes"
            if form.interpreter_used.data
            else None,
            note=form.note.data or "",
            by=current_user,
        )
        flash(_("What happened at the meeting has been saved."), "success")
        anchor = "#record" if meeting.outcome is MeetingOutcome.HELD else "#outcome"
        return redirect(url_for(".meeting", meeting_id=meeting.id) + anchor)
    ask_form = AskViewsForm(formdata=None, due_on=_default_due(meeting))
    return _meeting_page(meeting, ask_form, outcome_form=form, status=400)


def _default_due(meeting):
    day = to_user_timezone(meeting.starts_at).date() - timedelta(days=3)
    return day


@bp.route("/senco/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@access.staff_only
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
    warnings = []
    if form.validate_on_submit():
        day_changed = form.warning_key() != f"{meeting.kind.value}:{local.date().isoformat()}"
        warnings = _warnings(form, pupil) if day_changed else []
        if not warnings:
            meetings.update(meeting, form.data, current_user)
            flash(_("The meeting has been changed."), "success")
            return redirect(url_for(".meeting", meeting_id=meeting.id))
        form.warned_for.data = form.warning_key()
    return render_template(
        "meetings/meeting_form.html", form=form, pupil=pupil, meeting=meeting, warnings=warnings
    ), (400 if form.errors else 200)


@bp.post("/senco/meetings/<int:meeting_id>/cancel")
@access.staff_only
def cancel(meeting_id: int):
    meeting = _meeting(meeting_id, action="")
    if SendForm().validate_on_submit() and not meeting.is_cancelled:
        meetings.cancel(meeting, current_user)
        flash(_("The meeting has been cancelled. The family has been emailed."), "success")
    return redirect(url_for(".meeting", meeting_id=meeting.id))


@bp.post("/senco/meetings/<int:meeting_id>/views")
@access.staff_only
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
    return _meeting_page(meeting, form, status=400)
