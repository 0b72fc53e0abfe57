"""A school's term dates, and the local services a letter to families names.

Term dates decide what "this term" means when meetings with parents are counted (Code
6.65), which days are school days (a concern unanswered after five school days), and
warn when a meeting falls in a holiday. A school that has not entered its own gets
England's typical terms (portal/school/calendar.py).
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class TermName(enum.Enum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"

    @property
    def label(self) -> str:
        return TERM_LABELS[self]


TERM_LABELS = {
    TermName.AUTUMN: _l("Autumn term"),
    TermName.SPRING: _l("Spring term"),
    TermName.SUMMER: _l("Summer term"),
}


class SchoolTerm(Base):
    """One term of one school year at one school, with its half-term break."""

    __tablename__ = "school_term"
    __table_args__ = (sa.UniqueConstraint("school_id", "academic_year", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    # The year the school year starts in: 2026 for 2026/27.
    academic_year: Mapped[int] = mapped_column(sa.SmallInteger)
    name: Mapped[TermName]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    half_term_starts_on: Mapped[date | None]
    half_term_ends_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))


class LocalSupport(Base):
    """Help for families outside the school that letters and pages name: the local SEND
    information, advice and support service (SENDIASS) and how to ask the council for an
    EHC needs assessment."""

    __tablename__ = "local_support"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), unique=True)
    sendiass_name: Mapped[str | None] = mapped_column(sa.String(200))
    sendiass_phone: Mapped[str | None] = mapped_column(sa.String(40))
    sendiass_email: Mapped[str | None] = mapped_column(sa.String(254))
    sendiass_url: Mapped[str | None] = mapped_column(sa.String(500))
    # Where parents ask the council for an EHC needs assessment themselves.
    ehc_request_url: Mapped[str | None] = mapped_column(sa.String(500))
    ehc_request_email: Mapped[str | None] = mapped_column(sa.String(254))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
