"""The SENCO's writes and list queries."""

import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from portal import audit
from portal.extensions import db
from portal.models import (
    AuditEvent,
    ChangeSource,
    Invitation,
    Membership,
    NeedCode,
    Pupil,
    Role,
    SenStatus,
    TeacherLink,
    User,
)
from portal.paging import rows_of
from portal.records import sen_history

PAGE_SIZE = 50


def pupil_list(
    school_id: int, *, q: str = "", year: str = "", status: str = "", page: int = 1
) -> tuple[list[Pupil], int]:
    """One page of the school's pupils, filtered, needs loaded; and how many match in all."""
    query = sa.select(Pupil).where(Pupil.school_id == school_id, Pupil.left_at.is_(None))
    if year.lstrip("-").isdigit():
        query = query.where(Pupil.year_group == int(year))
    if status in {s.value for s in SenStatus}:
        query = query.where(Pupil.sen_status == SenStatus(status))
    if q.strip():
        words = q.strip().lower()  # "%" and "_" are letters here, not LIKE's wildcards
        query = query.where(
            sa.or_(
                sa.func.lower(Pupil.given_name + " " + Pupil.family_name).contains(
                    words, autoescape=True
                ),
                sa.func.lower(sa.func.coalesce(Pupil.preferred_name, "")).contains(
                    words, autoescape=True
                ),
                sa.func.lower(sa.func.coalesce(Pupil.upn, "")).contains(words, autoescape=True),
            )
        )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pupils = db.session.scalars(
        query.options(selectinload(Pupil.needs))
        .order_by(Pupil.year_group, Pupil.family_name, Pupil.given_name, Pupil.id)
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    ).all()
    return pupils, total


def upn_taken(school_id: int, upn: str | None, pupil_id: int | None = None) -> bool:
    if not upn:
        return False
    query = sa.select(Pupil.id).where(Pupil.school_id == school_id, Pupil.upn == upn)
    if pupil_id is not None:
        query = query.where(Pupil.id != pupil_id)
    return db.session.scalar(query) is not None


def save_pupil(pupil: Pupil, data: dict, by: User) -> Pupil:
    """Create or update a pupil from the form's data, needs included, and audit it."""
    creating = pupil.id is None
    for field in ("given_name", "family_name", "date_of_birth", "year_group", "eal"):
        setattr(pupil, field, data[field])
    pupil.preferred_name = (data.get("preferred_name") or "").strip() or None
    pupil.upn = data.get("upn") or None
    pupil.home_language = data.get("home_language") or None
    codes = [NeedCode(c) for c in (data.get("primary_need"), data.get("secondary_need")) if c]
    db.session.add(pupil)
    db.session.flush()
    # SEN status and needs change only through their dated history (portal.records).
    sen_history.record(
        pupil,
        status=SenStatus(data["sen_status"]),
        needs=codes,
        by=by,
        source=ChangeSource.FORM,
        effective=data.get("sen_change_date"),
        reason=data.get("sen_change_reason"),
        history=[] if creating else None,
    )
    audit.record(by, "pupil.create" if creating else "pupil.update", pupil=pupil, obj=pupil)
    db.session.commit()
    return pupil


def link_teacher(pupil: Pupil, teacher: User, by: User) -> None:
    exists = db.session.scalar(
        sa.select(TeacherLink.id).where(
            TeacherLink.pupil_id == pupil.id, TeacherLink.user_id == teacher.id
        )
    )
    if exists is None:
        link = TeacherLink(pupil=pupil, user=teacher)
        db.session.add(link)
        db.session.flush()
        audit.record(by, "teacher_link.create", pupil=pupil, obj=link)
    db.session.commit()


def unlink_teacher(link: TeacherLink, by: User) -> None:
    audit.record(by, "teacher_link.delete", pupil=link.pupil, obj=link)
    db.session.delete(link)
    db.session.commit()


def school_teachers(school_id: int) -> list[Membership]:
    """Staff who can be linked to a pupil: teachers, TAs and SENCOs still at the school."""
    return school_staff(school_id, roles=(Role.TEACHER, Role.SENCO), active_only=True)


@functools.cache
def _teacher_names_statement() -> sa.Select:
    return (
        sa.select(Membership.user_id, User.full_name)
        .join(Membership.user)
        .where(
            Membership.school_id == sa.bindparam("school_id"),
            Membership.role.in_((Role.TEACHER, Role.SENCO)),
            Membership.active.is_(True),
        )
        .order_by(Membership.active.desc(), User.full_name)
    )


def school_teacher_names(school_id: int) -> list[sa.Row]:
    """`school_teachers` as (user_id, full_name) rows, in the same order, for a list to
    choose from: no objects to build for every member of staff, and a statement built once."""
    return rows_of(_teacher_names_statement(), {"school_id": school_id})


def set_membership_active(membership: Membership, active: bool, by: User) -> None:
    membership.active = active
    audit.record(
        by,
        "membership.activate" if active else "membership.deactivate",
        school_id=membership.school_id,
        obj=membership,
    )
    db.session.commit()


def open_invitations(school_id: int) -> list[Invitation]:
    return db.session.scalars(
        sa.select(Invitation)
        .where(
            Invitation.school_id == school_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .options(selectinload(Invitation.pupil))
        .order_by(Invitation.created_at.desc())
    ).all()


# The log grows with every record anyone opens; counting all of it took 15 ms at 365,000
# events (a year of a school of 1,000) and would keep growing. Past this many the page says
# "more than", and its pages go on without a last one.
AUDIT_COUNT_LIMIT = 10_000


@dataclass
class AuditPage:
    events: list[AuditEvent]
    total: int  # at most AUDIT_COUNT_LIMIT
    more: bool  # more events than that: total is the limit, not the count
    has_next: bool
    pupils: dict[int, Pupil]


def audit_page(
    school_id: int, *, page: int, per_page: int = 50, pupil_id: int | None = None
) -> AuditPage:
    query = sa.select(AuditEvent).where(AuditEvent.school_id == school_id)
    if pupil_id:
        query = query.where(AuditEvent.pupil_id == pupil_id)
    counted = db.session.scalar(
        sa.select(sa.func.count()).select_from(
            query.with_only_columns(AuditEvent.id).limit(AUDIT_COUNT_LIMIT + 1).subquery()
        )
    )
    events = db.session.scalars(
        query.options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    pupils = {}
    ids = {e.pupil_id for e in events[:per_page] if e.pupil_id}
    if ids:
        pupils = {p.id: p for p in db.session.scalars(sa.select(Pupil).where(Pupil.id.in_(ids)))}
    return AuditPage(
        events=list(events[:per_page]),
        total=min(counted, AUDIT_COUNT_LIMIT),
        more=counted > AUDIT_COUNT_LIMIT,
        has_next=len(events) > per_page,
        pupils=pupils,
    )


def school_staff(
    school_id: int,
    roles: tuple[Role, ...] = (Role.TEACHER, Role.SENCO, Role.ADMIN),
    active_only: bool = False,
) -> list[Membership]:
    query = (
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.school_id == school_id, Membership.role.in_(roles))
        .options(contains_eager(Membership.user))
        .order_by(Membership.active.desc(), User.full_name)
    )
    if active_only:
        query = query.where(Membership.active.is_(True))
    return db.session.scalars(query).all()
