"""The SEN support plan in the assess, plan, do, review cycle (Code 6.44 to 6.56).

One plan is current for a pupil at a time; earlier ones are kept as history. A plan is a
draft until the SENCO shares it with the family, who may agree or ask a question. At the
review each outcome gets a result and the SENCO decides the next step; the next plan
starts from the reviewed one. Plans, outcomes, provision and advice carry version
numbers, so two people editing at once never silently overwrite each other.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, sparse_index, utcnow
from portal.models.meetings import Meeting
from portal.models.pupil import BroadArea, Pupil
from portal.models.user import User
from portal.models.voices import Views

# The pupil's and parents' submitted views an assessment drew on.
plan_views = sa.Table(
    "plan_views",
    Base.metadata,
    sa.Column("plan_id", sa.ForeignKey("plan.id"), primary_key=True),
    sa.Column("views_id", sa.ForeignKey("views.id"), primary_key=True, index=True),
)


# The views gathered for a review, which the review drew on (Code 6.53).
review_views = sa.Table(
    "plan_review_views",
    Base.metadata,
    sa.Column("plan_id", sa.ForeignKey("plan.id"), primary_key=True),
    sa.Column("views_id", sa.ForeignKey("views.id"), primary_key=True, index=True),
)


class PlanKind(enum.Enum):
    SEN_SUPPORT = "sen_support"
    # The school's working copy of the outcomes and provision in an EHC plan.
    EHC = "ehc"

    @property
    def label(self) -> str:
        return PLAN_KIND_LABELS[self]

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS[self]


PLAN_KIND_LABELS = {
    PlanKind.SEN_SUPPORT: _l("SEN support plan"),
    PlanKind.EHC: _l("EHC plan outcomes and provision"),
}
REVIEW_LABELS = {
    PlanKind.SEN_SUPPORT: _l("Review"),
    PlanKind.EHC: _l("Annual review"),
}


class PlanStatus(enum.Enum):
    DRAFT = "draft"
    SHARED = "shared"
    REVIEWED = "reviewed"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return PLAN_STATUS_LABELS[self]


PLAN_STATUS_LABELS = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.SHARED: _l("Shared with the family"),
    PlanStatus.REVIEWED: _l("Reviewed"),
    PlanStatus.SUPERSEDED: _l("Replaced by a newer plan"),
}


class GroupSize(enum.Enum):
    ONE_TO_ONE = "one_to_one"
    SMALL_GROUP = "small_group"
    WHOLE_CLASS = "whole_class"

    @property
    def label(self) -> str:
        return GROUP_SIZE_LABELS[self]

    @property
    def family_words(self) -> str:
        return GROUP_SIZE_FAMILY_WORDS[self]

    @property
    def pupil_words(self) -> str:
        return GROUP_SIZE_PUPIL_WORDS[self]


GROUP_SIZE_LABELS = {
    GroupSize.ONE_TO_ONE: _l("1:1"),
    GroupSize.SMALL_GROUP: _l("Small group"),
    GroupSize.WHOLE_CLASS: _l("Whole class"),
}
GROUP_SIZE_FAMILY_WORDS = {
    GroupSize.ONE_TO_ONE: _l("on their own with an adult"),
    GroupSize.SMALL_GROUP: _l("in a small group"),
    GroupSize.WHOLE_CLASS: _l("in class, with the whole class"),
}
# Easy-read, for the pupil's own page.
GROUP_SIZE_PUPIL_WORDS = {
    GroupSize.ONE_TO_ONE: _l("Just me and one adult."),
    GroupSize.SMALL_GROUP: _l("In a small group."),
    GroupSize.WHOLE_CLASS: _l("With my class."),
}


class OutcomeResult(enum.Enum):
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_YET = "not_yet"

    @property
    def label(self) -> str:
        return OUTCOME_RESULT_LABELS[self]


OUTCOME_RESULT_LABELS = {
    OutcomeResult.ACHIEVED: _l("Achieved"),
    OutcomeResult.PARTLY: _l("Partly achieved"),
    OutcomeResult.NOT_YET: _l("Not yet achieved"),
}


class NextStep(enum.Enum):
    CONTINUE = "continue"
    CHANGE = "change"
    NEW_OUTCOMES = "new_outcomes"
    SPECIALIST = "specialist"
    EHC_REQUEST = "ehc_request"

    @property
    def label(self) -> str:
        return NEXT_STEP_LABELS[self]


NEXT_STEP_LABELS = {
    NextStep.CONTINUE: _l("Continue with the same outcomes and help"),
    NextStep.CHANGE: _l("Change the outcomes or the help"),
    NextStep.NEW_OUTCOMES: _l("Set new outcomes"),
    NextStep.SPECIALIST: _l("Involve a specialist"),
    NextStep.EHC_REQUEST: _l("Request an EHC needs assessment from the council"),
}


class Plan(Base):
    __tablename__ = "plan"
    __table_args__ = (sparse_index("plan", "review_meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    kind: Mapped[PlanKind] = mapped_column(default=PlanKind.SEN_SUPPORT)
    status: Mapped[PlanStatus] = mapped_column(default=PlanStatus.DRAFT, index=True)
    version: Mapped[int] = mapped_column(default=1)
    # The reviewed plan this one was started from.
    predecessor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id"), index=True)

    # Assess
    strengths: Mapped[str] = mapped_column(sa.Text, default="")
    pupil_views: Mapped[str] = mapped_column(sa.Text, default="")
    parent_views: Mapped[str] = mapped_column(sa.Text, default="")

    # Plan: who does what (Code 6.65), and when it will be reviewed
    at_school: Mapped[str] = mapped_column(sa.Text, default="")
    at_home: Mapped[str] = mapped_column(sa.Text, default="")
    by_pupil: Mapped[str] = mapped_column(sa.Text, default="")
    review_date: Mapped[date | None] = mapped_column(index=True)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    shared_at: Mapped[datetime | None]
    shared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    family_agreed_at: Mapped[datetime | None]
    family_agreed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    # Review
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    review_pupil_views: Mapped[str | None] = mapped_column(sa.Text)
    review_parent_views: Mapped[str | None] = mapped_column(sa.Text)
    next_step: Mapped[NextStep | None]
    review_note: Mapped[str | None] = mapped_column(sa.Text)
    # A review is real: held with the family at this meeting, or a reason why not.
    review_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"))
    review_no_meeting_reason: Mapped[str | None] = mapped_column(sa.Text)

    pupil: Mapped[Pupil] = relationship()
    predecessor: Mapped["Plan | None"] = relationship(remote_side="Plan.id")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    shared_by: Mapped[User | None] = relationship(foreign_keys=[shared_by_id])
    family_agreed_by: Mapped[User | None] = relationship(foreign_keys=[family_agreed_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    area_needs: Mapped[list["PlanNeed"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanNeed.id"
    )
    outcomes: Mapped[list["Outcome"]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(Outcome.position, Outcome.id)",
    )
    provisions: Mapped[list["Provision"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Provision.id"
    )
    advice: Mapped[list["SpecialistAdvice"]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(SpecialistAdvice.given_on, SpecialistAdvice.id)",
    )
    questions: Mapped[list["PlanQuestion"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanQuestion.asked_at"
    )
    views: Mapped[list[Views]] = relationship(secondary=plan_views, order_by=Views.submitted_at)
    review_views: Mapped[list[Views]] = relationship(
        secondary=review_views, order_by=Views.submitted_at
    )
    review_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[review_meeting_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_draft(self) -> bool:
        return self.status is PlanStatus.DRAFT

    @property
    def is_visible_to_family(self) -> bool:
        return self.shared_at is not None and self.status is not PlanStatus.DRAFT

    @property
    def needs_by_area(self) -> dict[BroadArea, str]:
        return {need.area: need.summary for need in self.area_needs if need.summary.strip()}

    @property
    def hours_per_week(self) -> float:
        return sum(p.hours_per_week for p in self.provisions)

    def __repr__(self) -> str:
        return f"<Plan {self.id} v{self.version} {self.status.value}>"


class PlanNeed(Base):
    """What the pupil needs in one of the four broad areas, in the assess part of a plan."""

    __tablename__ = "plan_need"
    __table_args__ = (sa.UniqueConstraint("plan_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    area: Mapped[BroadArea]
    summary: Mapped[str] = mapped_column(sa.Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="area_needs")


class Outcome(Base):
    """What the pupil will be able to do, by when, and how we will know (an outcome, not an
    activity)."""

    __tablename__ = "plan_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    area: Mapped[BroadArea | None]
    description: Mapped[str] = mapped_column(sa.Text)
    # The phrase bank entry the description came from (translations/phrases/), if any.
    phrase_key: Mapped[str | None] = mapped_column(sa.String(64))
    # The same goal in the pupil's own words, for "My goals and my help".
    pupil_words: Mapped[str | None] = mapped_column(sa.Text)
    # Preparing for adulthood (employment, independent living, community, health).
    preparing_for_adulthood: Mapped[bool] = mapped_column(default=False)
    target_date: Mapped[date | None]
    measure: Mapped[str] = mapped_column(sa.Text, default="")
    # The outcome in the reviewed plan this one carries on.
    carried_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_outcome.id"), index=True
    )
    result: Mapped[OutcomeResult | None]
    result_note: Mapped[str | None] = mapped_column(sa.Text)
    # The class teacher's draft of the review of this outcome, for the SENCO to confirm.
    draft_result: Mapped[OutcomeResult | None]
    draft_note: Mapped[str | None] = mapped_column(sa.Text)
    drafted_at: Mapped[datetime | None]
    drafted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    plan: Mapped[Plan] = relationship(back_populates="outcomes")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    drafted_by: Mapped[User | None] = relationship(foreign_keys=[drafted_by_id])
    notes: Mapped[list["ProgressNote"]] = relationship(
        back_populates="outcome",
        cascade="all, delete-orphan",
        order_by="(ProgressNote.noted_on.desc(), ProgressNote.id.desc())",
    )

    __mapper_args__ = {"version_id_col": version}


class Provision(Base):
    """One piece of help in place: a row of the school's provision map (Code 6.76)."""

    __tablename__ = "plan_provision"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_outcome.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    description: Mapped[str] = mapped_column(sa.Text)
    # The phrase bank entry the description came from (translations/phrases/), if any.
    phrase_key: Mapped[str | None] = mapped_column(sa.String(64))
    group_size: Mapped[GroupSize]
    sessions_per_week: Mapped[int] = mapped_column(sa.SmallInteger)
    minutes_per_session: Mapped[int] = mapped_column(sa.SmallInteger)
    delivered_by: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    plan: Mapped[Plan] = relationship(back_populates="provisions")
    outcome: Mapped[Outcome | None] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def minutes_per_week(self) -> int:
        return self.sessions_per_week * self.minutes_per_session

    @property
    def hours_per_week(self) -> float:
        return self.minutes_per_week / 60


