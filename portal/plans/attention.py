"""What needs the SENCO's attention: reviews past their date or due soon, plans the family
has not agreed, pupils with SEN and no plan, and parents who met the school too rarely."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

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
# The SENCO's home names the first few of each list; the attention page all of them.
ON_HOME = 5
# Parents of pupils on SEN support meet the school at least three times a year (6.65).
MEETINGS_A_YEAR = 3


class Shown(list):
    """The first rows of a list the page shows, and how many there are in all."""

    def __init__(self, rows, total: int):
        super().__init__(rows)
        self.total = total


@dataclass
class Attention:
    overdue: Shown
    due_soon: Shown
    not_agreed: Shown
    no_plan: Shown
    few_meetings: Shown
    limit: int | None  # how many of each the lists hold (None: all)

    @property
    def count(self) -> int:
        return sum(
            part.total
            for part in (
                self.overdue,
                self.due_soon,
                self.not_agreed,
                self.no_plan,
                self.few_meetings,
            )
        )


def _plans(school_id: int, *where):
    return (
        sa.select(Plan)
        .join(Plan.pupil)
        .where(Pupil.school_id == school_id, Pupil.left_at.is_(None), *where)
        .options(contains_eager(Plan.pupil))
    )


def attention(school_id: int, on: date | None = None, limit: int | None = None) -> Attention:
    """Reviews past their date or due soon, plans the family has not agreed after two
    weeks, pupils with SEN who have no plan yet, and parents who met the school too rarely:
    the first `limit` of each (all with None) and how many in all. However large the school,
    six statements: the five totals in one, then each list's first rows."""
    on = on or today()
    cutoff = utcnow() - timedelta(days=AGREE_WITHIN_DAYS)
    shared = Plan.status == PlanStatus.SHARED
    lists = {
        "overdue": _plans(school_id, shared, Plan.review_date < on).order_by(
            Plan.review_date, Plan.id
        ),
        "due_soon": _plans(
            school_id,
            shared,
            Plan.review_date >= on,
            Plan.review_date <= on + timedelta(days=DUE_SOON_DAYS),
        ).order_by(Plan.review_date, Plan.id),
        "not_agreed": _plans(
            school_id, shared, Plan.family_agreed_at.is_(None), Plan.shared_at <= cutoff
        ).order_by(Plan.shared_at, Plan.id),
        "no_plan": sa.select(Pupil)
        .where(
            Pupil.school_id == school_id,
            Pupil.left_at.is_(None),
            Pupil.sen_status != SenStatus.NONE,
            ~sa.exists().where(Plan.pupil_id == Pupil.id),
        )
        .order_by(Pupil.family_name, Pupil.given_name, Pupil.id),
    }
    few, held = _few_parent_meetings(school_id)
    totals = db.session.execute(
        sa.select(
            *(
                sa.select(sa.func.count())
                .select_from(query.order_by(None).subquery())
                .scalar_subquery()
                .label(name)
                for name, query in {**lists, "few_meetings": few}.items()
            )
        )
    ).one()
    found = {
        name: Shown(db.session.scalars(query.limit(limit)).all(), getattr(totals, name))
        for name, query in lists.items()
    }
    rows = db.session.execute(
        few.order_by(held, Pupil.family_name, Pupil.given_name, Pupil.id).limit(limit)
    )
    found["few_meetings"] = Shown([(pupil, count) for pupil, count in rows], totals.few_meetings)
    return Attention(**found, limit=limit)


def _few_parent_meetings(school_id: int):
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
    query = (
        sa.select(Pupil, count.label("held"))
        .outerjoin(held, held.c.pupil_id == Pupil.id)
        .where(
            Pupil.school_id == school_id,
            Pupil.left_at.is_(None),
            Pupil.sen_status == SenStatus.SEN_SUPPORT,
            count < MEETINGS_A_YEAR,
        )
    )
    return query, count
