"""Accounts: signing in, invitations, password resets. Services commit; views do not."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import audit, mail
from portal.auth import events, limits, second_factor, sessions
from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.auth.tokens import InvitationKey, ResetKey, keyed_hash, new_token, token_hash
from portal.extensions import db
from portal.models import (
    Invitation,
    Membership,
    ParentLink,
    PasswordReset,
    Pupil,
    Role,
    School,
    User,
    UserSession,
    utcnow,
)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def is_installation_admin(email: str) -> bool:
    user = user_by_email(email)
    return user is not None and user.is_platform_admin


# -- Signing in ---------------------------------------------------------------------------


@dataclass
class SignInResult:
    user: User | None = None
    # The password was right; the second step (a code) is still to come.
    needs_code: bool = False
    # Past the sign-in limits: how long until the next try.
    wait: timedelta | None = None
    # How the second step was passed, when it was: "app" or "recovery".
    code_kind: str | None = None

    @property
    def complete(self) -> bool:
        return self.user is not None and not self.needs_code


def _keys(email: str, ip_address: str) -> tuple[str, str]:
    return keyed_hash(normalise_email(email)), keyed_hash(ip_address or "-")


def sign_in(email: str, password: str, ip_address: str, code: str = "") -> SignInResult:
    """Check a password (and, past the limits, a code with it), within the sign-in limits."""
    now = utcnow()
    account_key, ip_key = _keys(email, ip_address)
    wait = max(
        limits.account_wait(account_key, limits.WRONG_PASSWORD, now),
        limits.address_wait(ip_key, now),
    )
    user = user_by_email(email)
    if wait:
        # Guesses at someone's password never keep them out if they have a second step:
        # with password and code together they get in; without both, nobody does.
        if code and user is not None and user.active and user.has_second_factor:
            if limits.account_wait(account_key, limits.WRONG_CODE, now):
                return SignInResult(wait=wait)
            if not verify_password(user.password_hash, password):
                outcome = limits.WRONG_PASSWORD
            else:
                code_kind = second_factor.use_code(user, code, now)
                if code_kind:
                    _signed_in(user, account_key, ip_key, ip_address, code_kind, now)
                    return SignInResult(user=user, code_kind=code_kind)
                outcome = limits.WRONG_CODE
            limits.record(account_key, ip_key, outcome, now)
            events.record(
                user,
                "sign_in_failed" if outcome == limits.WRONG_PASSWORD else "code_failed",
                now,
                ip_address=ip_address,
            )
            db.session.commit()
        return SignInResult(wait=wait)

    ok = verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and user.active
    if not ok:
        limits.record(account_key, ip_key, limits.WRONG_PASSWORD, now)
        events.record(user, "sign_in_failed", now, ip_address=ip_address)
        db.session.commit()
        return SignInResult()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.has_second_factor:
        db.session.commit()
        return SignInResult(user=user, needs_code=True)
    _signed_in(user, account_key, ip_key, ip_address, None, now)
    return SignInResult(user=user)


def second_step(user: User, code: str, ip_address: str) -> SignInResult:
    """The second step, after the right password: a code from the app or a recovery code."""
    now = utcnow()
    account_key, ip_key = _keys(user.email, ip_address)
    wait = limits.account_wait(account_key, limits.WRONG_CODE, now)
    if wait:
        return SignInResult(user=user, needs_code=True, wait=wait)
    code_kind = second_factor.use_code(user, code, now)
    if code_kind is None:
        limits.record(account_key, ip_key, limits.WRONG_CODE, now)
        events.record(user, "code_failed", now, ip_address=ip_address)
        db.session.commit()
        return SignInResult(user=user, needs_code=True)
    _signed_in(user, account_key, ip_key, ip_address, code_kind, now)
    return SignInResult(user=user, code_kind=code_kind)


def _signed_in(user, account_key, ip_key, ip_address, code_kind, now) -> None:
    limits.record(account_key, ip_key, limits.SIGNED_IN, now)
    user.last_login_at = now
    events.record(
        user,
        "recovery_code_used" if code_kind == "recovery" else "signed_in",
        now,
        ip_address=ip_address,
    )
    db.session.commit()


def signed_in_by_link(user: User, ip_address: str) -> None:
    """Signed in by a link from their email (a reset or an invitation), not the sign-in page."""
    events.record(user, "signed_in", utcnow(), ip_address=ip_address)
    db.session.commit()


def sign_out(
    user: User, ip_address: str, this: UserSession | None, *, everywhere: bool = False
) -> None:
    """End this browser's session, or (everywhere) every session of this person."""
    now = utcnow()
    if everywhere:
        sessions.end_all(user, "everywhere", now)
    elif this is not None:
        sessions.end(this, "signed_out", now)
    events.record(
        user, "signed_out_everywhere" if everywhere else "signed_out", now, ip_address=ip_address
    )
    db.session.commit()


