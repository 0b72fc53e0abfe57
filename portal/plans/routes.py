"""Plans: the SENCO's editor, staff progress notes, what families and pupils see.

Access: the role is checked on the route; the pupil through access.pupil_for, so a plan
of someone else's pupil answers 404. Families reach only shared plans, never drafts.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from htmx_flask import make_response
from markupsafe import Markup, escape

from portal import access, audit
from portal.access import STAFF_ROLES
from portal.auth.routes import safe_next
from portal.extensions import db
from portal.mail import external_url
from portal.models import (
    Outcome,
    Plan,
    PlanQuestion,
    PlanStatus,
    Provision,
    Pupil,
    Respondent,
    Role,
    SpecialistAdvice,
    today,
)
from portal.paging import page_number
from portal.people import school_contacts
from portal.plans import bp, maps, records, services
from portal.plans.forms import (
    GOOD_OUTCOME_EXAMPLE,
    AdviceForm,
    AgreeForm,
    MeetingRecordForm,
    OutcomeForm,
    PlanDetailsForm,
    ProgressNoteForm,
    ProvisionForm,
    ProvisionMapFilterForm,
    QuestionForm,
    RegisterFilterForm,
    RemoveForm,
    ReplyForm,
    ShareForm,
    review_form,
)
from portal.records.csv_export import csv_response
from portal.records.pdf import pdf_response
from portal.voices.views import sent_views_of

senco_only = access.role_required(Role.SENCO)
RTL_LANGUAGES = {"ar", "fa", "he", "ps", "ur", "yi"}


@bp.app_template_global()
def written_in(school) -> Markup:
    """lang and dir for words the school wrote, so they read the right way round (and in
    a suitable font) on a page or a PDF in the family's language."""
    code = school.default_locale or "en"
    direction = "rtl" if code.split("_")[0] in RTL_LANGUAGES else "ltr"
    return Markup(f'lang="{escape(code)}" dir="{direction}"')


@bp.app_template_filter("hours")
def hours_filter(value: float) -> str:
    """Hours as a short number in the page's language: 1.5, 1,5, 2."""
    return format_decimal(round(value, 2), format="#,##0.##")


staff_only = access.role_required(*STAFF_ROLES)
parent_only = access.role_required(Role.PARENT)


def _senco_plan(plan_id: int, *, full: bool = True, action: str = "plan.view") -> Plan:
    """A plan of a pupil at the SENCO's school, or 404; the read is audited."""
    plan = services.get_plan(plan_id, full=full)
    if plan is None:
        abort(404)
    access.pupil_for(current_user, plan.pupil_id, Role.SENCO, action=action)
    return plan


# The SENCO: starting and reading a plan ------------------------------------------------


@bp.get("/senco/pupils/<int:pupil_id>/plan")
@senco_only
def pupil_plan(pupil_id: int):
    """The pupil's current plan, or the page that starts the first one."""
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="")
    plan = services.current_plan(pupil.id, full=False)
    if plan is not None:
        return redirect(url_for("plans.plan", plan_id=plan.id))
    audit.record_read(current_user, "plan.view", pupil=pupil)
    return render_template("plans/senco_no_plan.html", pupil=pupil)


@bp.post("/senco/pupils/<int:pupil_id>/plans")
@senco_only
def start_plan(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="")
    form = AgreeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        plan = services.start_plan(pupil, current_user)
    except services.EditConflict as conflict:
        flash(_("%(name)s already has a plan that has not been reviewed.", name=pupil.full_name))
        return redirect(url_for("plans.plan", plan_id=conflict.current.id))
    flash(_("A new draft plan has been started."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id))


@bp.get("/senco/plans/<int:plan_id>")
@senco_only
def plan(plan_id: int):
    plan = _senco_plan(plan_id)
    return render_template(
        "plans/senco_plan.html",
        plan=plan,
        pupil=plan.pupil,
        history=services.plans_for_staff(plan.pupil_id),
        missing=services.missing_before_sharing(plan) if plan.is_draft else [],
        forms=_new_row_forms(plan) if plan.is_draft else {},
        kinds=ROWS,
        share_form=ShareForm(version=plan.version),
        note_form=_note_form(plan),
        can_start=services.can_start_plan(plan.pupil_id),
        example=GOOD_OUTCOME_EXAMPLE,
    )


