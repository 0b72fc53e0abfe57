"""Meetings about a pupil: who is invited, where, and whether an interpreter is needed.

The record of what was said and agreed hangs off a meeting too (the plans feature adds it).
"""

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, sparse_index, utcnow
from portal.models.pupil import Pupil
from portal.models.school import School
from portal.models.user import User


class MeetingKind(enum.Enum):
    INITIAL = "initial"
    SEN_SUPPORT_REVIEW = "sen_support_review"
    EHC_ANNUAL_REVIEW = "ehc_annual_review"
    SPECIALIST = "specialist"
    OTHER = "other"

    @property
    def label(self) -> str:
        return MEETING_KIND_LABELS[self]

    @property
    def family_words(self) -> str:
        return MEETING_KIND_FAMILY_WORDS[self]


MEETING_KIND_LABELS = {
    MeetingKind.INITIAL: _l("Initial discussion"),
    MeetingKind.SEN_SUPPORT_REVIEW: _l("SEN support review"),
    MeetingKind.EHC_ANNUAL_REVIEW: _l("EHC plan annual review"),
    MeetingKind.SPECIALIST: _l("Meeting with a specialist"),
    MeetingKind.OTHER: _l("Other meeting"),
}

# What a parent reads: what the meeting is for, in plain words.
MEETING_KIND_FAMILY_WORDS = {
    MeetingKind.INITIAL: _l("A first talk about the help your child may need"),
    MeetingKind.SEN_SUPPORT_REVIEW: _l(
        "A review of your child's SEN support: what is working and what to do next"
    ),
    MeetingKind.EHC_ANNUAL_REVIEW: _l("The yearly review of your child's EHC plan"),
    MeetingKind.SPECIALIST: _l("A meeting with a specialist who is helping your child"),
    MeetingKind.OTHER: _l("A meeting about your child"),
}


class MeetingOutcome(enum.Enum):
    """What happened, recorded after the date (Code 6.65 counts meetings held)."""

    HELD = "held"
    REARRANGED = "rearranged"
    CANCELLED = "cancelled"
    FAMILY_DID_NOT_COME = "family_did_not_come"

    @property
    def label(self) -> str:
        return MEETING_OUTCOME_LABELS[self]


MEETING_OUTCOME_LABELS = {
    MeetingOutcome.HELD: _l("Held"),
    MeetingOutcome.REARRANGED: _l("Rearranged for another day"),
    MeetingOutcome.CANCELLED: _l("Cancelled"),
    MeetingOutcome.FAMILY_DID_NOT_COME: _l("The family did not come"),
}


class InviteeRole(enum.Enum):
    PARENT = "parent"
    PUPIL = "pupil"
    STAFF = "staff"
    OTHER = "other"


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (sa.Index("ix_meeting_school_starts", "school_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"))
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    kind: Mapped[MeetingKind]
    # In UTC, like every datetime here; pages show it in the school's time zone.
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(sa.SmallInteger, default=45)
    place: Mapped[str | None] = mapped_column(sa.String(200))
    video_link: Mapped[str | None] = mapped_column(sa.String(500))
    # What the meeting is for, in words the family reads.
    purpose: Mapped[str | None] = mapped_column(sa.Text)
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str | None] = mapped_column(sa.String(10))
    booked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None]
    # After the date: what happened, who came, whether the interpreter was used.
    outcome: Mapped[MeetingOutcome | None] = mapped_column(index=True)
    outcome_note: Mapped[str | None] = mapped_column(sa.Text)
    interpreter_used: Mapped[bool | None]
    outcome_recorded_at: Mapped[datetime | None]
    outcome_recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    school: Mapped[School] = relationship()
    pupil: Mapped[Pupil] = relationship()
    booked_by: Mapped[User | None] = relationship(foreign_keys=[booked_by_id])
    outcome_recorded_by: Mapped[User | None] = relationship(foreign_keys=[outcome_recorded_by_id])
    attendees: Mapped[list["MeetingAttendee"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingAttendee.id"
    )
    invitees: Mapped[list["MeetingInvitee"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingInvitee.id"
    )
    views_requests: Mapped[list["ViewsRequest"]] = relationship(  # noqa: F821
        back_populates="meeting", order_by="ViewsRequest.id"
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_upcoming(self) -> bool:
        return not self.is_cancelled and self.ends_at >= utcnow()

    @property
    def is_past(self) -> bool:
        return not self.is_cancelled and self.ends_at < utcnow()

    @property
    def was_held(self) -> bool:
        return self.outcome is MeetingOutcome.HELD

    @property
    def parent_came(self) -> bool:
        return self.was_held and any(a.role is InviteeRole.PARENT for a in self.attendees)

    def __repr__(self) -> str:
        return f"<Meeting {self.id}>"


class MeetingInvitee(Base):
    """Someone invited: a parent, the pupil or staff with an account, or anyone else by name."""

    __tablename__ = "meeting_invitee"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    role: Mapped[InviteeRole]
    # The name as shown on the invitation, e.g. "Dr A. Shah, educational psychologist".
    name: Mapped[str] = mapped_column(sa.String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="invitees")
    user: Mapped[User | None] = relationship()


class MeetingAttendee(Base):
    """Someone who came to a meeting: a contact of the pupil (with or without an account),
    the pupil, a member of staff, or anyone else by name."""

    __tablename__ = "meeting_attendee"
    __table_args__ = (
        sa.Index("ix_meeting_attendee_meeting_role", "meeting_id", "role"),
        sparse_index("meeting_attendee", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"))
    role: Mapped[InviteeRole]
    name: Mapped[str] = mapped_column(sa.String(200))
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pupil_contact.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
