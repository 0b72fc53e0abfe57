"""Queries about people that several parts of the portal share."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from portal.extensions import db
from portal.models import Membership, ParentLink, Pupil, Role, TeacherLink, User


def school_contacts(school_id: int) -> list[Membership]:
    """The SENCOs a family can contact at a school."""
    return db.session.scalars(
        sa.select(Membership)
        .where(
            Membership.school_id == school_id,
            Membership.role == Role.SENCO,
            Membership.active.is_(True),
        )
        .options(joinedload(Membership.user))
        .order_by(Membership.id)
    ).all()


_SENCO_NAMES = (  # built once: a family's and a pupil's pages ask on every request
    sa.select(User.full_name)
    .join(Membership, Membership.user_id == User.id)
    .where(
        Membership.school_id == sa.bindparam("school_id"),
        Membership.role == Role.SENCO,
        Membership.active.is_(True),
    )
    .order_by(Membership.id)
)


def senco_names(school_id: int) -> list[str]:
    """The names of the SENCOs a family or pupil can talk to at a school (school_contacts'
    people, in the same order), for pages that show only their names."""
    return db.session.scalars(_SENCO_NAMES, {"school_id": school_id}).all()


def sencos(school_id: int) -> list[User]:
    """The school's SENCOs who can act now (active on its staff, their account open)."""
    return db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.school_id == school_id,
            Membership.role == Role.SENCO,
            Membership.active.is_(True),
            User.active.is_(True),
        )
        .order_by(User.full_name, User.id)
    ).all()


def parents_of(pupil: Pupil) -> list[ParentLink]:
    return db.session.scalars(
        sa.select(ParentLink)
        .where(ParentLink.pupil_id == pupil.id)
        .options(joinedload(ParentLink.user))
        .order_by(ParentLink.id)
    ).all()


def teachers_of(pupil: Pupil) -> list[TeacherLink]:
    return db.session.scalars(
        sa.select(TeacherLink)
        .join(TeacherLink.user)
        .where(TeacherLink.pupil_id == pupil.id)
        .options(contains_eager(TeacherLink.user))
        .order_by(User.full_name)
    ).all()
