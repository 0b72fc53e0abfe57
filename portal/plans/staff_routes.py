"""Teachers and TAs: the plan of a pupil they work with, and progress notes on it."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, web
from portal.access import STAFF_ROLES
from portal.models import PlanStatus, Role
from portal.plans import bp, pages, services
from portal.plans.forms import ProgressNoteForm, outcome_draft_form
from portal.pupil_views.goals import answers_for_review


@bp.get("/staff/pupils/<int:pupil_id>/plan")
@access.staff_only
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
        note_form=pages.note_form(plan) if plan else None,
        is_senco=access.staff_school(current_user, pupil.school_id, Role.SENCO),
        pupil_said=answers_for_review(pupil.id, [o.id for o in plan.outcomes]) if plan else {},
    )


@bp.post("/staff/plans/<int:plan_id>/notes")
@access.staff_only
def add_note(plan_id: int):
    plan = access.plan_for(
        current_user, plan_id, *STAFF_ROLES, options=services.editor_options(), action=""
    )
    pupil = plan.pupil
    form = ProgressNoteForm()
    form.set_outcomes(plan.outcomes)
    back = web.safe_next(request.form.get("next"), "staff.home")
    if plan.status is not PlanStatus.SHARED:
        flash(_("Progress notes can only be added to the plan that is in place."), "error")
        return redirect(back)
    if form.validate_on_submit():
        outcome = next(o for o in plan.outcomes if str(o.id) == form.outcome_id.data)
        services.add_note(
            outcome,
            noted_on=form.noted_on.data,
            note=form.note.data,
            by=current_user,
            share_with_family=form.share_with_family.data,
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


@bp.route("/staff/plans/<int:plan_id>/review-draft", methods=["GET", "POST"])
@access.staff_only
def review_draft(plan_id: int):
    """The class teacher drafts how far each outcome was achieved; the SENCO confirms it when
    recording the review (Code 6.52: the class teacher, with the SENCO, reviews)."""
    plan = access.plan_for(
        current_user,
        plan_id,
        *STAFF_ROLES,
        options=services.editor_options(),
        action="plan.view" if request.method == "GET" else "",
    )
    pupil = plan.pupil
    if plan.status is not PlanStatus.SHARED:
        flash(_("Only the plan that is in place can be reviewed."), "error")
        return redirect(url_for("plans.staff_plan", pupil_id=pupil.id))
    form = outcome_draft_form(plan, formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        services.draft_review(plan, form.data, current_user)
        flash(
            _("Your draft has been saved. The SENCO will check it and confirm the review."),
            "success",
        )
        return redirect(url_for("plans.staff_plan", pupil_id=pupil.id))
    return render_template("plans/review_draft.html", plan=plan, pupil=pupil, form=form), (
        400 if form.errors else 200
    )
