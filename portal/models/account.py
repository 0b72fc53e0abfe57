"""Invitations, password resets and sign-in attempts: the account lifecycle."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.pupil import Pupil
from portal.models.school import School
from portal.models.user import Role, User


class Invitation(Base):
    """A link sent by email that lets someone set a password and join a school in a role.

    Only a hash of the token is kept, so a copy of the database cannot be used to sign in.
    """

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    full_name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role]
    title: Mapped[str | None] = mapped_column(sa.String(100))
    # For a parent or a pupil: which pupil the new account is linked to.
    pupil_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    relationship_to_pupil: Mapped[str | None] = mapped_column(sa.String(40))
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None]

    school: Mapped[School] = relationship()
    pupil: Mapped[Pupil | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()


class PasswordReset(Base):
    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """A sign-in try, for the sign-in limits (auth/limits.py). Keyed by keyed hashes, so no
    email or IP address is stored; forgotten after a day."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        sa.Index("ix_login_attempt_account_at", "account_key", "at"),
        sa.Index("ix_login_attempt_ip_at", "ip_key", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    account_key: Mapped[str] = mapped_column(sa.String(64))
    ip_key: Mapped[str] = mapped_column(sa.String(64))
    # "password" or "code" (a wrong one), "signed_in", or "reset" (a reset link was used):
    # the last two clear the account's count, never the address's.
    outcome: Mapped[str] = mapped_column(sa.String(16))