class SpecialistAdvice(Base):
    """Advice from a specialist the plan draws on: who, when, and what they said."""

    __tablename__ = "plan_advice"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    adviser: Mapped[str] = mapped_column(sa.String(200))
    given_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    plan: Mapped[Plan] = relationship(back_populates="advice")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": version}


class ProgressNote(Base):
    """A dated note from a teacher or TA on how the pupil is getting on with one outcome."""

    __tablename__ = "progress_note"
    __table_args__ = (sa.Index("ix_progress_note_pupil_noted", "pupil_id", "noted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_outcome.id"), index=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    noted_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text)
    # Shown on the family's page about the plan when the teacher says so.
    share_with_family: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    outcome: Mapped[Outcome] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class PlanQuestion(Base):
    """A parent's question about a shared plan; it lands in the SENCO's inbox."""

    __tablename__ = "plan_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    asked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    question: Mapped[str] = mapped_column(sa.Text)
    # The language the parent wrote in, so the SENCO can arrange an interpreter.
    language: Mapped[str | None] = mapped_column(sa.String(10))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    reply: Mapped[str | None] = mapped_column(sa.Text)
    replied_at: Mapped[datetime | None]
    replied_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # A family's answer to the outcome of a review: a reply, or that they disagree.
    about_review: Mapped[bool] = mapped_column(default=False)
    disagrees: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="questions")
    pupil: Mapped[Pupil] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    replied_by: Mapped[User | None] = relationship(foreign_keys=[replied_by_id])


