"""Meetings on the SENCO's attention list (portal/attention.py).

Code 6.65: schools meet the parents of a pupil with SEN at least three times a year. What
counts is a meeting held with a parent or carer there, recorded after the date, never an
invitation sent; the annual review of an EHC plan counts as one. Counted term by term in
the school's year (its own term dates, or England's typical ones), for SEN support and
EHC plans alike:

- no meeting held with the parents this term;
- fewer than three this school year, even with one in each term left;
- past meetings nobody has said the outcome of, and held meetings with no shared record.
"""

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.attention import AttentionQuery, Row, attention, page_about_pupils, page_of
from portal.models import (
    InviteeRole,
    Meeting,
    MeetingAttendee,
    MeetingOutcome,
    MeetingRecord,
    Pupil,
    SenStatus,
)
from portal.school.calendar import SchoolYear, local_day, school_year, utc_midnight

MEETINGS_A_YEAR = 3


def _year(q: AttentionQuery) -> SchoolYear:
    return q.remember("school_year", lambda: school_year(q.school_id, q.today))


def parent_was_there():
    return sa.exists().where(
        MeetingAttendee.meeting_id == Meeting.id, MeetingAttendee.role == InviteeRole.PARENT
    )


def held_by_term(school_id: int, year: SchoolYear):
    """Per pupil: meetings held with a parent there in each term's period of the year."""
    periods = [year.period(i) for i in range(3)]
    columns = [
        sa.func.sum(
            sa.case(
                (
                    sa.and_(
                        Meeting.starts_at >= utc_midnight(start),
                        Meeting.starts_at < utc_midnight(end),
                    ),
                    1,
                ),
                else_=0,
            )
        ).label(f"t{i}")
        for i, (start, end) in enumerate(periods)
    ]
    return (
        sa.select(Meeting.pupil_id, *columns)
        .where(
            Meeting.school_id == school_id,
            Meeting.outcome == MeetingOutcome.HELD,
            Meeting.starts_at >= utc_midnight(periods[0][0]),
            Meeting.starts_at < utc_midnight(periods[2][1]),
            parent_was_there(),
        )
        .group_by(Meeting.pupil_id)
        .subquery()
    )


def _next_booked(q: AttentionQuery):
    return (
        sa.select(sa.func.min(Meeting.starts_at))
        .where(
            Meeting.pupil_id == Pupil.id,
            Meeting.cancelled_at.is_(None),
            Meeting.outcome.is_(None),
            Meeting.starts_at >= q.now,
        )
        .scalar_subquery()
    )


def _counted(q: AttentionQuery):
    """SEN pupils of the school, with their held meetings per term and this term's."""
    year = _year(q)
    held = held_by_term(q.school_id, year)
    terms = [sa.func.coalesce(getattr(held.c, f"t{i}"), 0) for i in range(3)]
    this_term = terms[year.current_index]
    total = terms[0] + terms[1] + terms[2]
    still_possible = total + year.terms_after_current + sa.case((this_term == 0, 1), else_=0)
    where = (
        Pupil.school_id == q.school_id,
        Pupil.left_at.is_(None),
        Pupil.sen_status.in_([SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN]),
    )
    return held, terms, this_term, still_possible, where


def _none_this_term_where(q):
    held, terms, this_term, _possible, where = _counted(q)
    return held, terms, (*where, this_term == 0)


def _fewer_where(q):
    held, terms, _this, possible, where = _counted(q)
    return held, terms, (*where, possible < MEETINGS_A_YEAR)


def _pupils(make):
    def load(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
        held, terms, where = make(q)
        total, found = page_of(
            sa.select(Pupil, *terms, _next_booked(q))
            .outerjoin(held, held.c.pupil_id == Pupil.id)
            .where(*where)
            .order_by(
                terms[0] + terms[1] + terms[2], Pupil.family_name, Pupil.given_name, Pupil.id
            ),
            limit,
            offset,
        )
        result = []
        for pupil, first, second, third, booked in found:
            text = _(
                "held with parents this school year: autumn %(autumn)d, spring %(spring)d, "
                "summer %(summer)d",
                autumn=first,
                spring=second,
                summer=third,
            )
            if booked is not None:
                text = _(
                    "%(counts)s; next meeting booked for %(date)s",
                    counts=text,
                    date=format_date(local_day(booked), "long"),
                )
            result.append(Row(pupil, pupil.full_name, text, anchor="meetings"))
        return total, result

    return load


def _no_outcome_where(q: AttentionQuery):
    return (
        Meeting.school_id == q.school_id,
        Pupil.left_at.is_(None),
        Meeting.cancelled_at.is_(None),
        Meeting.outcome.is_(None),
        Meeting.starts_at < utc_midnight(q.today),
    )


def _no_record_where(q: AttentionQuery):
    shared = sa.exists().where(
        MeetingRecord.meeting_id == Meeting.id, MeetingRecord.shared_at.is_not(None)
    )
    return (
        Meeting.school_id == q.school_id,
        Pupil.left_at.is_(None),
        Meeting.outcome == MeetingOutcome.HELD,
        ~shared,
    )


def _meetings(where, anchor):
    def load(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
        total, found = page_about_pupils(
            Meeting, where(q), (Meeting.starts_at, Meeting.id), limit, offset
        )
        return total, [
            Row(
                m,
                m.pupil.full_name,
                _(
                    "%(kind)s on %(date)s",
                    kind=m.kind.label,
                    date=format_date(local_day(m.starts_at), "long"),
                ),
                since=m.starts_at,
                anchor=anchor,
            )
            for m in found
        ]

    return load


def register() -> None:
    attention.add(
        "no-outcome",
        _l("Past meetings with no outcome recorded"),
        _meetings(_no_outcome_where, "outcome"),
        order=40,
        hint=_l("Say whether each was held and who came: only meetings held count."),
    )
    attention.add(
        "no-record",
        _l("Meetings held with no record shared"),
        _meetings(_no_record_where, "record"),
        order=41,
    )
    attention.add(
        "no-meeting-term",
        _l("No meeting with parents this term"),
        _pupils(_none_this_term_where),
        order=45,
        hint=_l(
            "Pupils with SEN support or an EHC plan. Only meetings held with a parent or "
            "carer there count."
        ),
    )
    attention.add(
        "few-meetings",
        _l("Fewer than three meetings with parents this school year"),
        _pupils(_fewer_where),
        order=46,
        hint=_l(
            "Even with one meeting in each term left, these pupils' parents would meet "
            "the school fewer than three times this year (Code 6.65)."
        ),
    )
