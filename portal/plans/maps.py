"""The school-wide provision map (Code 6.76) and the SEN register, with their CSV forms."""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, selectinload

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
)

# Plans whose help is in place: shared, or reviewed while the next plan is drafted.
IN_PLACE = (PlanStatus.SHARED, PlanStatus.REVIEWED)


@dataclass
class MapRow:
    """One piece of help as it runs in school: the same help, group, timetable and staff
    across pupils is one row, so a group session counts once in the staff hours."""

    description: str
    group_size: GroupSize
    sessions_per_week: int
    minutes_per_session: int
    delivered_by: str
    entries: list[Provision] = field(default_factory=list)

    @property
    def pupils(self) -> list[Pupil]:
        return sorted(
            {e.plan.pupil for e in self.entries}, key=lambda p: (p.family_name, p.given_name)
        )

    @property
    def staff_hours(self) -> float:
        return self.sessions_per_week * self.minutes_per_session / 60

    @property
    def pupil_hours(self) -> float:
        return sum(e.hours_per_week for e in self.entries)

    @property
    def areas(self) -> list[BroadArea]:
        found = {e.outcome.area for e in self.entries if e.outcome and e.outcome.area}
        return [area for area in BroadArea if area in found]


@dataclass
class ProvisionMap:
    rows: list[MapRow]

    @property
    def entries(self) -> int:
        return sum(len(row.entries) for row in self.rows)

    @property
    def pupils(self) -> int:
        return len({e.plan.pupil_id for row in self.rows for e in row.entries})

    @property
    def staff_hours(self) -> float:
        return sum(row.staff_hours for row in self.rows)

    @property
    def pupil_hours(self) -> float:
        return sum(row.pupil_hours for row in self.rows)


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


def provision_map(
    school_id: int,
    *,
    year: int | None = None,
    group_size: GroupSize | None = None,
    area: BroadArea | None = None,
    staff: str = "",
    on: date,
) -> ProvisionMap:
    """Every piece of help in place on a date, grouped as it runs, in one query."""
    query = (
        sa.select(Provision)
        .join(Provision.plan)
        .join(Plan.pupil)
        .outerjoin(Provision.outcome)
        .where(
            Pupil.school_id == school_id,
            Pupil.left_at.is_(None),
            Plan.status.in_(IN_PLACE),
            sa.or_(Provision.starts_on.is_(None), Provision.starts_on <= on),
            sa.or_(Provision.ends_on.is_(None), Provision.ends_on >= on),
        )
        .options(
            contains_eager(Provision.plan).contains_eager(Plan.pupil),
            contains_eager(Provision.outcome),
        )
        .order_by(Provision.description, Pupil.family_name, Pupil.given_name)
    )
    if year is not None:
        query = query.where(Pupil.year_group == year)
    if group_size is not None:
        query = query.where(Provision.group_size == group_size)
    if area is not None:
        query = query.where(Outcome.area == area)
    if staff:
        query = query.where(sa.func.lower(Provision.delivered_by).contains(staff.lower()))
    groups: dict[tuple, MapRow] = {}
    for entry in db.session.scalars(query).unique():
        key = (
            " ".join(entry.description.lower().split()),
            entry.group_size,
            entry.sessions_per_week,
            entry.minutes_per_session,
            " ".join(entry.delivered_by.lower().split()),
        )
        if key not in groups:
            groups[key] = MapRow(
                entry.description,
                entry.group_size,
                entry.sessions_per_week,
                entry.minutes_per_session,
                entry.delivered_by,
            )
        groups[key].entries.append(entry)
    return ProvisionMap(sorted(groups.values(), key=lambda r: r.description.lower()))


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


@dataclass
class RegisterRow:
    pupil: Pupil
    plan: Plan | None
    last_reviewed: datetime | None

    @property
    def next_review(self) -> date | None:
        if self.plan is None or self.plan.status is not PlanStatus.SHARED:
            return None
        return self.plan.review_date


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


def register(school_id: int, *, page: int | None = None, **filters) -> list[RegisterRow]:
    """Pupils with SEN, their needs, and their plan's review dates, in three queries: every
    one (for the CSV), or one page of REGISTER_PAGE_SIZE."""
    query = _register_query(school_id, **filters).options(selectinload(Pupil.needs))
    if page is not None:
        query = query.limit(REGISTER_PAGE_SIZE).offset((page - 1) * REGISTER_PAGE_SIZE)
    pupils = db.session.scalars(query).all()
    ids = [p.id for p in pupils]
    current: dict[int, Plan] = {}
    reviewed: dict[int, datetime] = {}
    if ids:
        for plan in db.session.scalars(
            sa.select(Plan)
            .where(Plan.pupil_id.in_(ids), Plan.status != PlanStatus.SUPERSEDED)
            .order_by(Plan.id)
        ):
            current[plan.pupil_id] = plan  # the newest wins
        for pupil_id, last in db.session.execute(
            sa.select(Plan.pupil_id, sa.func.max(Plan.reviewed_at))
            .where(Plan.pupil_id.in_(ids), Plan.reviewed_at.is_not(None))
            .group_by(Plan.pupil_id)
        ):
            reviewed[pupil_id] = last
    return [RegisterRow(p, current.get(p.id), reviewed.get(p.id)) for p in pupils]


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


def register_csv(rows: list[RegisterRow]) -> tuple[list[str], list[list]]:
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
    body = []
    for row in rows:
        pupil = row.pupil
        needs = [n.code.value for n in pupil.needs]
        body.append(
            [
                pupil.family_name,
                pupil.given_name,
                pupil.upn or "",
                pupil.year_label,
                pupil.sen_status.label,
                pupil.sen_status.value,
                needs[0] if needs else "",
                needs[1] if len(needs) > 1 else "",
                row.plan.status.label if row.plan else _("No plan"),
                row.last_reviewed.date().isoformat() if row.last_reviewed else "",
                row.next_review.isoformat() if row.next_review else "",
            ]
        )
    return header, body
