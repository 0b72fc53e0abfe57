"""The SENCO's plan: starting it, reading it, its own fields, sharing it with the family,
answering the family's questions, recording the review; and what needs attention.

The rows of outcomes, provision and advice are edited in rows_routes.py.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit
from portal.extensions import db
from portal.forms_common import SendForm
from portal.models import Plan, PlanStatus, Respondent, Role
from portal.plans import bp, pages, services
from portal.plans.forms import (
    GOOD_OUTCOME_EXAMPLE,
    PlanDetailsForm,
    ReplyForm,
    ShareForm,
    review_form,
)
from portal.plans.rows_routes import ROWS, new_row_forms
from portal.pupil_views.answers import as_text
from portal.pupil_views.goals import answers_for_review
from portal.pupil_views.services import sent_views_of

# The SENCO: starting and reading a plan ------------------------------------------------


@bp.get("/senco/pupils/<int:pupil_id>/plan")
@access.senco_only
def pupil_plan(pupil_id: int):
    """The pupil's current plan, or the page that starts the first one."""
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="")
    plan = services.current_plan(pupil.id, full=False)
    if plan is not None:
        return redirect(url_for("plans.plan", plan_id=plan.id))
    audit.record_read(current_user, "plan.view", pupil=pupil)
    return render_template("plans/senco_no_plan.html", pupil=pupil)


@bp.post("/senco/pupils/<int:pupil_id>/plans")
@access.senco_only
def start_plan(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.SENCO, action="")
    form = SendForm()
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
@access.senco_only
def plan(plan_id: int):
    plan = pages.senco_plan(plan_id)
    to_bring = (
        services.views_to_bring_in(
            plan, sent_views_of(plan.pupil, (Respondent.PUPIL, Respondent.PARENT))
        )
        if plan.is_draft
        else {}
    )
    return render_template(
        "plans/senco_plan.html",
        plan=plan,
        pupil=plan.pupil,
        history=services.plans_for_staff(plan.pupil_id),
        missing=services.missing_before_sharing(plan) if plan.is_draft else [],
        forms=new_row_forms(plan) if plan.is_draft else {},
        kinds=ROWS,
        share_form=ShareForm(version=plan.version),
        note_form=pages.note_form(plan),
        can_start=services.can_start_plan(plan.pupil_id),
        example=GOOD_OUTCOME_EXAMPLE,
        to_bring=to_bring,
        pupil_said=answers_for_review(plan.pupil_id, [o.id for o in plan.outcomes]),
    )


# The SENCO: the plan's own fields -------------------------------------------------------


@bp.route("/senco/plans/<int:plan_id>/details", methods=["GET", "POST"])
@access.senco_only
def edit_details(plan_id: int):
    plan = pages.senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    if request.method == "GET" and not plan.is_draft:
        return pages.not_editable(plan)
    form = PlanDetailsForm.from_plan(plan) if request.method == "GET" else PlanDetailsForm()
    sent = sent_views_of(plan.pupil, (Respondent.PUPIL, Respondent.PARENT))
    form.set_views(sent)
    brought = []
    if request.method == "GET" and request.args.get("bring") == "views":
        brought = _bring_in(form, services.views_to_bring_in(plan, sent), plan.pupil)
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
        brought=brought,
    ), status


def _bring_in(form: PlanDetailsForm, to_bring: dict, pupil) -> list:
    """Put the sent views' words into the form, after what is written already, and tick
    them as views the plan draws on. Nothing is saved until the SENCO saves."""
    fields = {Respondent.PUPIL: form.pupil_views, Respondent.PARENT: form.parent_views}
    for respondent, views in to_bring.items():
        field = fields[respondent]
        words = as_text(views, pupil.first_name)
        if words and words not in (field.data or ""):
            field.data = "\n\n".join(part for part in ((field.data or "").strip(), words) if part)
        if views.id not in (form.views.data or []):
            form.views.data = [*(form.views.data or []), views.id]
    return list(to_bring.values())


