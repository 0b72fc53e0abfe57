"""Reminders: how each person wants them, and which were sent, so each goes once."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class Channel(enum.Enum):
    EMAIL = "email"
    TEXT = "text"
    NONE = "none"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    Channel.EMAIL: _l("By email"),
    Channel.TEXT: _l("By text message"),
    Channel.NONE: _l("No reminders"),
}


class ReminderPreference(Base):
    """How a person wants to be reminded; without a row, by email."""

    __tablename__ = "reminder_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), unique=True)
    channel: Mapped[Channel] = mapped_column(default=Channel.EMAIL)
    # A UK mobile number for texts, as typed.
    mobile: Mapped[str | None] = mapped_column(sa.String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SentReminder(Base):
    """One reminder to one person about one thing. The key is unique: a run claims a
    reminder by inserting its row, so two runs at once never send it twice."""

    __tablename__ = "sent_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "meeting_tomorrow:42:7": the kind, the thing, the person.
    key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    school_id: Mapped[int | None] = mapped_column(sa.ForeignKey("school.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    channel: Mapped[Channel | None]
    run_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # Why it could not be sent (the exception's name, never the message); a later run
    # tries again, up to three attempts in all.
    error: Mapped[str | None] = mapped_column(sa.String(80))
    attempts: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