def _note_form(plan: Plan) -> ProgressNoteForm | None:
    if plan.status is not PlanStatus.SHARED or not plan.outcomes:
        return None
    form = ProgressNoteForm(noted_on=today())
    form.set_outcomes(plan.outcomes)
    return form


# The SENCO: the plan's own fields -------------------------------------------------------


@bp.route("/senco/plans/<int:plan_id>/details", methods=["GET", "POST"])
@senco_only
def edit_details(plan_id: int):
    plan = _senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    if request.method == "GET" and not plan.is_draft:
        return _not_editable(plan)
    form = PlanDetailsForm.from_plan(plan) if request.method == "GET" else PlanDetailsForm()
    form.set_views(sent_views_of(plan.pupil, (Respondent.PUPIL, Respondent.PARENT)))
    conflict = None
    status = 200
    if plan.is_draft and form.validate_on_submit():
        try:
            services.save_details(plan, form.data, version=form.started_from, by=current_user)
        except services.EditConflict as error:
            conflict = error
            status = 409
        else:
            flash(_("The plan has been saved."), "success")
            return redirect(url_for("plans.plan", plan_id=plan.id))
    elif request.method == "POST" and not plan.is_draft:
        conflict, status = services.EditConflict(plan, reason="not_draft"), 409
    elif form.errors:
        status = 400
    if conflict is not None:
        # Keep what this person typed; offer the saved version's number so a second
        # save, made knowingly, goes through.
        db.session.refresh(plan)
        form.version.data = plan.version
    return render_template(
        "plans/details_form.html",
        plan=plan,
        pupil=plan.pupil,
        form=form,
        conflict=conflict,
        saved=_saved_details(plan) if conflict else None,
    ), status


def _not_editable(plan: Plan):
    """Opening an editor on a plan that has been shared: say why, and show the plan."""
    flash(
        _(
            "This plan has been shared with the family, so it can no longer be changed. "
            "Record the review to start the next plan."
        ),
        "error",
    )
    response = redirect(url_for("plans.plan", plan_id=plan.id))
    return make_response(response, redirect=response.location) if request.htmx else response


def _saved_details(plan: Plan) -> PlanDetailsForm:
    saved = PlanDetailsForm.from_plan(plan, formdata=None)
    saved.set_views(plan.views)
    return saved


# The SENCO: rows of outcomes, provision and specialist advice ---------------------------


@dataclass(frozen=True)
class RowKind:
    """One kind of row in the plan editor, edited in place with htmx or on its own page."""

    name: str
    key: str
    model: type
    form: type


ROWS = {
    "outcomes": RowKind("outcome", "outcomes", Outcome, OutcomeForm),
    "provision": RowKind("provision", "provision", Provision, ProvisionForm),
    "advice": RowKind("advice", "advice", SpecialistAdvice, AdviceForm),
}


def _kind(kind: str) -> RowKind:
    if kind not in ROWS:
        abort(404)
    return ROWS[kind]


def _row(plan: Plan, kind: RowKind, row_id: int):
    row = next(
        (r for r in getattr(plan, services.ROW_SPECS[kind.model].collection) if r.id == row_id),
        None,
    )
    if row is None:
        abort(404)
    return row


def _row_form(kind: RowKind, plan: Plan, row=None, *, formdata=None, **data):
    prefix = f"{kind.name}-{row.id}" if row is not None else f"new-{kind.name}"
    if row is not None and formdata is None and not data:
        data = _row_data(kind, row)
    form = kind.form(formdata=formdata, prefix=prefix, data=data or None)
    if hasattr(form, "set_outcomes"):
        form.set_outcomes(plan.outcomes)
    return form


def _row_data(kind: RowKind, row) -> dict:
    data = {"version": row.version}
    for name in kind.form.__dict__:
        if name in ("version", "keep_wording") or name.startswith("_"):
            continue
        if hasattr(row, name):
            value = getattr(row, name)
            data[name] = value.value if hasattr(value, "value") else value
    if kind.name == "provision":
        data["outcome_id"] = str(row.outcome_id or "")
    return data


def _new_row_forms(plan: Plan) -> dict:
    return {key: _row_form(kind, plan) for key, kind in ROWS.items()}


