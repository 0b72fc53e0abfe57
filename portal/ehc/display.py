"""What other pages show of EHC plans (registered as template globals in
portal/templating.py): the staff pupil page's section, the meeting page's link, and the
family's section on their child's page."""

import sqlalchemy as sa

from portal.ehc import services
from portal.extensions import db
from portal.models import AnnualReview, EhcPlan, LocalSupport, Meeting, Pupil, School


def annual_review_of_meeting(meeting: Meeting) -> AnnualReview | None:
    """The annual review this meeting is for, or the pupil's open one."""
    found = db.session.scalar(
        sa.select(AnnualReview).where(AnnualReview.meeting_id == meeting.id).limit(1)
    )
    return found or services.open_review(meeting.pupil_id)


def ehc_for_staff(pupil: Pupil) -> dict:
    plan = services.ehc_plan_of(pupil.id)
    review = services.open_review(pupil.id) if plan else None
    return {
        "plan": plan,
        "review": review,
        "steps": services.steps(review) if review else [],
    }


_DUE = (
    sa.select(sa.func.min(AnnualReview.due_on))
    .where(AnnualReview.pupil_id == sa.bindparam("pupil_id"), AnnualReview.completed_at.is_(None))
    .scalar_subquery()
)
_FOR_FAMILY = (  # built once: every family's child page runs it
    sa.select(EhcPlan, LocalSupport, _DUE)
    .select_from(School)
    .outerjoin(LocalSupport, LocalSupport.school_id == School.id)
    .outerjoin(EhcPlan, EhcPlan.pupil_id == sa.bindparam("pupil_id"))
    .where(School.id == sa.bindparam("school_id"))
)


def ehc_for_family(pupil: Pupil) -> dict:
    """For the family: the plan's annual review, and how to ask the council for an EHC
    needs assessment themselves (anyone may, Children and Families Act 2014 s.36); in one
    query."""
    plan, support, due_on = db.session.execute(
        _FOR_FAMILY, {"pupil_id": pupil.id, "school_id": pupil.school_id}
    ).one()
    return {"plan": plan, "due_on": due_on if plan else None, "support": support}
