"""What other pages show of EHC plans (registered as template globals in
portal/templating.py): the staff pupil page's section, the meeting page's link, and the
family's section on their child's page."""

import sqlalchemy as sa

from portal.ehc import services
from portal.extensions import db
from portal.models import AnnualReview, Meeting, Pupil
from portal.school.calendar import local_support


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


def ehc_for_family(pupil: Pupil) -> dict:
    """For the family: the plan's annual review, and how to ask the council for an EHC
    needs assessment themselves (anyone may, Children and Families Act 2014 s.36)."""
    plan = services.ehc_plan_of(pupil.id)
    return {
        "plan": plan,
        "due_on": services.review_due_on(pupil.id) if plan else None,
        "support": local_support(pupil.school_id),
    }
