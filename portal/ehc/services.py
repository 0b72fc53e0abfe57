"""EHC plans and their annual reviews: the plan's details, the review's clock and steps,
the report, and completing a review (which starts the next one's clock)."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal import audit
from portal.extensions import db
from portal.models import (
    AnnualReview,
    EhcPlan,
    Meeting,
    MeetingKind,
    MeetingOutcome,
    Outcome,
    Plan,
    PlanKind,
    PlanStatus,
    ProgressNote,
    Pupil,
    Recommendation,
    User,
    Views,
    utcnow,
)
from portal.pupil_views.services import SENT
from portal.school.calendar import local_day

# Advice and views asked for, and papers sent out, at least two weeks before the meeting;
# the report to the local authority within two weeks after it (SEND Regulations 2014 r.20).
BEFORE_MEETING = timedelta(days=14)
REPORT_WITHIN = timedelta(days=14)


def a_year_after(day: date) -> date:
    """The same date a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def due_after(plan: EhcPlan) -> date:
    """Reviews fall due within 12 months of the plan, or of the last review."""
    return a_year_after(plan.last_reviewed_on or plan.issued_on)


def ehc_plan_of(pupil_id: int) -> EhcPlan | None:
    return db.session.scalar(sa.select(EhcPlan).where(EhcPlan.pupil_id == pupil_id))


def open_review(pupil_id: int) -> AnnualReview | None:
    """The annual review still to complete, with its meeting."""
    return db.session.scalar(
        sa.select(AnnualReview)
        .where(AnnualReview.pupil_id == pupil_id, AnnualReview.completed_at.is_(None))
        .options(selectinload(AnnualReview.meeting))
        .order_by(AnnualReview.due_on)
        .limit(1)
    )


def past_reviews(pupil_id: int) -> list[AnnualReview]:
    return db.session.scalars(
        sa.select(AnnualReview)
        .where(AnnualReview.pupil_id == pupil_id, AnnualReview.completed_at.is_not(None))
        .order_by(AnnualReview.due_on.desc())
    ).all()


def review_due_on(pupil_id: int) -> date | None:
    """When the pupil's open annual review is due, if there is one."""
    return db.session.scalar(
        sa.select(AnnualReview.due_on)
        .where(AnnualReview.pupil_id == pupil_id, AnnualReview.completed_at.is_(None))
        .order_by(AnnualReview.due_on)
        .limit(1)
    )


DETAILS = (
    "issued_on",
    "local_authority",
    "case_officer_name",
    "case_officer_email",
    "case_officer_phone",
    "last_reviewed_on",
)


def save_details(pupil: Pupil, data: dict, by: User) -> EhcPlan:
    """Keep the plan's date, the local authority and its case officer; the open annual
    review's due date follows the plan (or the last review)."""
    plan = ehc_plan_of(pupil.id) or EhcPlan(pupil_id=pupil.id)
    for name in DETAILS:
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        setattr(plan, name, value)
    plan.updated_at, plan.updated_by_id = utcnow(), by.id
    db.session.add(plan)
    db.session.flush()
    review = open_review(pupil.id)
    if review is None:
        review = AnnualReview(pupil_id=pupil.id, ehc_plan_id=plan.id, due_on=due_after(plan))
        review.meeting_id = _candidate_meeting(pupil.id, review.due_on)
        db.session.add(review)
    else:
        review.due_on = due_after(plan)
    db.session.flush()
    audit.record(by, "ehc_plan.update", pupil=pupil, obj=plan)
    db.session.commit()
    return plan