def _render_row_form(plan, kind, form, row=None, conflict=None, status=200, adding=False):
    context = {
        "plan": plan,
        "pupil": plan.pupil,
        "kind": kind,
        "form": form,
        "row": row,
        "conflict": conflict,
        "adding": adding,
        "example": GOOD_OUTCOME_EXAMPLE,
    }
    if request.htmx:
        # htmx swaps only successful answers: the form with its messages comes back as 200.
        html = render_template("plans/_row_form.html", **context)
        if adding:
            return make_response(html, retarget=f"#new-{kind.name}", reswap="outerHTML")
        return html
    return render_template("plans/row_page.html", **context), status


@bp.route("/senco/plans/<int:plan_id>/<kind>/new", methods=["GET", "POST"])
@senco_only
def add_row(plan_id: int, kind: str):
    row_kind = _kind(kind)
    plan = _senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    if request.method == "GET" and not plan.is_draft:
        return _not_editable(plan)
    form = _row_form(row_kind, plan, formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" or not plan.is_draft:
        conflict = None if plan.is_draft else services.EditConflict(plan, reason="not_draft")
        return _render_row_form(plan, row_kind, form, conflict=conflict, adding=True)
    if form.validate_on_submit() and not getattr(form, "needs_activity_prompt", False):
        row = services.add_row(plan, row_kind.model, form.cleaned(), current_user)
        if request.htmx:
            return render_template(
                "plans/_row_added.html",
                plan=plan,
                kind=row_kind,
                row=row,
                new_form=_row_form(row_kind, plan),
                provision_form=_row_form(ROWS["provision"], plan),
                example=GOOD_OUTCOME_EXAMPLE,
            )
        flash(_("Added to the plan."), "success")
        return redirect(url_for("plans.plan", plan_id=plan.id) + f"#{row_kind.name}-{row.id}")
    return _render_row_form(plan, row_kind, form, status=400 if form.errors else 200, adding=True)


@bp.route("/senco/plans/<int:plan_id>/<kind>/<int:row_id>", methods=["GET", "POST"])
@senco_only
def edit_row(plan_id: int, kind: str, row_id: int):
    row_kind = _kind(kind)
    plan = _senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    row = _row(plan, row_kind, row_id)
    if request.method == "GET":
        if request.htmx and request.args.get("cancel"):
            return render_template(
                f"plans/_{row_kind.name}_row.html", plan=plan, row=row, editable=plan.is_draft
            )
        if not plan.is_draft:
            return _not_editable(plan)
        return _render_row_form(plan, row_kind, _row_form(row_kind, plan, row), row)
    form = _row_form(row_kind, plan, row, formdata=request.form)
    if not plan.is_draft:
        conflict = services.EditConflict(plan, reason="not_draft")
        return _render_row_form(plan, row_kind, form, row, conflict=conflict, status=409)
    if form.validate_on_submit() and not getattr(form, "needs_activity_prompt", False):
        try:
            services.update_row(row, form.cleaned(), version=form.started_from, by=current_user)
        except services.EditConflict as conflict:
            form.version.data = row.version
            return _render_row_form(plan, row_kind, form, row, conflict=conflict, status=409)
        if request.htmx:
            return render_template(
                f"plans/_{row_kind.name}_row.html",
                plan=plan,
                row=row,
                editable=True,
                saved=True,
            )
        flash(_("The change has been saved."), "success")
        return redirect(url_for("plans.plan", plan_id=plan.id) + f"#{row_kind.name}-{row.id}")
    return _render_row_form(plan, row_kind, form, row, status=400 if form.errors else 200)


@bp.post("/senco/plans/<int:plan_id>/<kind>/<int:row_id>/remove")
@senco_only
def remove_row(plan_id: int, kind: str, row_id: int):
    row_kind = _kind(kind)
    plan = _senco_plan(plan_id, action="")
    row = _row(plan, row_kind, row_id)
    form = RemoveForm(prefix=f"{row_kind.name}-{row.id}")
    if not form.validate_on_submit():
        abort(400)
    try:
        services.remove_row(row, version=form.started_from, by=current_user)
    except services.EditConflict as conflict:
        edit_form = _row_form(row_kind, plan, row)
        return _render_row_form(plan, row_kind, edit_form, row, conflict=conflict, status=409)
    if request.htmx:
        if row_kind.name == "outcome":
            # The provision form's list of outcomes loses this one too.
            return render_template(
                "plans/_outcome_choices.html", provision_form=_row_form(ROWS["provision"], plan)
            )
        return ""
    flash(_("Removed from the plan."), "success")
    return redirect(url_for("plans.plan", plan_id=plan.id) + f"#{row_kind.key}")


# The SENCO: sharing, questions, review ------------------------------------------------


@bp.post("/senco/plans/<int:plan_id>/share")
@senco_only
def share(plan_id: int):
    plan = _senco_plan(plan_id, action="")
    form = ShareForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        missing = services.share(plan, version=form.started_from, by=current_user)
    except services.EditConflict as conflict:
        if conflict.reason == "not_draft":
            flash(_("This plan has already been shared."), "error")
        else:
            flash(
                _(
                    "Someone else changed this plan after you opened it. Check the plan "
                    "below, then share it again."
                ),
                "error",
            )
        return redirect(url_for("plans.plan", plan_id=plan.id))
    if missing:
        flash(_("The plan is not ready to share yet: see what is missing."), "error")
    else:
        flash(
            _("The plan has been shared. The family has been sent an email."),
            "success",
        )
    return redirect(url_for("plans.plan", plan_id=plan.id))


@bp.route("/senco/plans/<int:plan_id>/questions/<int:question_id>", methods=["GET", "POST"])
@senco_only
def question(plan_id: int, question_id: int):
    plan = _senco_plan(plan_id, full=False)
    item = db.session.get(PlanQuestion, question_id)
    if item is None or item.plan_id != plan.id:
        abort(404)
    services.mark_question_read(item, current_user)
    form = ReplyForm()
    if form.validate_on_submit():
        services.reply(item, form.reply.data, current_user)
        flash(_("Your reply has been sent to the family."), "success")
        return redirect(url_for("plans.plan", plan_id=plan.id) + "#questions")
    return render_template(
        "plans/senco_question.html", plan=plan, pupil=plan.pupil, item=item, form=form
    ), (400 if form.errors else 200)


@bp.route("/senco/plans/<int:plan_id>/review", methods=["GET", "POST"])
@senco_only
def review(plan_id: int):
    plan = _senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    if plan.status is not PlanStatus.SHARED:
        flash(_("Only a plan that has been shared with the family can be reviewed."), "error")
        return redirect(url_for("plans.plan", plan_id=plan.id))
    form = review_form(plan, formdata=request.form if request.method == "POST" else None)
    conflict, status = None, 200
    if form.validate_on_submit():
        try:
            services.review(plan, form.data, version=form.started_from, by=current_user)
        except services.EditConflict as error:
            conflict, status = error, 409
            form.version.data = plan.version
        else:
            flash(_("The review has been recorded."), "success")
            return redirect(url_for("plans.plan", plan_id=plan.id) + "#review")
    elif form.errors:
        status = 400
    return render_template(
        "plans/review_form.html", plan=plan, pupil=plan.pupil, form=form, conflict=conflict
    ), status


# Teachers and TAs: the plan of a pupil they work with, and progress notes --------------


@bp.get("/staff/pupils/<int:pupil_id>/plan")
@staff_only
def staff_plan(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, *STAFF_ROLES, action="plan.view")
    plan = services.current_plan(pupil.id)
    if plan is not None and plan.is_draft:
        # Staff work from the plan that is in place, not from a draft.
        plan = plan.predecessor
        if plan is not None:
            plan = services.get_plan(plan.id, full=True)
    return render_template(
        "plans/staff_plan.html",
        pupil=pupil,
        plan=plan,
        note_form=_note_form(plan) if plan else None,
        is_senco=access.staff_school(current_user, pupil.school_id, Role.SENCO),
    )


@bp.post("/staff/plans/<int:plan_id>/notes")
@staff_only
def add_note(plan_id: int):
    plan = services.get_plan(plan_id, full=True)
    if plan is None:
        abort(404)
    pupil = access.pupil_for(current_user, plan.pupil_id, *STAFF_ROLES, action="")
    form = ProgressNoteForm()
    form.set_outcomes(plan.outcomes)
    back = safe_next(request.form.get("next"), "staff.home")
    if plan.status is not PlanStatus.SHARED:
        flash(_("Progress notes can only be added to the plan that is in place."), "error")
        return redirect(back)
    if form.validate_on_submit():
        outcome = next(o for o in plan.outcomes if str(o.id) == form.outcome_id.data)
        services.add_note(
            outcome, noted_on=form.noted_on.data, note=form.note.data, by=current_user
        )
        flash(_("Your progress note has been added."), "success")
        return redirect(back + f"#outcome-{outcome.id}")
    return render_template(
        "plans/staff_plan.html",
        pupil=pupil,
        plan=plan,
        note_form=form,
        is_senco=access.staff_school(current_user, pupil.school_id, Role.SENCO),
        back=back,
    ), 400


# Families -------------------------------------------------------------------------------


def _family_pupil(pupil_id: int, action: str = "plan.view") -> Pupil:
    return access.pupil_for(current_user, pupil_id, Role.PARENT, action=action)


def _family_context(pupil: Pupil, plan: Plan | None) -> dict:
    return {
        "pupil": pupil,
        "plan": plan,
        "plans": services.family_plans(pupil.id),
        "records": records.shared_records(pupil.id),
        "contacts": school_contacts(pupil.school_id),
        "agree_form": AgreeForm(),
    }


@bp.get("/families/children/<int:pupil_id>/plan")
@parent_only
def family_plan(pupil_id: int):
    pupil = _family_pupil(pupil_id)
    plan = services.family_plan(pupil.id)
    return render_template("plans/family_plan.html", **_family_context(pupil, plan))


@bp.get("/families/children/<int:pupil_id>/plans/<int:plan_id>")
@parent_only
def family_plan_version(pupil_id: int, plan_id: int):
    pupil = _family_pupil(pupil_id)
    plan = services.family_plan(pupil.id, plan_id)
    if plan is None:
        abort(404)
    return render_template("plans/family_plan.html", **_family_context(pupil, plan))


@bp.get("/families/children/<int:pupil_id>/plans/<int:plan_id>/plan.pdf")
@parent_only
def family_plan_pdf(pupil_id: int, plan_id: int):
    pupil = _family_pupil(pupil_id, action="plan.download")
    plan = services.family_plan(pupil.id, plan_id)
    if plan is None:
        abort(404)
    return _plan_pdf(pupil, plan)


@bp.get("/senco/plans/<int:plan_id>/plan.pdf")
@senco_only
def senco_plan_pdf(plan_id: int):
    plan = _senco_plan(plan_id, action="plan.download")
    return _plan_pdf(plan.pupil, plan)


def _plan_pdf(pupil: Pupil, plan: Plan):
    filename = f"plan-{pupil.family_name}-{pupil.given_name}-{plan.id}.pdf".lower()
    return pdf_response(
        "plans/plan_pdf.html",
        filename,
        title=_("Support plan for %(name)s", name=pupil.full_name),
        pupil=pupil,
        plan=plan,
        contacts=school_contacts(pupil.school_id),
        school_name=pupil.school.name,
        made_on=today(),
        glossary_url=external_url("main.glossary"),
    )


@bp.post("/families/children/<int:pupil_id>/plans/<int:plan_id>/agree")
@parent_only
def family_agree(pupil_id: int, plan_id: int):
    pupil = _family_pupil(pupil_id, action="")
    plan = services.family_plan(pupil.id, plan_id)
    if plan is None:
        abort(404)
    form = AgreeForm()
    if not form.validate_on_submit():
        abort(400)
    services.agree(plan, current_user)
    flash(
        _("Thank you. The school can see that you agree with the plan."),
        "success",
    )
    return redirect(url_for("plans.family_plan_version", pupil_id=pupil.id, plan_id=plan.id))


@bp.route("/families/children/<int:pupil_id>/plans/<int:plan_id>/question", methods=["GET", "POST"])
@parent_only
def family_question(pupil_id: int, plan_id: int):
    pupil = _family_pupil(pupil_id, action="" if request.method == "POST" else "plan.view")
    plan = services.family_plan(pupil.id, plan_id)
    if plan is None:
        abort(404)
    form = QuestionForm()
    if form.validate_on_submit():
        services.ask(plan, current_user, form.question.data, str(get_locale()))
        flash(
            _(
                "Your question has been sent to the school. We will reply here and send "
                "you an email."
            ),
            "success",
        )
        return redirect(url_for("plans.family_plan_version", pupil_id=pupil.id, plan_id=plan.id))
    return render_template("plans/family_question.html", pupil=pupil, plan=plan, form=form), (
        400 if form.errors else 200
    )


# Meeting records ----------------------------------------------------------------------


def _senco_meeting(meeting_id: int, action: str = "meeting_record.view"):
    meeting = records.get_meeting(meeting_id)
    if meeting is None:
        abort(404)
    access.pupil_for(current_user, meeting.pupil_id, Role.SENCO, action=action)
    return meeting


@bp.route("/senco/meetings/<int:meeting_id>/record", methods=["GET", "POST"])
@senco_only
def meeting_record(meeting_id: int):
    meeting = _senco_meeting(meeting_id, "meeting_record.view" if request.method == "GET" else "")
    record = records.record_for(meeting.id)
    if request.method == "GET":
        if record is not None:
            form = MeetingRecordForm(obj=record, version=record.version)
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
@senco_only
def share_record(meeting_id: int):
    meeting = _senco_meeting(meeting_id, "")
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
@parent_only
def family_record(pupil_id: int, meeting_id: int):
    pupil = _family_pupil(pupil_id, action="meeting_record.view")
    record = records.family_record(pupil.id, meeting_id)
    if record is None:
        abort(404)
    return render_template("plans/family_record.html", pupil=pupil, record=record)


@bp.get("/families/children/<int:pupil_id>/meetings/<int:meeting_id>/record.pdf")
@parent_only
def family_record_pdf(pupil_id: int, meeting_id: int):
    pupil = _family_pupil(pupil_id, action="meeting_record.download")
    record = records.family_record(pupil.id, meeting_id)
    if record is None:
        abort(404)
    return _record_pdf(pupil, record)


@bp.get("/senco/meetings/<int:meeting_id>/record.pdf")
@senco_only
def senco_record_pdf(meeting_id: int):
    meeting = _senco_meeting(meeting_id, "meeting_record.download")
    record = records.record_for(meeting.id)
    if record is None:
        abort(404)
    return _record_pdf(meeting.pupil, record)


def _record_pdf(pupil: Pupil, record):
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


# The pupil ------------------------------------------------------------------------------


@bp.get("/me/goals")
@access.role_required(Role.PUPIL)
def my_goals():
    pupil = db.session.scalar(access.pupils_query(current_user, Role.PUPIL).limit(1))
    if pupil is None:
        abort(404)
    audit.record_read(current_user, "plan.view", pupil=pupil)
    plan = services.family_plan(pupil.id)
    return render_template("plans/my_goals.html", pupil=pupil, plan=plan)


@bp.get("/senco/attention")
@senco_only
def attention():
    """Everything the SENCO's home lists under 'Needs your attention', not only the first few."""
    school = access.current_school()
    found = services.attention(school.id)
    audit.record_read(current_user, "attention.view", school_id=school.id)
    return render_template("plans/attention.html", attention=found)


# The school's provision map and SEN register ------------------------------------------


@bp.get("/senco/provision-map")
@senco_only
def provision_map():
    school = access.current_school()
    form = ProvisionMapFilterForm(request.args)
    form.validate()
    result = maps.provision_map(school.id, **maps.provision_filters(form))
    audit.record_read(current_user, "provision_map.view", school_id=school.id)
    template = "plans/_provision_map_rows.html" if request.htmx else "plans/provision_map.html"
    return render_template(template, form=form, result=result)


@bp.get("/senco/provision-map.csv")
@senco_only
def provision_map_csv():
    school = access.current_school()
    form = ProvisionMapFilterForm(request.args)
    form.validate()
    result = maps.provision_map(school.id, **maps.provision_filters(form))
    audit.record_read(current_user, "provision_map.export", school_id=school.id)
    return csv_response("provision-map.csv", *maps.provision_map_csv(result))


@bp.get("/senco/register")
@senco_only
def register():
    school = access.current_school()
    form = RegisterFilterForm(request.args)
    form.validate()
    filters = maps.register_filters(form)
    page = page_number()
    rows = maps.register(school.id, page=page, **filters)
    audit.record_list(current_user, [row.pupil for row in rows], action="register.view")
    template = "plans/_register_rows.html" if request.htmx else "plans/register.html"
    return render_template(
        template,
        form=form,
        rows=rows,
        total=maps.register_total(school.id, **filters),
        page=page,
        page_size=maps.REGISTER_PAGE_SIZE,
        filters={k: v for k, v in request.args.items() if k != "page" and v},
    )


@bp.get("/senco/register.csv")
@senco_only
def register_csv():
    school = access.current_school()
    form = RegisterFilterForm(request.args)
    form.validate()
    rows = maps.register(school.id, **maps.register_filters(form))
    audit.record_list(current_user, [row.pupil for row in rows], action="register.export")
    return csv_response("sen-register.csv", *maps.register_csv(rows))