def end_other_session(user: User, record: UserSession, ip_address: str) -> None:
    """End one of this person's sessions on another device."""
    now = utcnow()
    sessions.end(record, "ended", now)
    events.record(user, "session_ended", now, ip_address=ip_address)
    db.session.commit()


def switch_role(user: User, ip_address: str) -> None:
    events.record(user, "role_switched", utcnow(), ip_address=ip_address)
    db.session.commit()


PASSWORD_CHANGED_SUBJECT = _l("Your password was changed")
SIGN_IN_CHANGED_SUBJECT = _l("How you sign in to the SEND portal has changed")


def tell(user: User, what: str, now=None) -> None:
    """Email the person that their password or second step changed (caller commits): if it
    was not them, they learn at once and know what to do."""
    mail.send(
        to=user.email,
        kind=f"account.{what}",
        subject=PASSWORD_CHANGED_SUBJECT if what == "password" else SIGN_IN_CHANGED_SUBJECT,
        template="email/account_changed.txt",
        user=user,
        school=user.memberships[0].school if user.memberships else None,
        what=what,
        when=now or utcnow(),
        link_to=(user, "password help"),
    )


def change_password(user: User, password: str, ip_address: str, *, by_reset: bool) -> None:
    """A new password ends every session (the caller signs this device in again) and the
    person is told by email."""
    now = utcnow()
    user.password_hash = hash_password(password)
    sessions.end_all(user, "password", now)
    events.record(
        user, "password_reset" if by_reset else "password_changed", now, ip_address=ip_address
    )
    tell(user, "password", now)


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
        link_to=(InvitationKey(token), "invitee"),
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
        user.password_hash = hash_password(password)
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


def request_password_reset(email: str, ip_address: str) -> None:
    """Email a reset link if the account exists. Says nothing either way to the requester.

    A new link ends any earlier one. At most PASSWORD_RESETS_PER_HOUR links an hour go to
    one account, and an address asking for many accounts' links is slowed like a sign-in.
    """
    now = utcnow()
    account_key, ip_key = _keys(email, ip_address)
    hour_ago = now - timedelta(hours=1)
    per_hour = current_app.config["PASSWORD_RESETS_PER_HOUR"]
    too_many = (
        limits.count(limits.RESET_ASKED, ip_key=ip_key, since=hour_ago)
        >= current_app.config["LOGIN_ADDRESS_FREE_FAILURES"]
        or limits.count(limits.RESET_ASKED, account_key=account_key, since=hour_ago) >= per_hour
    )
    if too_many:
        return  # nothing more is written for a flood
    limits.record(account_key, ip_key, limits.RESET_ASKED, now)
    user = user_by_email(email)
    if user is None or not user.active:
        db.session.commit()
        return
    for earlier in db.session.scalars(
        sa.select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    ):
        earlier.used_at = now
    token, hashed = new_token()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(user=user, token_hash=hashed, expires_at=now + timedelta(minutes=minutes))
    )
    events.record(user, "password_reset_asked", now, ip_address=ip_address)
    school = user.memberships[0].school if user.memberships else None
    mail.send(
        to=user.email,
        kind="password_reset",
        subject=RESET_SUBJECT,
        template="email/password_reset.txt",
        user=user,
        school=school,
        link_to=(ResetKey(token), "account holder"),
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


def complete_password_reset(reset: PasswordReset, password: str, ip_address: str) -> User:
    """Set the new password. The link came to the person's email, so it also lifts the
    sign-in limits on their account."""
    user = reset.user
    now = utcnow()
    change_password(user, password, ip_address, by_reset=True)
    # Every outstanding link for this account stops working once one is used.
    for other in db.session.scalars(
        sa.select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    ):
        other.used_at = now
    account_key, ip_key = _keys(user.email, ip_address)
    limits.record(account_key, ip_key, limits.RESET, now)
    db.session.commit()
    return user
