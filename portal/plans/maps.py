"""The school-wide provision map (Code 6.76) and the SEN register, with their CSV forms."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    BroadArea,
    GroupSize,
    NeedCode,
    Outcome,
    Plan,
    PlanStatus,
    Provision,
    Pupil,
    PupilNeed,
    SenStatus,
    year_group_label,
)
from portal.plans.map_sql import id_list, squashed, unindexed

# Plans whose help is in place: shared, or reviewed while the next plan is drafted.
IN_PLACE = (PlanStatus.SHARED, PlanStatus.REVIEWED)


MAP_PAGE_SIZE = 20


@dataclass
class MapRow:
    """One piece of help as it runs in school: the same help, group, timetable and staff
    across pupils is one row, so a group session counts once in the staff hours."""

    description: str
    group_size: GroupSize
    sessions_per_week: int
    minutes_per_session: int
    delivered_by: str
    entries: int = 0  # pieces of help in plans: a pupil with it in two plans counts twice
    by_id: dict[int, Pupil] = field(default_factory=dict)  # in the order of their names
    found_areas: set[BroadArea] = field(default_factory=set)

    @property
    def pupils(self) -> list[Pupil]:
        return list(self.by_id.values())

    @property
    def staff_hours(self) -> float:
        return self.sessions_per_week * self.minutes_per_session / 60

    @property
    def pupil_hours(self) -> float:
        return self.entries * self.staff_hours

    @property
    def areas(self) -> list[BroadArea]:
        return [area for area in BroadArea if area in self.found_areas]

    @property
    def area_labels(self) -> str:
        return ", ".join(str(area.label) for area in self.areas)


@dataclass
class ProvisionMap:
    """A page of the map's rows (or every row), and the totals of the whole filtered map."""

    rows: list[MapRow]
    page: int  # the page shown: the one asked for, or the last if it is past the end
    total_rows: int
    pupils: int
    staff_hours: float
    pupil_hours: float


def provision_filters(form) -> dict:
    def valid(name):
        f = getattr(form, name)
        return f.data if f.data and not f.errors else None

    year = valid("year")
    return {
        "year": int(year) if year and year.lstrip("-").isdigit() else None,
        "group_size": GroupSize(form.group_size.data) if valid("group_size") else None,
        "area": BroadArea(form.area.data) if valid("area") else None,
        "staff": (valid("staff") or "").strip(),
        "on": form.on_date,
    }


# What makes two pieces of help one row of the map.
_ROW_KEY = (
    squashed(Provision.description),
    Provision.group_size,
    Provision.sessions_per_week,
    Provision.minutes_per_session,
    squashed(Provision.delivered_by),
)


def _in_place(
    query,
    school_id: int,
    *,
    year: int | None = None,
    group_size: GroupSize | None = None,
    area: BroadArea | None = None,
    staff: str = "",
    on: date,
):
    """The query limited to help in place on a date in the school's shared plans, filtered."""
    query = (
        query.select_from(Provision)
        .join(Provision.plan)
        .join(Plan.pupil)
        .outerjoin(Provision.outcome)
        .where(
            Pupil.school_id == school_id,
            Pupil.left_at.is_(None),
            unindexed(Plan.status).in_(IN_PLACE),
            sa.or_(Provision.starts_on.is_(None), Provision.starts_on <= on),
            sa.or_(Provision.ends_on.is_(None), Provision.ends_on >= on),
        )
    )
    if year is not None:
        query = query.where(Pupil.year_group == year)
    if group_size is not None:
        query = query.where(Provision.group_size == group_size)
    if area is not None:
        query = query.where(Outcome.area == area)
    if staff:
        query = query.where(sa.func.lower(Provision.delivered_by).contains(staff.lower()))
    return query


