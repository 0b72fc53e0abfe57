"""The school's own words in the family's language, and what families tell us about ours.

- A `SchoolTranslation` is a translation the school typed in (an interpreter, a bilingual
  colleague) of words it wrote itself: an outcome, a piece of provision, a meeting record,
  a reply, a section of the SEN information report. It keeps the original as it was when
  translated, so a later change to the original is never shown beside an old translation.
- A `TranslationRequest` is a family asking for something in their language; it waits in
  the SENCO's inbox until a translation is added.
- A `TranslationFeedback` is anyone telling the school that a phrase of the portal's own
  translation is wrong or unclear.

Bank phrases themselves are data (`translations/phrases/`), not rows: the rows that use
one keep its key (`phrase_key`) beside the English words.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.pupil import Pupil
from portal.models.school import School
from portal.models.user import User


class TranslatedKind(enum.Enum):
    """The kinds of school-written text a translation or a request can be about."""

    OUTCOME = "outcome"
    PROVISION = "provision"
    ADVICE = "advice"
    PLAN = "plan"
    MEETING_RECORD = "meeting_record"
    # One action agreed at a meeting (a RecordAction), written freely or from the bank.
    MEETING_ACTION = "meeting_action"
    CONCERN_MESSAGE = "concern_message"
    PLAN_QUESTION = "plan_question"
    SEN_REPORT = "sen_report"
    # What the pupil finds hard, in one area of need (a PlanNeed).
    PLAN_NEED = "plan_need"
    # The pupil's and the family's views as the school wrote them into the plan.
    PLAN_VIEWS = "plan_views"
    # What the school wrote when it reviewed the plan.
    PLAN_REVIEW = "plan_review"
    # A teacher's note on how an outcome is going, shared with the family.
    PROGRESS_NOTE = "progress_note"
    # What the school says as it closes a concern.
    CONCERN = "concern"
    # What a meeting is for.
    MEETING = "meeting"


class SchoolTranslation(Base):
    """Words the school wrote, in another language, typed in by someone who knows both."""

    __tablename__ = "school_translation"
    # One translation per text and language; its index also finds a subject's translations.
    __table_args__ = (sa.UniqueConstraint("kind", "subject_id", "field", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    # The pupil whose record the words belong to (none for the SEN information report).
    pupil_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    kind: Mapped[TranslatedKind]
    subject_id: Mapped[int]
    # Which of the subject's texts: "description", "agreed", "body", or a report section.
    field: Mapped[str] = mapped_column(sa.String(40))
    language: Mapped[str] = mapped_column(sa.String(10))
    # The original as it read when it was translated.
    original: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    # Who translated it, when not the person who typed it in (an interpreter's name).
    translator_name: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    school: Mapped[School] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    def matches(self, current: str | None) -> bool:
        """Whether the original still reads as it did when this was translated."""
        return _same_words(self.original, current)


class TranslationRequest(Base):
    """A family asking for something the school wrote in their language."""

    __tablename__ = "translation_request"
    __table_args__ = (sa.Index("ix_translation_request_subject", "kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    kind: Mapped[TranslatedKind]
    subject_id: Mapped[int]
    language: Mapped[str] = mapped_column(sa.String(10))
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # When a translation of everything asked for was added.
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    pupil: Mapped[Pupil] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])

    @property
    def is_open(self) -> bool:
        return self.done_at is None


class TranslationFeedback(Base):
    """Someone told the school a phrase of the portal's translation is wrong or unclear."""

    __tablename__ = "translation_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The school it was sent to; none when the person was on no school's pages.
    school_id: Mapped[int | None] = mapped_column(sa.ForeignKey("school.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(10))
    page: Mapped[str] = mapped_column(sa.String(300))
    words: Mapped[str] = mapped_column(sa.Text)
    problem: Mapped[str] = mapped_column(sa.Text)
    suggestion: Mapped[str] = mapped_column(sa.Text, default="")
    # Only if the person asked for a reply.
    reply_email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    staff_emailed: Mapped[bool] = mapped_column(default=False)
    translators_emailed: Mapped[bool] = mapped_column(default=False)

    school: Mapped[School | None] = relationship()


def _same_words(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())
