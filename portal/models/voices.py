"""What families and pupils say: views before a meeting, and concerns with their replies.

Drafts are rows like any other (status DRAFT), saved at every step, so a flat battery or a
closed phone loses nothing. Submitted views are never edited in place: a change is a new
submission that supersedes the earlier one.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, sparse_index, utcnow
from portal.models.meetings import Meeting
from portal.models.pupil import BroadArea, Pupil
from portal.models.school import School
from portal.models.user import User


class Respondent(enum.Enum):
    """Whose views: a parent's or the pupil's own."""

    PARENT = "parent"
    PUPIL = "pupil"


class FormVersion(enum.Enum):
    """Which question set: three for pupils by age (Code 6.39, 6.41), one for parents."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    YOUNG_PERSON = "young_person"
    PARENT = "parent"

    @property
    def label(self) -> str:
        return FORM_VERSION_LABELS[self]

    @classmethod
    def for_year_group(cls, year_group: int) -> "FormVersion":
        """Early years and primary: symbols first; Years 7 and 8: words first; Year 9 on:
        words first with preparing for adulthood."""
        if year_group <= 6:
            return cls.PRIMARY
        if year_group <= 8:
            return cls.SECONDARY
        return cls.YOUNG_PERSON


FORM_VERSION_LABELS = {
    FormVersion.PRIMARY: _l("Early years and primary (symbols first)"),
    FormVersion.SECONDARY: _l("Secondary (words first)"),
    FormVersion.YOUNG_PERSON: _l("Young person, from Year 9 (with preparing for adulthood)"),
    FormVersion.PARENT: _l("Parent or carer"),
}


class ViewsStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    READ = "read"

    @property
    def label(self) -> str:
        return VIEWS_STATUS_LABELS[self]


VIEWS_STATUS_LABELS = {
    ViewsStatus.DRAFT: _l("Not sent yet"),
    ViewsStatus.SUBMITTED: _l("Sent"),
    ViewsStatus.READ: _l("Read by the school"),
}


class GatheringMethod(enum.Enum):
    """How a pupil's views were gathered: the Code asks for methods fit for their age."""

    OWN_WORDS = "own_words"
    WITH_HELP = "with_help"
    SYMBOLS = "symbols"
    OBSERVED = "observed"

    @property
    def label(self) -> str:
        return GATHERING_METHOD_LABELS[self]


GATHERING_METHOD_LABELS = {
    GatheringMethod.OWN_WORDS: _l("In their own words"),
    GatheringMethod.WITH_HELP: _l("With help from an adult"),
    GatheringMethod.SYMBOLS: _l("Using symbols or pictures"),
    GatheringMethod.OBSERVED: _l("An adult watched and wrote down what they showed"),
}


class ViewsRequest(Base):
    """The school asks a parent, or the pupil, for their views before a meeting."""

    __tablename__ = "views_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    respondent: Mapped[Respondent]
    # The parent asked, or the pupil's own account; none for a pupil without an account,
    # whose views an adult gathers sitting beside them.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # None: chosen from the pupil's year group when the form is opened.
    form_version: Mapped[FormVersion | None]
    due_on: Mapped[date | None]
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship()
    pupil: Mapped[Pupil] = relationship()
    meeting: Mapped[Meeting] = relationship(back_populates="views_requests")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    views: Mapped[list["Views"]] = relationship(back_populates="request", order_by="Views.id")

    def __repr__(self) -> str:
        return f"<ViewsRequest {self.id}>"


