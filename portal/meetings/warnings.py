"""What to warn about when a meeting is booked: a day the school is closed (a weekend, a
bank holiday, a holiday or half term in the school's term dates), and a review booked
after the date it is due."""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from portal.models import MeetingKind, Pupil
from portal.school.calendar import Calendar

CLOSED = {
    "weekend": lambda day: _(
        "%(date)s is a %(weekday)s: the school is closed.",
        date=format_date(day, "long"),
        weekday=format_date(day, "EEEE"),
    ),
    "bank_holiday": lambda day: _(
        "%(date)s is a bank holiday: the school is closed.", date=format_date(day, "long")
    ),
    "half_term": lambda day: _(
        "%(date)s is in the half-term holiday.", date=format_date(day, "long")
    ),
    "holiday": lambda day: _(
        "%(date)s is in the school holidays, outside the school's term dates.",
        date=format_date(day, "long"),
    ),
}


@dataclass(frozen=True)
class BookingWarning:
    key: str  # closed, late
    text: str


def review_due_on(pupil: Pupil, kind: MeetingKind) -> date | None:
    """When the review this meeting is for falls due: the EHC plan's annual review, or the
    SEN support plan's review date."""
    if kind is MeetingKind.EHC_ANNUAL_REVIEW:
        from portal.ehc.services import review_due_on as annual_due

        due = annual_due(pupil.id)
        if due is not None:
            return due
    if kind in (MeetingKind.SEN_SUPPORT_REVIEW, MeetingKind.EHC_ANNUAL_REVIEW):
        from portal.plans.services import current_plan

        plan = current_plan(pupil.id, full=False)
        if plan is not None and plan.reviewed_at is None and not plan.is_draft:
            return plan.review_date
    return None


def for_booking(pupil: Pupil, kind: MeetingKind, day: date) -> list[BookingWarning]:
    warnings = []
    why = Calendar(pupil.school_id).why_not_school_day(day)
    if why is not None:
        warnings.append(BookingWarning("closed", CLOSED[why](day)))
    due = review_due_on(pupil, kind)
    if due is not None and day > due:
        warnings.append(
            BookingWarning(
                "late",
                _(
                    "This review is due on %(due)s: %(date)s is after it is due.",
                    due=format_date(due, "long"),
                    date=format_date(day, "long"),
                ),
            )
        )
    return warnings
