"""Accounts: signing in, invitations, password resets. Services commit; views do not."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import audit, mail
from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.auth.tokens import keyed_hash, new_token, token_hash
from portal.extensions import db
from portal.models import (
    Invitation,
    LoginAttempt,
    Membership,
    ParentLink,
    PasswordReset,
    Pupil,
    Role,
    School,
    User,
    utcnow,
)
from portal.models.user import new_session_token


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


# -- Signing in ---------------------------------------------------------------------------


@dataclass
class SignInResult:
    user: User | None = None
    blocked: bool = False


def _recent_failures(column, key: str) -> int:
    config = current_app.config
    since = utcnow() - timedelta(minutes=config["LOGIN_ATTEMPT_WINDOW_MINUTES"])
    last_success = db.session.scalar(
        sa.select(sa.func.max(LoginAttempt.at)).where(column == key, LoginAttempt.succeeded)
    )
    if last_success is not None and last_success > since:
        since = last_success
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LoginAttempt)
        .where(column == key, LoginAttempt.at > since, sa.not_(LoginAttempt.succeeded))
    )


def sign_in(email: str, password: str, ip_address: str) -> SignInResult:
    """Check a password, counting failures per account and per address to slow guessing."""
    config = current_app.config
    account_key, ip_key = keyed_hash(normalise_email(email)), keyed_hash(ip_address or "-")
    if (
        _recent_failures(LoginAttempt.account_key, account_key) >= config["LOGIN_ATTEMPT_LIMIT"]
        or _recent_failures(LoginAttempt.ip_key, ip_key) >= config["LOGIN_IP_ATTEMPT_LIMIT"]
    ):
        return SignInResult(blocked=True)

    user = user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and user.active
    db.session.add(LoginAttempt(account_key=account_key, ip_key=ip_key, succeeded=ok))
    db.session.execute(
        sa.delete(LoginAttempt).where(LoginAttempt.at < utcnow() - timedelta(days=1))
    )
    if ok:
        user.last_login_at = utcnow()
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
    db.session.commit()
    return SignInResult(user=user if ok else None)


def set_password(user: User, password: str) -> None:
    """Change a password; a new session token signs out every other device."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()


# -- Invitations ------------------------------------------------------------------------

INVITATION_SUBJECT = _l("You are invited to the school's SEND portal")


def invite(
    *,
    school: School,
    invited_by: User,
    email: str,
    full_name: str,
    role: Role,
    pupil: Pupil | None = None,
    relationship: str | None = None,
    title: str | None = None,
    locale: str | None = None,
) -> Invitation:
    """Create an invitation and email its link; earlier unused ones for the same place lapse."""
    email = normalise_email(email)
    now = utcnow()
    earlier = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.school_id == school.id,
            Invitation.email == email,
            Invitation.role == role,
            Invitation.pupil_id == (pupil.id if pupil else None),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    )
    for old in earlier:
        old.revoked_at = now
    token, hashed = new_token()
    invitation = Invitation(
        school_id=school.id,
        email=email,
        full_name=full_name.strip(),
        role=role,
        title=(title or "").strip() or None,
        pupil_id=pupil.id if pupil else None,
        relationship_to_pupil=relationship,
        locale=locale,
        token_hash=hashed,
        invited_by_id=invited_by.id,
        expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(invited_by, "invitation.create", pupil=pupil, school_id=school.id, obj=invitation)
    existing = user_by_email(email)
    mail.send(
        to=email,
        kind="invitation",
        subject=INVITATION_SUBJECT,
        template="email/invitation.txt",
        user=existing,
        school=school,
        locale=locale or (existing.locale if existing else None) or school.default_locale,
        invitation=invitation,
        link=mail.external_url("auth.accept_invitation", token=token),
        days=current_app.config["INVITATION_DAYS"],
    )
    db.session.commit()
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    return db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == token_hash(token))
    )


def accept_invitation(
    invitation: Invitation,
    *,
    password: str | None,
    locale: str | None,
    full_name: str | None = None,
) -> User:
    """Turn an invitation into an account (or a new role for an existing account). Works once."""
    user = user_by_email(invitation.email)
    if user is None:
        user = User(email=invitation.email, full_name=(full_name or invitation.full_name).strip())
        db.session.add(user)
    if password:
        set_password(user, password)
    if locale:
        user.locale = locale
    db.session.flush()
    _grant(user, invitation)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    audit.record(
        user,
        "invitation.accept",
        pupil=invitation.pupil,
        school_id=invitation.school_id,
        obj=invitation,
    )
    db.session.commit()
    return user


def _grant(user: User, invitation: Invitation) -> None:
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user.id,
            Membership.school_id == invitation.school_id,
            Membership.role == invitation.role,
        )
    )
    if membership is None:
        membership = Membership(user=user, school_id=invitation.school_id, role=invitation.role)
        db.session.add(membership)
    membership.active = True
    if invitation.title:
        membership.title = invitation.title
    pupil = invitation.pupil
    if pupil is None:
        return
    if invitation.role is Role.PARENT:
        link = db.session.scalar(
            sa.select(ParentLink).where(
                ParentLink.user_id == user.id, ParentLink.pupil_id == pupil.id
            )
        )
        if link is None:
            db.session.add(
                ParentLink(
                    user=user,
                    pupil=pupil,
                    relationship_to_pupil=invitation.relationship_to_pupil or "parent",
                )
            )
    elif invitation.role is Role.PUPIL:
        pupil.user = user


def revoke_invitation(invitation: Invitation, by: User) -> None:
    invitation.revoked_at = utcnow()
    audit.record(
        by,
        "invitation.revoke",
        pupil=invitation.pupil,
        school_id=invitation.school_id,
        obj=invitation,
    )
    db.session.commit()


# -- Password resets --------------------------------------------------------------------

RESET_SUBJECT = _l("Reset your password for the SEND portal")


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists. Says nothing either way to the requester."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    token, hashed = new_token()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(
            user=user, token_hash=hashed, expires_at=utcnow() + timedelta(minutes=minutes)
        )
    )
    school = user.memberships[0].school if user.memberships else None
    mail.send(
        to=user.email,
        kind="password_reset",
        subject=RESET_SUBJECT,
        template="email/password_reset.txt",
        user=user,
        school=school,
        link=mail.external_url("auth.reset_password", token=token),
        minutes=minutes,
    )
    db.session.commit()


def usable_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset


def complete_password_reset(reset: PasswordReset, password: str) -> User:
    user = reset.user
    set_password(user, password)
    now = utcnow()
    # Every outstanding link for this account stops working once one is used.
    for other in db.session.scalars(
        sa.select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    ):
        other.used_at = now
    db.session.commit()
    return user