def _candidate_meeting(pupil_id: int, due_on: date) -> int | None:
    """The annual review meeting booked for this review: the first one not cancelled
    within the year before it falls due, or after."""
    return db.session.scalar(
        sa.select(Meeting.id)
        .where(
            Meeting.pupil_id == pupil_id,
            Meeting.kind == MeetingKind.EHC_ANNUAL_REVIEW,
            Meeting.cancelled_at.is_(None),
            sa.or_(Meeting.outcome.is_(None), Meeting.outcome == MeetingOutcome.HELD),
            Meeting.starts_at >= due_on - timedelta(days=300),
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def link_meeting(meeting: Meeting) -> None:
    """An annual review meeting just booked becomes the open review's meeting, if it has
    none yet (or the one it had was cancelled). The caller commits."""
    if meeting.kind is not MeetingKind.EHC_ANNUAL_REVIEW:
        return
    review = open_review(meeting.pupil_id)
    if review is None:
        return
    if review.meeting is None or review.meeting.cancelled_at is not None:
        review.meeting_id = meeting.id


# The steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str  # advice, papers, meeting, report
    due: date
    done_on: date | None

    @property
    def done(self) -> bool:
        return self.done_on is not None


def meeting_day(review: AnnualReview) -> date | None:
    meeting = review.meeting
    if meeting is None or meeting.cancelled_at is not None:
        return None
    return local_day(meeting.starts_at)


def steps(review: AnnualReview) -> list[Step]:
    """The review's steps with their due dates, from the meeting's date (or, before one is
    booked, from the date the review is due)."""
    held = review.meeting is not None and review.meeting.outcome is MeetingOutcome.HELD
    day = meeting_day(review)
    anchor = day or review.due_on
    return [
        Step("advice", anchor - BEFORE_MEETING, review.advice_requested_on),
        Step("papers", anchor - BEFORE_MEETING, review.papers_sent_on),
        Step("meeting", review.due_on, day if held else None),
        Step("report", anchor + REPORT_WITHIN, review.report_sent_on),
    ]


def booked_late(review: AnnualReview) -> bool:
    day = meeting_day(review)
    return day is not None and day > review.due_on


def save_steps(review: AnnualReview, data: dict, by: User) -> None:
    for name in ("advice_requested_on", "papers_sent_on", "report_sent_on"):
        setattr(review, name, data.get(name))
    review.updated_at, review.updated_by_id = utcnow(), by.id
    audit.record(by, "annual_review.steps", pupil=review.pupil, obj=review)
    db.session.commit()


# The report -----------------------------------------------------------------------------


def working_outcomes(pupil_id: int) -> list[Outcome]:
    """The outcomes of the EHC plan the school works from (the newest not replaced), with
    their progress notes."""
    plan = db.session.scalar(
        sa.select(Plan)
        .where(
            Plan.pupil_id == pupil_id,
            Plan.kind == PlanKind.EHC,
            Plan.status.in_([PlanStatus.SHARED, PlanStatus.REVIEWED]),
        )
        .options(selectinload(Plan.outcomes).selectinload(Outcome.notes))
        .order_by(Plan.id.desc())
        .limit(1)
    )
    return list(plan.outcomes) if plan else []


def views_for(review: AnnualReview) -> list[Views]:
    """The pupil's and parents' sent views gathered for the review's meeting."""
    if review.meeting_id is None:
        return []
    from portal.models import ViewsRequest

    return db.session.scalars(
        sa.select(Views)
        .join(ViewsRequest, ViewsRequest.id == Views.request_id)
        .where(ViewsRequest.meeting_id == review.meeting_id, Views.status.in_(SENT))
        .options(selectinload(Views.author))
        .order_by(Views.submitted_at)
    ).all()


def save_report(
    review: AnnualReview, data: dict, outcomes: list[Outcome], views: list[Views], by: User
) -> None:
    """Progress towards each outcome, the child's and parents' views, the recommendation."""
    review.progress = [
        {
            "outcome_id": o.id,
            "outcome": o.description,
            "progress": (data.get(f"progress_{o.id}") or "").strip(),
        }
        for o in outcomes
    ]
    review.child_views = (data.get("child_views") or "").strip()
    review.parent_views = (data.get("parent_views") or "").strip()
    chosen = {int(v) for v in data.get("views") or [] if str(v).isdigit()}
    review.views = [v for v in views if v.id in chosen]
    value = data.get("recommendation")
    review.recommendation = Recommendation(value) if value else None
    review.recommendation_reasons = (data.get("recommendation_reasons") or "").strip()
    review.updated_at, review.updated_by_id = utcnow(), by.id
    audit.record(by, "annual_review.report", pupil=review.pupil, obj=review)
    db.session.commit()


def missing_to_complete(review: AnnualReview) -> list[str]:
    """What the review still needs before it is complete, as keys the page words."""
    missing = []
    if review.meeting is None or review.meeting.outcome is not MeetingOutcome.HELD:
        missing.append("meeting")
    if not review.progress or not all(p["progress"] for p in review.progress):
        missing.append("progress")
    if not review.child_views and not any(v.respondent.value == "pupil" for v in review.views):
        missing.append("child_views")
    if not review.parent_views and not any(v.respondent.value == "parent" for v in review.views):
        missing.append("parent_views")
    if review.recommendation is None:
        missing.append("recommendation")
    if review.report_sent_on is None:
        missing.append("report")
    return missing


def complete(review: AnnualReview, by: User) -> AnnualReview | None:
    """Close the review; the next one falls due a year after this meeting. Returns the
    next review, or None when something is missing."""
    if missing_to_complete(review):
        return None
    plan = review.ehc_plan
    held_on = meeting_day(review)
    review.completed_at = utcnow()
    plan.last_reviewed_on = held_on
    following = AnnualReview(pupil_id=review.pupil_id, ehc_plan_id=plan.id, due_on=due_after(plan))
    db.session.add(following)
    db.session.flush()
    audit.record(by, "annual_review.complete", pupil=review.pupil, obj=review)
    db.session.commit()
    return following


def report_options() -> tuple:
    return (
        selectinload(AnnualReview.meeting),
        selectinload(AnnualReview.ehc_plan),
        selectinload(AnnualReview.views).selectinload(Views.author),
    )


def latest_notes(outcome: Outcome, count: int = 3) -> list[ProgressNote]:
    return list(outcome.notes[:count])
