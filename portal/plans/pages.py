"""What several of the plan's pages share: a plan or meeting loaded for the SENCO, the
progress note form, the page saying a shared plan cannot be edited, and the PDFs."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from htmx_flask import make_response

from portal import access, web
from portal.access import STAFF_ROLES
from portal.mail import external_url
from portal.meetings import services as meetings
from portal.models import Plan, PlanStatus, Pupil, Role, today
from portal.people import school_contacts
from portal.plans import records, services
from portal.plans.forms import ProgressNoteForm
from portal.records.pdf import pdf_response


def senco_plan(plan_id: int, *, full: bool = True, action: str = "plan.view") -> Plan:
    """A plan of a pupil at the SENCO's school, or 404; the read is audited."""
    options = services.editor_options() if full else ()
    return access.plan_for(current_user, plan_id, Role.SENCO, options=options, action=action)


def staff_meeting(meeting_id: int, action: str = "meeting_record.view"):
    """A meeting about a pupil this member of staff reaches (the SENCO's school, or a
    teacher's linked pupil), with who was invited and who came, or 404."""
    return access.meeting_for(
        current_user, meeting_id, *STAFF_ROLES, options=records.meeting_options(), action=action
    )


def note_form(plan: Plan) -> ProgressNoteForm | None:
    if plan.status is not PlanStatus.SHARED or not plan.outcomes:
        return None
    form = ProgressNoteForm(noted_on=today())
    form.set_outcomes(plan.outcomes)
    return form


def not_editable(plan: Plan):
    """Opening an editor on a plan that has been shared: say why, and show the plan."""
    flash(
        _(
            "This plan has been shared with the family, so it can no longer be changed. "
            "Record the review to start the next plan."
        ),
        "error",
    )
    response = redirect(url_for("plans.plan", plan_id=plan.id))
    return make_response(response, redirect=response.location) if web.partial_wanted() else response


def next_review(pupil: Pupil, plan: Plan | None):
    """The one date families are given for the next review (the booked review meeting's,
    else the plan's), and the meeting if it is booked."""
    return services.next_review(plan, meetings.family_meetings(pupil))


def plan_pdf(pupil: Pupil, plan: Plan):
    filename = f"plan-{pupil.family_name}-{pupil.given_name}-{plan.id}.pdf".lower()
    current = services.family_plan_summary(pupil.id)
    return pdf_response(
        "plans/plan_pdf.html",
        filename,
        title=_("Support plan for %(name)s", name=pupil.full_name),
        pupil=pupil,
        plan=plan,
        next_review=next_review(pupil, plan)
        if current is not None and current.id == plan.id
        else (None, None),
        contacts=school_contacts(pupil.school_id),
        school_name=pupil.school.name,
        made_on=today(),
        glossary_url=external_url("main.glossary"),
    )


def record_pdf(pupil: Pupil, record):
    filename = f"meeting-{pupil.family_name}-{pupil.given_name}-{record.meeting_id}.pdf".lower()
    return pdf_response(
        "plans/record_pdf.html",
        filename,
        title=_("Record of the meeting about %(name)s", name=pupil.full_name),
        pupil=pupil,
        record=record,
        school_name=pupil.school.name,
        made_on=today(),
        glossary_url=external_url("main.glossary"),
    )