class Views(Base):
    """One set of answers from a parent or a pupil, for one request."""

    __tablename__ = "views"
    __table_args__ = (
        sa.Index("ix_views_school_status", "school_id", "status"),
        sparse_index("views", "supersedes_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"))
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("views_request.id"), index=True)
    respondent: Mapped[Respondent]
    form_version: Mapped[FormVersion]
    status: Mapped[ViewsStatus] = mapped_column(default=ViewsStatus.DRAFT)
    # The language the answers are written in.
    language: Mapped[str] = mapped_column(sa.String(10), default="en")
    # {question key: answer}; the shapes are in portal/pupil_views/answers.py. An open
    # question: {"text", "cards": [card keys], "recording": file id, "picture": file id,
    # "choice": opt-out}; the board: {"board": {topic: column}}; a goal: {"outcome",
    # "goal", "feeling", "help"}. Older answers ({"text"} or {"choice"}) are the same shape.
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # {topic: "very_happy" | "happy" | "ok" | "sad" | "very_sad" | "not_sure" | ...}
    feelings: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The step the person reached, so coming back opens the right page.
    step: Mapped[str | None] = mapped_column(sa.String(40))
    # Who was signed in and typing: the parent, the pupil, or the adult sitting with them.
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # Supported mode: an adult gathered the views of a pupil who has no account.
    supported: Mapped[bool] = mapped_column(default=False)
    helped_by: Mapped[str | None] = mapped_column(sa.String(200))
    # GatheringMethod values.
    methods: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Supported mode: the language the pupil's questions are shown in (the adult's own pages
    # stay in the adult's language), and the adult's record of the session: the language
    # used with the pupil, who interpreted, and how the pupil took part.
    pupil_language: Mapped[str | None] = mapped_column(sa.String(10))
    spoken_language: Mapped[str | None] = mapped_column(sa.String(10))
    interpreter: Mapped[str | None] = mapped_column(sa.String(200))
    participation_note: Mapped[str | None] = mapped_column(sa.Text)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("views.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    school: Mapped[School] = relationship()
    pupil: Mapped[Pupil] = relationship()
    request: Mapped[ViewsRequest] = relationship(back_populates="views")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    read_by: Mapped[User | None] = relationship(foreign_keys=[read_by_id])
    supersedes: Mapped["Views | None"] = relationship(remote_side=[id])

    @property
    def gathering_methods(self) -> list[GatheringMethod]:
        return [GatheringMethod(m) for m in self.methods or [] if m in _METHOD_VALUES]

    def __repr__(self) -> str:
        return f"<Views {self.id}>"


_METHOD_VALUES = {m.value for m in GatheringMethod}


class ConcernStatus(enum.Enum):
    DRAFT = "draft"
    RECEIVED = "received"
    READ = "read"
    REPLIED = "replied"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return CONCERN_STATUS_LABELS[self]

    @property
    def family_words(self) -> str:
        return CONCERN_STATUS_FAMILY_WORDS[self]


CONCERN_STATUS_LABELS = {
    ConcernStatus.DRAFT: _l("Not sent yet"),
    ConcernStatus.RECEIVED: _l("Received"),
    ConcernStatus.READ: _l("Read"),
    ConcernStatus.REPLIED: _l("Replied"),
    ConcernStatus.CLOSED: _l("Closed"),
}

CONCERN_STATUS_FAMILY_WORDS = {
    ConcernStatus.DRAFT: _l("You have not sent this yet."),
    ConcernStatus.RECEIVED: _l("The school has your message. Nobody has read it yet."),
    ConcernStatus.READ: _l("The school has read your message and will reply."),
    ConcernStatus.REPLIED: _l("The school has replied."),
    ConcernStatus.CLOSED: _l("The school has closed this concern."),
}


class Concern(Base):
    """A parent's concern about their child (Code 6.20, 6.45), and what the school did."""

    __tablename__ = "concern"
    __table_args__ = (sa.Index("ix_concern_school_status", "school_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"))
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    raised_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # Given when the concern is sent, e.g. "CN-4K7-P9M", to quote on the phone.
    reference: Mapped[str | None] = mapped_column(sa.String(12), unique=True)
    status: Mapped[ConcernStatus] = mapped_column(default=ConcernStatus.DRAFT)
    # The area in the family's words (a key), and the broad area of need it maps to.
    area: Mapped[str | None] = mapped_column(sa.String(32))
    broad_area: Mapped[BroadArea | None]
    noticed: Mapped[str | None] = mapped_column(sa.Text)
    since: Mapped[str | None] = mapped_column(sa.String(32))
    at_home: Mapped[str | None] = mapped_column(sa.Text)
    would_like: Mapped[str | None] = mapped_column(sa.Text)
    contact_by: Mapped[str | None] = mapped_column(sa.String(32))
    contact_note: Mapped[str | None] = mapped_column(sa.String(200))
    # The number to ring when the family chose a phone call.
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    # The language the family wrote in, so the school can reply or book an interpreter.
    language: Mapped[str | None] = mapped_column(sa.String(10))
    step: Mapped[str | None] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    closing_summary: Mapped[str | None] = mapped_column(sa.Text)

    school: Mapped[School] = relationship()
    pupil: Mapped[Pupil] = relationship()
    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    read_by: Mapped[User | None] = relationship(foreign_keys=[read_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    messages: Mapped[list["ConcernMessage"]] = relationship(
        back_populates="concern",
        cascade="all, delete-orphan",
        order_by="ConcernMessage.id",
    )

    @property
    def is_open(self) -> bool:
        return self.status not in (ConcernStatus.DRAFT, ConcernStatus.CLOSED)

    def __repr__(self) -> str:
        return f"<Concern {self.id}>"


class ConcernMessage(Base):
    """One message in a concern's thread, from the family or from the school."""

    __tablename__ = "concern_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(sa.ForeignKey("concern.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    from_school: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    concern: Mapped[Concern] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