def provision_map(school_id: int, *, page: int | None = None, **filters) -> ProvisionMap:
    """The help in place on a date, grouped as it runs: one page of MAP_PAGE_SIZE rows (or
    every row, for the CSV) with the whole map's totals, and the pupils of those rows, in
    two queries whatever the size of the school (four for a page past the end)."""
    minutes = Provision.sessions_per_week * Provision.minutes_per_session
    pupils = _in_place(
        sa.select(sa.func.count(sa.distinct(Plan.pupil_id))), school_id, **filters
    ).scalar_subquery()
    # The totals (OVER the whole grouped map) are worked out before the page is cut from it.
    query = (
        _in_place(
            sa.select(
                sa.func.min(Provision.description),
                Provision.group_size,
                Provision.sessions_per_week,
                Provision.minutes_per_session,
                sa.func.min(Provision.delivered_by),
                sa.func.count(),
                id_list(Provision.id),
                sa.over(sa.func.count()).label("total_rows"),
                sa.over(sa.func.sum(minutes)).label("staff_minutes"),
                sa.over(sa.func.sum(minutes * sa.func.count())).label("pupil_minutes"),
                pupils.label("pupils"),
            ),
            school_id,
            **filters,
        )
        .group_by(*_ROW_KEY)
        .order_by(*_ROW_KEY)
    )
    if page is not None:
        query = query.limit(MAP_PAGE_SIZE).offset((page - 1) * MAP_PAGE_SIZE)
    found = db.session.execute(query).all()
    if not found and page is not None and page > 1:
        # A page past the end (an old link, a filter that narrowed the map): the last.
        total = db.session.scalar(
            sa.select(sa.func.count()).select_from(
                _in_place(sa.select(*_ROW_KEY), school_id, **filters).group_by(*_ROW_KEY).subquery()
            )
        )
        last = max(1, (total + MAP_PAGE_SIZE - 1) // MAP_PAGE_SIZE)
        return provision_map(school_id, page=last, **filters)
    rows: list[MapRow] = []
    row_of: dict[int, MapRow] = {}
    for description, size, sessions, each, staff, entries, ids, *_totals in found:
        row = MapRow(description, size, sessions, each, staff, entries)
        rows.append(row)
        row_of.update((int(i), row) for i in ids.split(","))
    if rows:
        totals = found[0]
        total_rows, total_pupils = totals.total_rows, totals.pupils
        staff_minutes, pupil_minutes = totals.staff_minutes, totals.pupil_minutes
        query = _in_place(sa.select(Provision.id, Pupil, Outcome.area), school_id, **filters)
        if page is not None:
            query = query.where(Provision.id.in_(list(row_of)))
        for provision_id, pupil, area in db.session.execute(
            query.order_by(Pupil.family_name, Pupil.given_name, Pupil.id)
        ):
            row = row_of[provision_id]
            row.by_id.setdefault(pupil.id, pupil)
            if area is not None:
                row.found_areas.add(area)
    else:
        total_rows = staff_minutes = pupil_minutes = total_pupils = 0
    # PostgreSQL sums to a Decimal.
    return ProvisionMap(
        rows,
        page or 1,
        total_rows,
        total_pupils,
        float(staff_minutes) / 60,
        float(pupil_minutes) / 60,
    )


def _hours(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def provision_map_csv(result: ProvisionMap) -> tuple[list[str], list[list]]:
    header = [
        _("Help"),
        _("Group size"),
        _("Sessions a week"),
        _("Minutes each session"),
        _("Who gives it"),
        _("Pupils"),
        _("Number of pupils"),
        _("Areas of need"),
        _("Staff hours a week"),
        _("Pupil hours a week"),
    ]
    rows = [
        [
            row.description,
            row.group_size.label,
            row.sessions_per_week,
            row.minutes_per_session,
            row.delivered_by,
            "; ".join(p.full_name for p in row.pupils),
            len(row.pupils),
            "; ".join(str(a.label) for a in row.areas),
            _hours(row.staff_hours),
            _hours(row.pupil_hours),
        ]
        for row in result.rows
    ]
    rows.append(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            result.pupils,
            "",
            _hours(result.staff_hours),
            _hours(result.pupil_hours),
        ]
    )
    return header, rows


# The SEN register --------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentPlan:
    """A pupil's newest plan that is not superseded, as the register shows it."""

    id: int
    status: PlanStatus
    review_date: date | None

    @property
    def next_review(self) -> date | None:
        """When it is to be reviewed: only a plan shared with the family has a date."""
        return self.review_date if self.status is PlanStatus.SHARED else None


@dataclass
class RegisterRow:
    pupil: Pupil
    plan: CurrentPlan | None
    last_reviewed: datetime | None

    @property
    def next_review(self) -> date | None:
        return self.plan.next_review if self.plan else None


def register_filters(form) -> dict:
    def valid(name):
        f = getattr(form, name)
        return f.data if f.data and not f.errors else None

    year = valid("year")
    return {
        "status": SenStatus(form.status.data) if valid("status") else None,
        "need": NeedCode(form.need.data) if valid("need") else None,
        "year": int(year) if year and year.lstrip("-").isdigit() else None,
    }


REGISTER_PAGE_SIZE = 50


def register_total(school_id: int, **filters) -> int:
    """How many pupils the register lists with these filters."""
    pupils = _register_query(school_id, **filters).order_by(None).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(pupils))


def register(school_id: int, *, page: int, **filters) -> list[RegisterRow]:
    """One page of REGISTER_PAGE_SIZE pupils with SEN, their needs, and their plan's review
    dates, in four queries."""
    query = (
        _register_query(school_id, **filters)
        .options(selectinload(Pupil.needs))
        .limit(REGISTER_PAGE_SIZE)
        .offset((page - 1) * REGISTER_PAGE_SIZE)
    )
    pupils = db.session.scalars(query).all()
    current, reviewed = _plans_of([p.id for p in pupils])
    return [RegisterRow(p, current.get(p.id), reviewed.get(p.id)) for p in pupils]


