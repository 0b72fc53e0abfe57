"""What families see of plans: the plan shared with them, earlier versions, the PDF, saying
they agree, asking a question; and the pupil's own goals.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, web
from portal.forms_common import SendForm
from portal.languages.display import goal_words, plan_words
from portal.models import Plan, Pupil, Role
from portal.plans import bp, pages, records, services
from portal.plans.forms import QuestionForm, ReviewReplyForm
from portal.pupil_views.services import open_requests_for_pupil_account


def _shared_plan(pupil_id: int, plan_id: int, action: str = "plan.view") -> Plan:
    """A plan shared with this parent's family, with what the family's page shows."""
    return access.shared_plan_for(
        current_user, pupil_id, plan_id, options=services.family_options(), action=action
    )


def _family_context(pupil: Pupil, plan: Plan | None, reply_form=None) -> dict:
    reviewed = plan is not None and plan.reviewed_at is not None
    plans = services.family_plan_list(pupil.id)
    current = plan is not None and plans and plans[0].id == plan.id
    return {
        "pupil": pupil,
        "plan": plan,
        # A parent's questions and the school's replies are theirs alone, like their concerns:
        # the child's other parent (who may live apart) sees the plan, not this conversation.
        "questions": services.questions_asked_by(plan, current_user) if plan else [],
        "plans": plans,
        # The page shows the date alone (pages.next_review also finds the meeting).
        "next_review": (services.next_review_date(pupil.id, plan), None)
        if current
        else (None, None),
        "records": records.shared_records(pupil.id),
        "agree_form": SendForm(),
        "reply_form": reply_form or (ReviewReplyForm(formdata=None) if reviewed else None),
        "words": plan_words(pupil, plan, asking=True),
    }


@bp.get("/families/children/<int:pupil_id>/plan")
@access.parent_only
def family_plan(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.PARENT, action="plan.view")
    plan = services.family_plan(pupil.id)
    return render_template("plans/family_plan.html", **_family_context(pupil, plan))


@bp.get("/families/children/<int:pupil_id>/plans/<int:plan_id>")
@access.parent_only
def family_plan_version(pupil_id: int, plan_id: int):
    plan = _shared_plan(pupil_id, plan_id)
    pupil = plan.pupil
    return render_template("plans/family_plan.html", **_family_context(pupil, plan))


@bp.get("/families/children/<int:pupil_id>/plans/<int:plan_id>/plan.pdf")
@access.parent_only
def family_plan_pdf(pupil_id: int, plan_id: int):
    plan = _shared_plan(pupil_id, plan_id, "plan.download")
    pupil = plan.pupil
    return pages.plan_pdf(pupil, plan)


@bp.post("/families/children/<int:pupil_id>/plans/<int:plan_id>/agree")
@access.parent_only
def family_agree(pupil_id: int, plan_id: int):
    plan = _shared_plan(pupil_id, plan_id, "")
    pupil = plan.pupil
    form = SendForm()
    if not form.validate_on_submit():
        abort(400)
    services.agree(plan, current_user)
    flash(
        _("Thank you. The school can see that you agree with the plan."),
        "success",
    )
    return redirect(url_for("plans.family_plan_version", pupil_id=pupil.id, plan_id=plan.id))


@bp.route("/families/children/<int:pupil_id>/plans/<int:plan_id>/question", methods=["GET", "POST"])
@access.parent_only
def family_question(pupil_id: int, plan_id: int):
    plan = _shared_plan(pupil_id, plan_id, "" if request.method == "POST" else "plan.view")
    pupil = plan.pupil
    form = QuestionForm()
    if form.validate_on_submit():
        services.ask(plan, current_user, form.question.data, web.page_language())
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


@bp.post("/families/children/<int:pupil_id>/plans/<int:plan_id>/review-reply")
@access.parent_only
def family_review_reply(pupil_id: int, plan_id: int):
    """The family replies to the outcome of a review, or says they do not agree."""
    plan = _shared_plan(pupil_id, plan_id, "")
    pupil = plan.pupil
    if plan.reviewed_at is None:
        abort(404)
    form = ReviewReplyForm()
    if form.validate_on_submit():
        services.reply_to_review(
            plan, current_user, form.reply.data, form.disagree.data, web.page_language()
        )
        flash(
            _("Thank you. Your reply has been sent to the school. We will answer here."),
            "success",
        )
        return redirect(url_for("plans.family_plan_version", pupil_id=pupil.id, plan_id=plan.id))
    return render_template(
        "plans/family_plan.html", **_family_context(pupil, plan, reply_form=form)
    ), 400


# The pupil ------------------------------------------------------------------------------


@bp.get("/me/goals")
@access.pupil_only
def my_goals():
    pupil = access.own_pupil(current_user, action="plan.view")
    plan = services.pupil_plan(pupil.id)
    return render_template(
        "plans/my_goals.html",
        pupil=pupil,
        plan=plan,
        # The school's words in the pupil's language where it has them (a bank phrase, a
        # typed translation); their own parent asks for them on the family's plan page.
        words=goal_words(pupil, plan),
        next_check=services.next_check(pupil, plan),
        views_request=next(
            (r for r in open_requests_for_pupil_account(current_user) if r.meeting.is_upcoming),
            None,
        ),
    )
