"""The plans' sections of what needs the SENCO's attention (portal/attention.py): reviews
past their date or due soon, plans the family has not agreed, reviews a teacher has
drafted for the SENCO to confirm, and pupils with SEN who have no plan yet.

Each section is one query: the rows shown, and how many there are in all.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from portal.attention import AttentionQuery, Row, attention, page_of
from portal.models import Outcome, Plan, PlanStatus, Pupil, SenStatus

# How long a family has to agree a shared plan before the SENCO is reminded.
AGREE_WITHIN_DAYS = 14
# How far ahead "reviews due soon" looks.
DUE_SOON_DAYS = 14


def _in_school(q: AttentionQuery):
    return (Pupil.school_id == q.school_id, Pupil.left_at.is_(None))


def _plans_where(q: AttentionQuery, *where) -> tuple:
    return (Plan.status == PlanStatus.SHARED, *_in_school(q), *where)


def _plans(where, order, text):
    def load(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
        total, found = page_of(
            sa.select(Plan)
            .join(Plan.pupil)
            .where(*where(q))
            .options(contains_eager(Plan.pupil))
            .order_by(order, Plan.id),
            limit,
            offset,
        )
        return total, [Row(p, p.pupil.full_name, text(p), due=p.review_date) for (p,) in found]

    return load


def _overdue(q):
    return _plans_where(q, Plan.review_date < q.today)


def _due_soon(q):
    return _plans_where(
        q, Plan.review_date >= q.today, Plan.review_date <= q.today + timedelta(DUE_SOON_DAYS)
    )


def _not_agreed(q):
    return _plans_where(
        q,
        Plan.family_agreed_at.is_(None),
        Plan.shared_at <= q.now - timedelta(days=AGREE_WITHIN_DAYS),
    )


def _drafted(q):
    drafted = sa.exists().where(Outcome.plan_id == Plan.id, Outcome.drafted_at.is_not(None))
    return _plans_where(q, drafted)


def _no_plan(q):
    return (
        *_in_school(q),
        Pupil.sen_status != SenStatus.NONE,
        ~sa.exists().where(Plan.pupil_id == Pupil.id),
    )


def _no_plan_rows(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
    total, found = page_of(
        sa.select(Pupil)
        .where(*_no_plan(q))
        .order_by(Pupil.family_name, Pupil.given_name, Pupil.id),
        limit,
        offset,
    )
    return total, [Row(p, p.full_name, str(p.sen_status.label), anchor="plan") for (p,) in found]


def register() -> None:
    attention.add(
        "overdue",
        _l("Reviews past their date"),
        _plans(
            _overdue,
            Plan.review_date,
            lambda p: _(
                "%(review)s was due on %(date)s",
                review=p.kind.review_label,
                date=format_date(p.review_date, "long"),
            ),
        ),
        order=20,
    )
    attention.add(
        "due-soon",
        _l("Reviews due in the next two weeks"),
        _plans(
            _due_soon,
            Plan.review_date,
            lambda p: _(
                "%(review)s due on %(date)s",
                review=p.kind.review_label,
                date=format_date(p.review_date, "long"),
            ),
        ),
        order=25,
    )
    attention.add(
        "drafted",
        _l("Reviews drafted by a teacher, to confirm"),
        _plans(
            _drafted,
            Plan.review_date,
            lambda p: _("%(review)s drafted", review=p.kind.review_label),
        ),
        order=27,
    )
    attention.add(
        "not-agreed",
        _l("Plans the family has not agreed after 14 days"),
        _plans(
            _not_agreed,
            Plan.shared_at,
            lambda p: _("shared on %(date)s", date=format_date(p.shared_at, "long")),
        ),
        order=30,
    )
    attention.add(
        "no-plan",
        _l("Pupils with SEN who have no plan yet"),
        _no_plan_rows,
        order=60,
    )
