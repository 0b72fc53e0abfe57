"""EHC plans and their annual reviews (Children and Families Act 2014 s.44; SEND
Regulations 2014 r.18 to r.20; Code 9.166 to 9.185).

The local authority issues the plan; the school keeps its date, the authority and the case
officer, and runs the annual review: it falls due within 12 months of the plan or of the
last review. Advice and views are asked for, and the papers sent out, at least two weeks
before the meeting; the report goes to the authority within two weeks after it.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.meetings import Meeting
from portal.models.pupil import Pupil
from portal.models.user import User
from portal.models.voices import Views

annual_review_views = sa.Table(
    "annual_review_views",
    Base.metadata,
    sa.Column("review_id", sa.ForeignKey("annual_review.id"), primary_key=True),
    sa.Column("views_id", sa.ForeignKey("views.id"), primary_key=True, index=True),
)


class EhcPlan(Base):
    """The EHC plan the local authority issued for a pupil, as the school knows it."""

    __tablename__ = "ehc_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), unique=True)
    issued_on: Mapped[date]
    local_authority: Mapped[str] = mapped_column(sa.String(200))
    case_officer_name: Mapped[str | None] = mapped_column(sa.String(200))
    case_officer_email: Mapped[str | None] = mapped_column(sa.String(254))
    case_officer_phone: Mapped[str | None] = mapped_column(sa.String(40))
    # The date of the last annual review meeting; the next is due within 12 months of it.
    last_reviewed_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    pupil: Mapped[Pupil] = relationship()


class Recommendation(enum.Enum):
    KEEP = "keep"
    AMEND = "amend"
    CEASE = "cease"

    @property
    def label(self) -> str:
        return RECOMMENDATION_LABELS[self]


RECOMMENDATION_LABELS = {
    Recommendation.KEEP: _l("Keep the plan as it is"),
    Recommendation.AMEND: _l("Amend the plan"),
    Recommendation.CEASE: _l("Cease the plan"),
}


class AnnualReview(Base):
    """One annual review of an EHC plan: its steps with their dates, and the report."""

    __tablename__ = "annual_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    ehc_plan_id: Mapped[int] = mapped_column(sa.ForeignKey("ehc_plan.id"), index=True)
    # Within 12 months of the plan or of the last review.
    due_on: Mapped[date]
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    advice_requested_on: Mapped[date | None]
    papers_sent_on: Mapped[date | None]
    report_sent_on: Mapped[date | None]
    # The report: progress towards each outcome ([{"outcome": ..., "progress": ...}]),
    # the child's and the parents' views, and what the school recommends.
    progress: Mapped[list] = mapped_column(sa.JSON, default=list)
    child_views: Mapped[str] = mapped_column(sa.Text, default="")
    parent_views: Mapped[str] = mapped_column(sa.Text, default="")
    recommendation: Mapped[Recommendation | None]
    recommendation_reasons: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    completed_at: Mapped[datetime | None]

    pupil: Mapped[Pupil] = relationship()
    ehc_plan: Mapped[EhcPlan] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    updated_by: Mapped[User | None] = relationship()
    views: Mapped[list[Views]] = relationship(
        secondary=annual_review_views, order_by=Views.submitted_at
    )

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None