def _saved_details(plan: Plan) -> PlanDetailsForm:
    saved = PlanDetailsForm.from_plan(plan, formdata=None)
    saved.set_views(plan.views)
    return saved


# The SENCO: sharing, questions, review ------------------------------------------------


@bp.post("/senco/plans/<int:plan_id>/share")
@access.senco_only
def share(plan_id: int):
    plan = pages.senco_plan(plan_id, action="")
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
@access.senco_only
def question(plan_id: int, question_id: int):
    item = access.plan_question_for(current_user, plan_id, question_id)
    plan = item.plan
    if request.method == "GET":  # a reply marks it read too; a refused one changes nothing
        services.mark_question_read(item, current_user)
    form = ReplyForm()
    if form.validate_on_submit():
        services.reply(item, form.reply.data, current_user)
        flash(_("Your reply has been sent to the family."), "success")
        return redirect(url_for("plans.plan", plan_id=plan.id) + "#questions")
    return render_template(
        "plans/senco_question.html", plan=plan, pupil=plan.pupil, item=item, form=form
    ), (400 if form.errors else 200)


def review_choices(plan: Plan) -> tuple[list, list]:
    """The meetings held with the family and the views gathered, as the review form's
    choices: (meeting id, words) and (views id, words, meeting id)."""
    meetings = [
        (m.id, _("%(kind)s on %(date)s", kind=m.kind.label, date=format_date(m.starts_at, "long")))
        for m in services.meetings_held_with_family(plan)
    ]
    views = []
    for v in services.views_for_review(plan):
        if v.respondent is Respondent.PUPIL:
            who = _("%(name)s's own views", name=plan.pupil.first_name)
        else:
            who = _("%(name)s (parent or carer)", name=v.author.full_name if v.author else "")
        views.append(
            (
                v.id,
                _("%(who)s, sent %(date)s", who=who, date=format_date(v.submitted_at)),
                v.request.meeting_id,
            )
        )
    return meetings, views


@bp.route("/senco/plans/<int:plan_id>/review", methods=["GET", "POST"])
@access.senco_only
def review(plan_id: int):
    plan = pages.senco_plan(plan_id, action="plan.view" if request.method == "GET" else "")
    if plan.status is not PlanStatus.SHARED:
        flash(_("Only a plan that has been shared with the family can be reviewed."), "error")
        return redirect(url_for("plans.plan", plan_id=plan.id))
    meetings, views = review_choices(plan)
    form = review_form(
        plan,
        formdata=request.form if request.method == "POST" else None,
        meetings=meetings,
        views=views,
    )
    conflict, status = None, 200
    if form.validate_on_submit():
        try:
            services.review(plan, form.data, version=form.started_from, by=current_user)
        except services.EditConflict as error:
            conflict, status = error, 409
            form.version.data = plan.version
        except services.ReviewNotHeld:
            form.review_meeting.errors = [
                _("Choose the meeting held with the family, or say why none was")
            ]
            status = 400
        else:
            flash(
                _("The review has been recorded. The family has been sent the outcome."),
                "success",
            )
            return redirect(url_for("plans.plan", plan_id=plan.id) + "#review")
    elif form.errors:
        status = 400
    drafted = [o for o in plan.outcomes if o.drafted_at]
    return render_template(
        "plans/review_form.html",
        plan=plan,
        pupil=plan.pupil,
        form=form,
        conflict=conflict,
        drafted=drafted,
        pupil_said=answers_for_review(plan.pupil_id, [o.id for o in plan.outcomes]),
    ), status


@bp.get("/senco/plans/<int:plan_id>/plan.pdf")
@access.senco_only
def senco_plan_pdf(plan_id: int):
    plan = pages.senco_plan(plan_id, action="plan.download")
    return pages.plan_pdf(plan.pupil, plan)
