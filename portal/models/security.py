"""Sessions kept in the database, the sign-in record, recovery codes and forms held over a
sign-in: what lets a data protection officer say who was signed in, where, and for how long."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.user import User


class UserSession(Base):
    """One signed-in browser. The cookie holds a random key; only its hash is kept here, so
    every instance behind a load balancer sees the same sessions, and ending a row ends the
    sign-in everywhere at once (sign out, sign out everywhere, a new password)."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The limits, fixed when the session starts (by role: staff shorter than families).
    idle_minutes: Mapped[int]
    expires_at: Mapped[datetime]
    # "Firefox on Android": enough to recognise a device in the list, nothing more.
    device: Mapped[str] = mapped_column(sa.String(80), default="")
    ended_at: Mapped[datetime | None]
    # signed_out, everywhere, ended (from another device), password, second_factor, expired
    end_reason: Mapped[str | None] = mapped_column(sa.String(20))
    # A second-step secret being set up from this device, until its first code is typed.
    pending_totp_secret: Mapped[str | None] = mapped_column(sa.String(64))

    user: Mapped[User] = relationship()

    def expired(self, now: datetime) -> bool:
        """Past its absolute limit, or unused for longer than its idle limit."""
        idle = timedelta(minutes=self.idle_minutes)
        return now >= self.expires_at or now >= self.last_seen_at + idle


class SignInEvent(Base):
    """The sign-in record: every sign-in, failure, reset, password or second-step change and
    role switch, with when and from which address. Kept a year (SIGN_IN_RECORD_DAYS), read by
    a school's SENCOs (for their staff) and the installation's administrator."""

    __tablename__ = "sign_in_event"
    __table_args__ = (sa.Index("ix_sign_in_event_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Whose account; none when the email typed matched no account (the email is not kept).
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # Who did it, when it was someone else (a SENCO removing a lost phone's second step).
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class RecoveryCode(Base):
    """A one-time code for signing in without the phone. 80 random bits, so a SHA-256 of it
    is safe to keep; used once, then marked."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class HeldForm(Base):
    """A form sent just after its sender's session ended: kept for them (and only them) until
    they sign in again and choose to send it, so nothing typed is lost. Passwords and the form
    token are never kept. Forgotten after a day."""

    __tablename__ = "held_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    path: Mapped[str] = mapped_column(sa.String(500))
    # JSON: [[name, value], ...] in the order the browser sent them.
    fields: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
