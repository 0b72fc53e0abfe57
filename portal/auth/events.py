"""The sign-in record: who signed in or tried to, what changed about how they sign in, when,
and from which address. A school's SENCOs read it for their staff; the installation's
administrator reads all of it. Kept for SIGN_IN_RECORD_DAYS (a year), then deleted by
`flask --app portal security purge`.

Never written to the application log: the log holds no names, emails or addresses.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import HeldForm, Membership, PasswordReset, Role, SignInEvent, User

ACTIONS = {
    "signed_in": _l("Signed in"),
    "sign_in_failed": _l("Wrong password"),
    "code_failed": _l("Wrong code at the second step"),
    "recovery_code_used": _l("Signed in with a recovery code"),
    "signed_out": _l("Signed out"),
    "signed_out_everywhere": _l("Signed out everywhere"),
    "session_ended": _l("Ended a session on another device"),
    "password_reset_asked": _l("Asked for a password reset link"),
    "password_reset": _l("Reset the password by email link"),
    "password_changed": _l("Changed the password"),
    "second_factor_added": _l("Set up a second step"),
    "second_factor_removed": _l("Turned off the second step"),
    "second_factor_reset": _l("Second step removed (lost phone)"),
    "recovery_codes_renewed": _l("Made new recovery codes"),
    "role_switched": _l("Switched role"),
}
STAFF_ROLES = (Role.TEACHER, Role.SENCO, Role.ADMIN)
PAGE_SIZE = 50


def record(
    user: User | None,
    action: str,
    now: datetime,
    *,
    ip_address: str | None = None,
    actor: User | None = None,
) -> None:
    """Add one event; the caller commits with the change it records."""
    assert action in ACTIONS, action
    db.session.add(
        SignInEvent(
            at=now,
            user_id=user.id if user is not None else None,
            actor_id=actor.id if actor is not None else None,
            action=action,
            ip_address=(ip_address or None) and ip_address[:45],
        )
    )


def school_staff_ids(school_id: int) -> sa.Select:
    return sa.select(Membership.user_id).where(
        Membership.school_id == school_id,
        Membership.role.in_(STAFF_ROLES),
        Membership.active.is_(True),
    )


def page(*, school_id: int | None, page_number: int) -> tuple[list[SignInEvent], int]:
    """One page of the record, newest first: a school's staff only, or (None) everyone's."""
    query = sa.select(SignInEvent)
    if school_id is not None:
        query = query.where(SignInEvent.user_id.in_(school_staff_ids(school_id)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.options(selectinload(SignInEvent.user), selectinload(SignInEvent.actor))
        .order_by(SignInEvent.at.desc(), SignInEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page_number - 1) * PAGE_SIZE)
    ).all()
    return events, total


def purge(now: datetime) -> dict[str, int]:
    """Delete what is kept no longer: the sign-in record past its days, ended sessions, used or
    expired reset links, forms held over a sign-in, old sign-in tries."""
    from portal.auth import limits
    from portal.models import UserSession

    keep = timedelta(days=current_app.config["SIGN_IN_RECORD_DAYS"])
    done = {
        "sign-in events": db.session.execute(
            sa.delete(SignInEvent).where(SignInEvent.at < now - keep)
        ).rowcount,
        "sessions": db.session.execute(
            sa.delete(UserSession).where(
                sa.or_(
                    UserSession.ended_at < now - timedelta(days=1),
                    UserSession.expires_at < now - timedelta(days=1),
                )
            )
        ).rowcount,
        "reset links": db.session.execute(
            sa.delete(PasswordReset).where(PasswordReset.expires_at < now - timedelta(days=1))
        ).rowcount,
        "held forms": db.session.execute(
            sa.delete(HeldForm).where(HeldForm.created_at < now - timedelta(days=1))
        ).rowcount,
        "sign-in tries": limits.forget_old(now),
    }
    db.session.commit()
    return done
