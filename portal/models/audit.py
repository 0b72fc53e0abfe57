"""The audit trail: who read or changed which pupil's record, and when."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.user import User


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_school_at", "school_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(sa.ForeignKey("school.id"))
    pupil_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    # A dotted verb such as "pupil.view", "pupil.update", "invitation.create".
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]

    actor: Mapped[User | None] = relationship()


class EmailMessage(Base):
    """What was sent to whom and why; the body itself is never stored."""

    __tablename__ = "email_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(sa.ForeignKey("school.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    kind: Mapped[str] = mapped_column(sa.String(40))
    locale: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(sa.String(255))
