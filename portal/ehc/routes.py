"""The SENCO's pages for an EHC plan: its details, and each annual review's steps, report
and completion; the report as a PDF for the local authority and the family."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.ehc import bp, services
from portal.ehc.forms import EhcPlanForm, StepsForm, report_form
from portal.forms_common import SendForm
from portal.models import Respondent, Role, SenStatus, today
from portal.records.pdf import pdf_response

MISSING = {
    "meeting": lambda: _("Record the annual review meeting as held."),
    "progress": lambda: _("Write the progress towards every outcome."),
    "child_views": lambda: _("Add the child's views, or link the views they sent."),
    "parent_views": lambda: _("Add the parents' views, or link the views they sent."),
    "recommendation": lambda: _("Choose what the school recommends."),
    "report": lambda: _("Give the date the report was sent to the local authority."),
}
STEP_LABELS = {
    "advice": lambda: _("Ask for advice and views"),
    "papers": lambda: _("Send the papers out"),
    "meeting": lambda: _("Hold the annual review meeting"),
    "report": lambda: _("Send the report to the local authority"),
}


@bp.route("/senco/pupils/<int:pupil_id>/ehc-plan", methods=["GET", "POST"])
@access.senco_only
def plan_details(pupil_id: int):
    pupil = access.pupil_for(
        current_user,
        pupil_id,
        Role.SENCO,
        action="ehc_plan.view" if request.method == "GET" else "",
    )
    plan = services.ehc_plan_of(pupil.id)
    if request.method == "POST":
        form = EhcPlanForm()
    elif plan is not None:
        form = EhcPlanForm(obj=plan)
    else:
        form = EhcPlanForm(local_authority=pupil.school.local_authority or "")
    if form.validate_on_submit():
        services.save_details(pupil, form.data, current_user)
        flash(_("The EHC plan's details have been saved."), "success")
        review = services.open_review(pupil.id)
        return redirect(url_for("ehc.annual_review", review_id=review.id))
    return render_template(
        "ehc/plan_form.html",
        pupil=pupil,
        plan=plan,
        form=form,
        not_ehc=pupil.sen_status is not SenStatus.EHC_PLAN,
    ), (400 if form.errors else 200)


def _review(review_id: int, action: str = "annual_review.view"):
    return access.annual_review_for(
        current_user, review_id, options=services.report_options(), action=action
    )


def _views_choices(views):
    choices = []
    for v in views:
        if v.respondent is Respondent.PUPIL:
            who = _("%(name)s's own views", name=v.pupil.first_name)
        else:
            who = _("%(name)s (parent or carer)", name=v.author.full_name if v.author else "")
        choices.append(
            (str(v.id), _("%(who)s, sent %(date)s", who=who, date=format_date(v.submitted_at)))
        )
    return choices


def _report_form(review, outcomes, views, formdata=None):
    data = {
        "child_views": review.child_views,
        "parent_views": review.parent_views,
        "views": [str(v.id) for v in review.views],
        "recommendation": review.recommendation.value if review.recommendation else None,
        "recommendation_reasons": review.recommendation_reasons,
    }
    saved = {p.get("outcome_id"): p.get("progress", "") for p in review.progress or []}
    for outcome in outcomes:
        data[f"progress_{outcome.id}"] = saved.get(outcome.id, "")
    form = report_form(outcomes, views, formdata=formdata, data=data if formdata is None else None)
    form.views.choices = [(value, label) for value, label in _views_choices(views)]
    return form


def _page(review, *, steps_form=None, form=None, status=200, show_missing=False):
    pupil = review.pupil
    outcomes = services.working_outcomes(pupil.id)
    views = services.views_for(review)
    return render_template(
        "ehc/review.html",
        review=review,
        pupil=pupil,
        plan=review.ehc_plan,
        steps=services.steps(review),
        step_labels={k: f() for k, f in STEP_LABELS.items()},
        booked_late=services.booked_late(review),
        steps_form=steps_form or StepsForm(obj=review, formdata=None),
        form=form or _report_form(review, outcomes, views),
        outcomes=outcomes,
        missing=[MISSING[k]() for k in services.missing_to_complete(review)],
        show_missing=show_missing,
        complete_form=SendForm(),
        past=services.past_reviews(pupil.id),
        today=today(),
    ), status


@bp.get("/senco/annual-reviews/<int:review_id>")
@access.senco_only
def annual_review(review_id: int):
    return _page(_review(review_id))


@bp.post("/senco/annual-reviews/<int:review_id>/steps")
@access.senco_only
def save_steps(review_id: int):
    review = _review(review_id, action="")
    form = StepsForm()
    if review.is_complete:
        flash(_("This annual review is complete and can no longer be changed."), "error")
        return redirect(url_for("ehc.annual_review", review_id=review.id))
    if form.validate_on_submit():
        services.save_steps(review, form.data, current_user)
        flash(_("The dates have been saved."), "success")
        return redirect(url_for("ehc.annual_review", review_id=review.id) + "#steps")
    return _page(review, steps_form=form, status=400)


@bp.post("/senco/annual-reviews/<int:review_id>/report")
@access.senco_only
def save_report(review_id: int):
    review = _review(review_id, action="")
    if review.is_complete:
        flash(_("This annual review is complete and can no longer be changed."), "error")
        return redirect(url_for("ehc.annual_review", review_id=review.id))
    outcomes = services.working_outcomes(review.pupil_id)
    views = services.views_for(review)
    form = _report_form(review, outcomes, views, formdata=request.form)
    if form.validate_on_submit():
        services.save_report(review, form.data, outcomes, views, current_user)
        flash(_("The report has been saved."), "success")
        return redirect(url_for("ehc.annual_review", review_id=review.id) + "#report")
    return _page(review, form=form, status=400)


@bp.post("/senco/annual-reviews/<int:review_id>/complete")
@access.senco_only
def complete(review_id: int):
    review = _review(review_id, action="")
    if not SendForm().validate_on_submit() or review.is_complete:
        return redirect(url_for("ehc.annual_review", review_id=review.id))
    following = services.complete(review, current_user)
    if following is None:
        return _page(review, status=400, show_missing=True)
    flash(
        _(
            "The annual review is complete. The next one is due by %(date)s.",
            date=format_date(following.due_on, "long"),
        ),
        "success",
    )
    return redirect(url_for("ehc.annual_review", review_id=following.id))


@bp.get("/senco/annual-reviews/<int:review_id>/report.pdf")
@access.senco_only
def report_pdf(review_id: int):
    review = _review(review_id, action="annual_review.download")
    pupil = review.pupil
    filename = f"annual-review-{pupil.family_name}-{pupil.given_name}-{review.id}.pdf".lower()
    return pdf_response(
        "ehc/report_pdf.html",
        filename,
        title=_("Annual review report for %(name)s", name=pupil.full_name),
        review=review,
        pupil=pupil,
        plan=review.ehc_plan,
        meeting_day=services.meeting_day(review),
        school_name=pupil.school.name,
        made_on=today(),
    )
