"""Who a school's designated safeguarding leads are, and the alerts they are sent.

When a pupil says they do not feel safe (the lowest face for feeling safe, or a worry
marked "I do not feel safe"), each lead is told at once: an email with nothing but a link,
and an alert at the top of their list until one of them has dealt with it.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.pupil import Pupil
from portal.models.school import School
from portal.models.user import User


class SafeguardingLead(Base):
    """A member of staff who is a designated safeguarding lead (or deputy) at a school."""

    __tablename__ = "safeguarding_lead"
    __table_args__ = (sa.UniqueConstraint("school_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class AlertSource(enum.Enum):
    """What the pupil did that raised the alert."""

    FEELING_UNSAFE = "feeling_unsafe"  # the lowest face for "How safe do you feel at school?"
    WORRY_UNSAFE = "worry_unsafe"  # a worry the pupil marked "I do not feel safe"

    @property
    def label(self) -> str:
        return ALERT_SOURCE_LABELS[self]


ALERT_SOURCE_LABELS = {
    AlertSource.FEELING_UNSAFE: _l(
        "Chose the lowest face for “How safe do you feel at school?” in their views"
    ),
    AlertSource.WORRY_UNSAFE: _l("Raised a worry and said “I do not feel safe”"),
}


class SafetyAlert(Base):
    __tablename__ = "safety_alert"
    __table_args__ = (sa.Index("ix_safety_alert_school_open", "school_id", "dealt_with_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"))
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    source: Mapped[AlertSource]
    # The views or the worry it came from, so the lead can open it.
    source_id: Mapped[int | None]
    # The pupil, or the adult who was sitting with them.
    raised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when no lead was named and the school's SENCOs were told instead.
    sent_to_sencos: Mapped[bool] = mapped_column(default=False)
    first_seen_at: Mapped[datetime | None]
    first_seen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    dealt_with_at: Mapped[datetime | None]
    dealt_with_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # What the lead did, kept for the safeguarding record.
    action_note: Mapped[str | None] = mapped_column(sa.Text)

    school: Mapped[School] = relationship()
    pupil: Mapped[Pupil] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    first_seen_by: Mapped[User | None] = relationship(foreign_keys=[first_seen_by_id])
    dealt_with_by: Mapped[User | None] = relationship(foreign_keys=[dealt_with_by_id])

    @property
    def is_open(self) -> bool:
        return self.dealt_with_at is None

    def __repr__(self) -> str:
        return f"<SafetyAlert {self.id}>"
