"""A pupil's worry, told from their own page to the SENCO or an adult they trust at school.

Easy-read, one question a page: who to tell, what it is about (cards and words), and
whether they feel safe. The adult it is sent to reads it and replies; the pupil sees
when it was read and the reply. "I do not feel safe" tells the safeguarding lead at once.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.pupil import Pupil
from portal.models.school import School
from portal.models.user import User


class WorryStatus(enum.Enum):
    DRAFT = "draft"
    SENT = "sent"


class FeelsSafe(enum.Enum):
    SAFE = "safe"
    NOT_SAFE = "not_safe"
    NOT_SURE = "not_sure"


class Worry(Base):
    __tablename__ = "worry"
    __table_args__ = (sa.Index("ix_worry_to_status", "to_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    raised_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    # The adult at school the pupil chose to tell (a member of staff).
    to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    status: Mapped[WorryStatus] = mapped_column(default=WorryStatus.DRAFT)
    # What it is about: keys of symbol_banks.WORRY_CARDS, and the pupil's own words.
    about: Mapped[list] = mapped_column(sa.JSON, default=list)
    text: Mapped[str | None] = mapped_column(sa.Text)
    feels_safe: Mapped[FeelsSafe | None]
    language: Mapped[str | None] = mapped_column(sa.String(10))
    step: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    reply: Mapped[str | None] = mapped_column(sa.Text)
    replied_at: Mapped[datetime | None]
    replied_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    school: Mapped[School] = relationship()
    pupil: Mapped[Pupil] = relationship()
    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    to: Mapped[User | None] = relationship(foreign_keys=[to_id])
    read_by: Mapped[User | None] = relationship(foreign_keys=[read_by_id])
    replied_by: Mapped[User | None] = relationship(foreign_keys=[replied_by_id])

    @property
    def is_sent(self) -> bool:
        return self.status is WorryStatus.SENT

    @property
    def unsafe(self) -> bool:
        return self.feels_safe is FeelsSafe.NOT_SAFE

    def __repr__(self) -> str:
        return f"<Worry {self.id}>"
