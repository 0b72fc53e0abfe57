"""Leavers and the new school year. Nobody is deleted: a leaver's record is kept, read-only
and out of the working lists, until the retention period ends (retention.py)."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal import audit
from portal.extensions import db
from portal.models import (
    AuditEvent,
    LeaverReason,
    PossibleLeaver,
    Pupil,
    School,
    User,
    YearRollover,
    today,
    utcnow,
)
from portal.records.imports import settings_for


def academic_year(on: date | None = None) -> int:
    """The year a school year starts in: from 1 August, the new one."""
    on = on or today()
    return on.year if on.month >= 8 else on.year - 1


@dataclass
class RolloverPlan:
    year: int
    done: bool
    last_year_group: int
    moving: list[Pupil] = field(default_factory=list)
    leaving: list[Pupil] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"


def rollover_status(school: School, on: date | None = None) -> RolloverPlan:
    """This school year, and whether it has been started, without the pupils it moves (the
    records page names the year; the new-year page lists them)."""
    year = academic_year(on)
    done = db.session.scalar(
        sa.select(YearRollover.id).where(
            YearRollover.school_id == school.id, YearRollover.academic_year == year
        )
    )
    last = settings_for(school).last_year_group
    return RolloverPlan(year=year, done=done is not None, last_year_group=last)


def rollover_plan(school: School, on: date | None = None) -> RolloverPlan:
    plan = rollover_status(school, on)
    pupils = db.session.scalars(
        sa.select(Pupil)
        .where(Pupil.school_id == school.id, Pupil.left_at.is_(None))
        .order_by(Pupil.year_group, Pupil.family_name, Pupil.given_name)
    ).all()
    for pupil in pupils:
        (plan.leaving if pupil.year_group >= plan.last_year_group else plan.moving).append(pupil)
    return plan


def roll_over(school: School, plan: RolloverPlan, by: User | None) -> YearRollover:
    """Move year groups up and list the last year's pupils as leavers, in one transaction."""
    moving = [p.id for p in plan.moving]
    if moving:
        db.session.execute(
            sa.update(Pupil)
            .where(Pupil.id.in_(moving), Pupil.left_at.is_(None))
            .values(year_group=Pupil.year_group + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    waiting = _waiting(school.id)
    for pupil in plan.leaving:
        if pupil.id not in waiting:
            db.session.add(
                PossibleLeaver(
                    school_id=school.id, pupil_id=pupil.id, reason=LeaverReason.END_OF_SCHOOL
                )
            )
    done = YearRollover(
        school_id=school.id,
        academic_year=plan.year,
        done_by_id=by.id if by else None,
        moved_up=len(moving),
        leavers_listed=len(plan.leaving),
    )
    db.session.add(done)
    now = utcnow()
    if moving:
        db.session.execute(
            sa.insert(AuditEvent),
            [
                {
                    "at": now,
                    "actor_id": by.id if by else None,
                    "school_id": school.id,
                    "pupil_id": pupil_id,
                    "action": "pupil.year_up",
                }
                for pupil_id in moving
            ],
        )
    db.session.flush()
    audit.record(by, "records.new_year", school_id=school.id, obj=done)
    db.session.commit()
    return done


def _waiting(school_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(PossibleLeaver.pupil_id).where(
                PossibleLeaver.school_id == school_id, PossibleLeaver.decided_at.is_(None)
            )
        )
    )


def waiting(school_id: int) -> list[PossibleLeaver]:
    return db.session.scalars(
        sa.select(PossibleLeaver)
        .join(PossibleLeaver.pupil)
        .where(PossibleLeaver.school_id == school_id, PossibleLeaver.decided_at.is_(None))
        .order_by(Pupil.year_group.desc(), Pupil.family_name, Pupil.given_name)
    ).all()


def confirmed(school_id: int, limit: int = 200) -> list[Pupil]:
    return db.session.scalars(
        sa.select(Pupil)
        .where(Pupil.school_id == school_id, Pupil.left_at.is_not(None))
        .order_by(Pupil.left_at.desc(), Pupil.family_name)
        .limit(limit)
    ).all()


def decide(candidate: PossibleLeaver, *, left: bool, left_on: date | None, by: User) -> None:
    candidate.decided_at, candidate.decided_by_id, candidate.left = utcnow(), by.id, left
    if left:
        mark_left(candidate.pupil, left_on or today(), by, commit=False)
    else:
        audit.record(by, "pupil.stays", pupil=candidate.pupil, obj=candidate)
    db.session.commit()


def mark_left(pupil: Pupil, left_on: date, by: User, *, commit: bool = True) -> None:
    pupil.left_at = left_on
    audit.record(by, "pupil.left", pupil=pupil, obj=pupil)
    if commit:
        db.session.commit()


def undo_leaving(pupil: Pupil, by: User) -> None:
    """A pupil marked as left by mistake, or back: their record is working again."""
    pupil.left_at = None
    audit.record(by, "pupil.returned", pupil=pupil, obj=pupil)
    db.session.commit()