class MeetingRecord(Base):
    """What happened at a meeting: who came, what was discussed and agreed (Code 6.71).

    Written by the SENCO after the meeting and shared with the parents, who are emailed and
    see it on their child's page. Versioned like a plan, so two people never overwrite
    each other; once shared it is not changed.
    """

    __tablename__ = "meeting_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), unique=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    # The plan agreed or reviewed at this meeting, if any.
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    attended: Mapped[str] = mapped_column(sa.Text, default="")
    discussed: Mapped[str] = mapped_column(sa.Text, default="")
    agreed: Mapped[str] = mapped_column(sa.Text, default="")
    actions: Mapped[str] = mapped_column(sa.Text, default="")
    support: Mapped[str] = mapped_column(sa.Text, default="")
    next_review: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    shared_at: Mapped[datetime | None]
    shared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    meeting: Mapped[Meeting] = relationship()
    pupil: Mapped[Pupil] = relationship()
    plan: Mapped[Plan | None] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    shared_by: Mapped[User | None] = relationship(foreign_keys=[shared_by_id])
    action_items: Mapped[list["RecordAction"]] = relationship(
        back_populates="record",
        cascade="all, delete-orphan",
        order_by="(RecordAction.position, RecordAction.id)",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class RecordAction(Base):
    """One action agreed at a meeting: what, who will do it, and by when.

    Picked from the phrase bank (its key kept in `phrase_key`, the English words in `what`,
    so the family reads it in their language; the phrase says who, so `who` and `due_on`
    may be left empty) or written freely (what, who and by when all given; the family may
    ask for it in their language and the school may type in a translation).
    """

    __tablename__ = "record_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting_record.id"), index=True)
    position: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    phrase_key: Mapped[str | None] = mapped_column(sa.String(64))
    what: Mapped[str] = mapped_column(sa.Text)
    who: Mapped[str] = mapped_column(sa.String(200), default="")
    due_on: Mapped[date | None]

    record: Mapped[MeetingRecord] = relationship(back_populates="action_items")
