"""People who sign in, and the roles they hold at each school."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.school import School


class Role(enum.Enum):
    PARENT = "parent"
    PUPIL = "pupil"
    TEACHER = "teacher"
    SENCO = "senco"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self in (Role.TEACHER, Role.SENCO, Role.ADMIN)

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PARENT: _l("Parent or carer"),
    Role.PUPIL: _l("Pupil"),
    Role.TEACHER: _l("Teacher or teaching assistant"),
    Role.SENCO: _l("SENCO"),
    Role.ADMIN: _l("School administrator"),
}


class User(UserMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    # Installation administrators manage schools; they see no pupil records.
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The second sign-in step (auth/second_factor.py): the authentication app's secret
    # (base32), when it was set up, and the last time step whose code was accepted, so a code
    # seen over someone's shoulder cannot be used again.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Membership.id"
    )

    # Flask-Login keeps the key of the person's session row (auth/sessions.py), not this id.

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def is_staff(self) -> bool:
        """Works for a school or the installation: shorter sessions (auth/sessions.py)."""
        return self.is_platform_admin or any(m.active and m.role.is_staff for m in self.memberships)

    @property
    def needs_second_factor(self) -> bool:
        """SENCOs and administrators see the most: they must use a second sign-in step."""
        return self.is_platform_admin or any(
            m.active and m.role in (Role.SENCO, Role.ADMIN) for m in self.memberships
        )

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Membership(Base):
    """One role at one school. The same person may be a parent here and a teacher there."""

    __tablename__ = "membership"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "school_id", "role"),
        # A school's staff, or its SENCO, without reading its hundreds of parents.
        sa.Index("ix_membership_school_id_role", "school_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"))
    role: Mapped[Role]
    # A job title shown to families, e.g. "Class teacher" or "Teaching assistant".
    title: Mapped[str | None] = mapped_column(sa.String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    school: Mapped[School] = relationship()
