"""EHC annual review steps on the SENCO's attention list, each with its due date: advice
and views to ask for, papers to send, the meeting to book or hold, the report to send.

A step shows from four weeks before it is due (the meeting from ten weeks) until done.
Each section counts in one aggregate and loads only the rows shown; the due dates are
worked out from the meeting's date for those rows alone.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from portal.attention import AttentionQuery, Row, attention, page_of
from portal.ehc.services import BEFORE_MEETING, meeting_day, steps
from portal.models import AnnualReview, Meeting, MeetingOutcome, Pupil
from portal.school.calendar import utc_midnight

STEP_AHEAD = timedelta(days=28)
MEETING_AHEAD = timedelta(days=70)


def _base(q: AttentionQuery):
    meeting = sa.and_(Meeting.id == AnnualReview.meeting_id, Meeting.cancelled_at.is_(None))
    statement = (
        sa.select(AnnualReview)
        .join(Pupil, Pupil.id == AnnualReview.pupil_id)
        .outerjoin(Meeting, meeting)
        .where(
            Pupil.school_id == q.school_id,
            Pupil.left_at.is_(None),
            AnnualReview.completed_at.is_(None),
        )
    )
    return statement


def _before_meeting(column):
    """Advice or papers not done, from four weeks before they are due (two weeks before
    the meeting, or before the date the review is due while none is booked)."""

    def where(q: AttentionQuery):
        horizon = q.today + STEP_AHEAD + BEFORE_MEETING
        return (
            column.is_(None),
            sa.or_(
                Meeting.starts_at < utc_midnight(horizon + timedelta(days=1)),
                sa.and_(Meeting.id.is_(None), AnnualReview.due_on <= horizon),
            ),
        )

    return where


def _meeting_step(q: AttentionQuery):
    return (
        sa.or_(
            Meeting.id.is_(None),
            Meeting.outcome.is_(None),
            Meeting.outcome != MeetingOutcome.HELD,
        ),
        AnnualReview.due_on <= q.today + MEETING_AHEAD,
    )


def _report_step(q: AttentionQuery):
    return (Meeting.outcome == MeetingOutcome.HELD, AnnualReview.report_sent_on.is_(None))


def _reviews(where, key, text):
    def load(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
        total, found = page_of(
            _base(q)
            .where(*where(q))
            .options(contains_eager(AnnualReview.pupil), contains_eager(AnnualReview.meeting))
            .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, AnnualReview.due_on),
            limit,
            offset,
        )
        result = []
        for (review,) in found:
            step = next(s for s in steps(review) if s.key == key)
            result.append(
                Row(review, review.pupil.full_name, text(review, step), due=step.due, anchor=key)
            )
        return total, result

    return load


def _due_text(review, step) -> str:
    return _("due by %(date)s", date=format_date(step.due, "long"))


def _meeting_text(review, step) -> str:
    day = meeting_day(review)
    if day is None:
        return _(
            "not booked yet; the review is due by %(date)s", date=format_date(step.due, "long")
        )
    if day > review.due_on:
        return _(
            "booked for %(meeting)s, after the review is due (%(date)s)",
            meeting=format_date(day, "long"),
            date=format_date(review.due_on, "long"),
        )
    return _(
        "booked for %(meeting)s; record what happened after it",
        meeting=format_date(day, "long"),
    )


def register() -> None:
    attention.add(
        "ehc-advice",
        _l("Annual reviews: ask for advice and views"),
        _reviews(_before_meeting(AnnualReview.advice_requested_on), "advice", _due_text),
        order=35,
        hint=_l("At least two weeks before the meeting."),
    )
    attention.add(
        "ehc-papers",
        _l("Annual reviews: send the papers out"),
        _reviews(_before_meeting(AnnualReview.papers_sent_on), "papers", _due_text),
        order=36,
        hint=_l("At least two weeks before the meeting."),
    )
    attention.add(
        "ehc-meeting",
        _l("Annual reviews: the meeting"),
        _reviews(_meeting_step, "meeting", _meeting_text),
        order=37,
        hint=_l("Within 12 months of the plan or the last review."),
    )
    attention.add(
        "ehc-report",
        _l("Annual reviews: send the report to the local authority"),
        _reviews(_report_step, "report", _due_text),
        order=38,
        hint=_l("Within two weeks of the meeting."),
    )