def _plans_of(ids: list[int]) -> tuple[dict[int, CurrentPlan], dict[int, datetime]]:
    """These pupils' newest plans that are not superseded, and when a plan of each was last
    reviewed, by pupil: two statements of columns."""
    current: dict[int, CurrentPlan] = {}
    reviewed: dict[int, datetime] = {}
    if not ids:
        return current, reviewed
    for pupil_id, *plan in db.session.execute(
        sa.select(Plan.pupil_id, Plan.id, Plan.status, Plan.review_date)
        .where(Plan.pupil_id.in_(ids), Plan.status != PlanStatus.SUPERSEDED)
        .order_by(Plan.id)
    ):
        current[pupil_id] = CurrentPlan(*plan)  # the newest wins
    for pupil_id, last in db.session.execute(
        sa.select(Plan.pupil_id, sa.func.max(Plan.reviewed_at))
        .where(Plan.pupil_id.in_(ids), Plan.reviewed_at.is_not(None))
        .group_by(Plan.pupil_id)
    ):
        reviewed[pupil_id] = last
    return current, reviewed


def _register_query(
    school_id: int,
    *,
    status: SenStatus | None = None,
    need: NeedCode | None = None,
    year: int | None = None,
):
    query = (
        sa.select(Pupil)
        .where(Pupil.school_id == school_id, Pupil.left_at.is_(None))
        .order_by(Pupil.year_group, Pupil.family_name, Pupil.given_name, Pupil.id)
    )
    if status is not None:
        query = query.where(Pupil.sen_status == status)
    else:
        query = query.where(Pupil.sen_status != SenStatus.NONE)
    if year is not None:
        query = query.where(Pupil.year_group == year)
    if need is not None:
        query = query.where(
            sa.exists().where(PupilNeed.pupil_id == Pupil.id, PupilNeed.code == need)
        )
    return query


@dataclass(frozen=True)
class RegisterLine:
    """One pupil of the register as the CSV lists it: plain values read as columns."""

    id: int
    school_id: int
    family_name: str
    given_name: str
    upn: str | None
    year_group: int
    sen_status: SenStatus
    needs: tuple[NeedCode, ...]
    plan: CurrentPlan | None
    last_reviewed: datetime | None


def register_lines(school_id: int, **filters) -> list[RegisterLine]:
    """The whole register for the CSV, with the same filters and order as the page, in four
    statements of columns. Building an ORM object for every pupil, need and plan (about
    650 for 200 pupils) was most of the download's time."""
    pupils = db.session.execute(
        _register_query(school_id, **filters).with_only_columns(
            Pupil.id,
            Pupil.school_id,
            Pupil.family_name,
            Pupil.given_name,
            Pupil.upn,
            Pupil.year_group,
            Pupil.sen_status,
        )
    ).all()
    ids = [pupil.id for pupil in pupils]
    needs: dict[int, list[NeedCode]] = {}
    if ids:
        for pupil_id, code in db.session.execute(
            sa.select(PupilNeed.pupil_id, PupilNeed.code)
            .where(PupilNeed.pupil_id.in_(ids))
            .order_by(PupilNeed.pupil_id, PupilNeed.rank, PupilNeed.id)
        ):
            needs.setdefault(pupil_id, []).append(code)
    current, reviewed = _plans_of(ids)
    return [
        RegisterLine(
            *pupil,
            needs=tuple(needs.get(pupil.id, ())),
            plan=current.get(pupil.id),
            last_reviewed=reviewed.get(pupil.id),
        )
        for pupil in pupils
    ]


def register_csv(lines: list[RegisterLine]) -> tuple[list[str], list[list]]:
    header = [
        _("Family name"),
        _("Given name"),
        _("UPN"),
        _("Year group"),
        _("SEN status"),
        _("SEN provision code"),
        _("Primary need"),
        _("Secondary need"),
        _("Plan"),
        _("Last review"),
        _("Next review"),
    ]
    # Each label in the page's language once, not once a row.
    year_label = cache(year_group_label)
    label = cache(lambda member: str(member.label))
    body = []
    for line in lines:
        body.append(
            [
                line.family_name,
                line.given_name,
                line.upn or "",
                year_label(line.year_group),
                label(line.sen_status),
                line.sen_status.value,
                line.needs[0].value if line.needs else "",
                line.needs[1].value if len(line.needs) > 1 else "",
                label(line.plan.status) if line.plan else _("No plan"),
                line.last_reviewed.date().isoformat() if line.last_reviewed else "",
                line.plan.next_review.isoformat() if line.plan and line.plan.next_review else "",
            ]
        )
    return header, body
