"""The one access rule: who may reach which pupil, in which role.

A parent reaches only pupils linked to them; a pupil only themself; a teacher only the
pupils linked to them at a school where they teach; a SENCO every pupil of their own
school. Nobody reaches another school's data. Someone else's object answers 404, so an id
reveals nothing. Every route loads pupils through here.
"""

from collections.abc import Iterable
from functools import wraps

import sqlalchemy as sa
from flask import abort, g, session
from flask_login import current_user, login_required

from portal import audit
from portal.extensions import db
from portal.models import Membership, ParentLink, Pupil, Role, School, TeacherLink, User

STAFF_ROLES = (Role.SENCO, Role.TEACHER)


def active_memberships(user: User) -> list[Membership]:
    # The installation's administrator holds no role at any school, even if a row says so.
    if user.is_platform_admin:
        return []
    return [m for m in user.memberships if m.active]


def schools_where(user: User, role: Role) -> list[int]:
    return [m.school_id for m in active_memberships(user) if m.role is role]


def current_membership() -> Membership | None:
    """The role the signed-in person is acting in now (chosen if they hold several)."""
    if "membership" in g:
        return g.membership
    membership = None
    if current_user.is_authenticated:
        memberships = active_memberships(current_user)
        chosen = session.get("membership_id")
        membership = next((m for m in memberships if m.id == chosen), None)
        if membership is None and memberships:
            membership = memberships[0]
    g.membership = membership
    return membership


def select_role_for(school_id: int, role: Role) -> None:
    """Act in this role at this school from now on, if the person holds it."""
    for membership in active_memberships(current_user):
        if membership.school_id == school_id and membership.role is role:
            session["membership_id"] = membership.id
            g.pop("membership", None)
            return


def current_school() -> School | None:
    membership = current_membership()
    return membership.school if membership is not None else getattr(g, "school", None)


def reach_clause(user: User, roles: Iterable[Role]) -> sa.ColumnElement[bool]:
    """A WHERE clause on Pupil: the pupils this user may reach in any of these roles."""
    clauses = []
    for role in roles:
        schools = schools_where(user, role)
        if not schools:
            continue
        in_school = Pupil.school_id.in_(schools)
        if role is Role.PARENT:
            linked = sa.exists().where(
                ParentLink.pupil_id == Pupil.id, ParentLink.user_id == user.id
            )
            clauses.append(sa.and_(in_school, linked))
        elif role is Role.PUPIL:
            clauses.append(sa.and_(in_school, Pupil.user_id == user.id))
        elif role is Role.TEACHER:
            linked = sa.exists().where(
                TeacherLink.pupil_id == Pupil.id, TeacherLink.user_id == user.id
            )
            clauses.append(sa.and_(in_school, linked))
        elif role is Role.SENCO:
            clauses.append(in_school)
    return sa.or_(*clauses) if clauses else sa.false()


def pupils_query(user: User, *roles: Role) -> sa.Select:
    """All pupils this user reaches in these roles, for lists."""
    return sa.select(Pupil).where(reach_clause(user, roles))


def can_reach(user: User, pupil: Pupil, *roles: Role) -> bool:
    found = db.session.scalar(
        sa.select(Pupil.id).where(Pupil.id == pupil.id, reach_clause(user, roles))
    )
    return found is not None


def pupil_for(user: User, pupil_id: int, *roles: Role, action: str = "pupil.view") -> Pupil:
    """Load one pupil the user may reach in one of these roles, audit the read, or 404."""
    pupil = db.session.scalar(
        sa.select(Pupil).where(Pupil.id == pupil_id, reach_clause(user, roles))
    )
    if pupil is None:
        abort(404)
    if action:
        audit.record_read(user, action, pupil=pupil)
    return pupil


def staff_school(user: User, school_id: int, *roles: Role) -> bool:
    return any(school_id in schools_where(user, role) for role in roles)


def role_required(*roles: Role):
    """Route guard: the person must be acting in one of these roles right now.

    The object-level check still happens when the object is loaded (pupil_for).
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            membership = current_membership()
            if membership is None or membership.role not in roles:
                # Someone holding the role elsewhere may switch to it; others get 403.
                switch_to = next(
                    (m for m in active_memberships(current_user) if m.role in roles), None
                )
                if switch_to is None:
                    abort(403)
                session["membership_id"] = switch_to.id
                g.membership = switch_to
            return view(*args, **kwargs)

        return wrapped

    return decorator


def platform_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_platform_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
