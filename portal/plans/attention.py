"""What needs the SENCO's attention: reviews past their date or due soon, plans the family
has not agreed, pupils with SEN and no plan, and parents who met the school too rarely."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    InviteeRole,
    Meeting,
    MeetingInvitee,
    Plan,
    PlanStatus,
    Pupil,
    SenStatus,
    today,
    utcnow,
)

# How long a family has to agree a shared plan before the SENCO is reminded.
AGREE_WITHIN_DAYS = 14
# How far ahead "reviews due soon" looks.
DUE_SOON_DAYS = 14
# Parents of pupils on SEN support meet the school at least three times a year (6.65).
MEETINGS_A_YEAR = 3


@dataclass
class Attention:
    overdue: list[Plan]
    due_soon: list[Plan]
    not_agreed: list[Plan]
    no_plan: list[Pupil]
    few_meetings: list[tuple[Pupil, int]]

    @property
    def count(self) -> int:
        return (
            len(self.overdue)
            + len(self.due_soon)
            + len(self.not_agreed)
            + len(self.no_plan)
            + len(self.few_meetings)
        )


def _school_plans(school_id: int):
    return (
        sa.select(Plan)
        .join(Plan.pupil)
        .where(Pupil.school_id == school_id, Pupil.left_at.is_(None))
        .options(selectinload(Plan.pupil))
    )


def attention(school_id: int, on: date | None = None) -> Attention:
    """Reviews past their date or due soon, plans the family has not agreed after two
    weeks, and pupils with SEN who have no plan yet."""
    on = on or today()
    overdue = db.session.scalars(
        _school_plans(school_id)
        .where(Plan.status == PlanStatus.SHARED, Plan.review_date < on)
        .order_by(Plan.review_date)
    ).all()
    due_soon = db.session.scalars(
        _school_plans(school_id)
        .where(
            Plan.status == PlanStatus.SHARED,
            Plan.review_date >= on,
            Plan.review_date <= on + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by(Plan.review_date)
    ).all()
    cutoff = utcnow() - timedelta(days=AGREE_WITHIN_DAYS)
    not_agreed = db.session.scalars(
        _school_plans(school_id)
        .where(
            Plan.status == PlanStatus.SHARED,
            Plan.family_agreed_at.is_(None),
            Plan.shared_at <= cutoff,
        )
        .order_by(Plan.shared_at)
    ).all()
    no_plan = db.session.scalars(
        sa.select(Pupil)
        .where(
            Pupil.school_id == school_id,
            Pupil.left_at.is_(None),
            Pupil.sen_status != SenStatus.NONE,
            ~sa.exists().where(Plan.pupil_id == Pupil.id),
        )
        .order_by(Pupil.family_name, Pupil.given_name)
    ).all()
    return Attention(overdue, due_soon, not_agreed, no_plan, few_parent_meetings(school_id))


def few_parent_meetings(school_id: int) -> list[tuple[Pupil, int]]:
    """Pupils on SEN support whose parents met the school fewer than three times in the last
    twelve months (Code 6.65), with how many meetings they had, in one query."""
    now = utcnow()
    held = (
        sa.select(Meeting.pupil_id, sa.func.count(sa.distinct(Meeting.id)).label("held"))
        .join(MeetingInvitee, MeetingInvitee.meeting_id == Meeting.id)
        .where(
            Meeting.school_id == school_id,
            MeetingInvitee.role == InviteeRole.PARENT,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at <= now,
            Meeting.starts_at >= now - timedelta(days=365),
        )
        .group_by(Meeting.pupil_id)
        .subquery()
    )
    count = sa.func.coalesce(held.c.held, 0)
    rows = db.session.execute(
        sa.select(Pupil, count)
        .outerjoin(held, held.c.pupil_id == Pupil.id)
        .where(
            Pupil.school_id == school_id,
            Pupil.left_at.is_(None),
            Pupil.sen_status == SenStatus.SEN_SUPPORT,
            count < MEETINGS_A_YEAR,
        )
        .order_by(count, Pupil.family_name, Pupil.given_name)
    ).all()
    return [(pupil, held_count) for pupil, held_count in rows]
