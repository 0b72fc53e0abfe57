"""The school's records: contacts, SEN history, imports from the MIS, leavers, transition
packs received from other schools, subject access requests.

SEN history is the source of truth for a pupil's SEN provision and needs: every change is a
dated `SenChange` row (from, to, effective date, who, why), and `Pupil.sen_status` and
`Pupil.needs` are kept equal to the latest row by `portal.records.sen_history`.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.pupil import Pupil
from portal.models.school import School
from portal.models.user import User


class Contact(Base):
    """A parent or carer of a pupil, as the school's information system records them.

    A contact may or may not have an account; when they do, `user_id` links it.
    """

    __tablename__ = "pupil_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    title: Mapped[str | None] = mapped_column(sa.String(20))
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    # A key of portal.forms_common.RELATIONSHIPS ("mother", "carer", ...).
    relationship_to_pupil: Mapped[str] = mapped_column(sa.String(40), default="parent")
    # The code the MIS used (CTF: PAM, PAF, CAR, ...), kept so an export gives it back.
    relationship_code: Mapped[str | None] = mapped_column(sa.String(8))
    parental_responsibility: Mapped[bool] = mapped_column(default=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    # A portal locale ("pl"), for invitations and emails.
    language: Mapped[str | None] = mapped_column(sa.String(10))
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    # 1 is the first person to contact.
    contact_order: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    pupil: Mapped[Pupil] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class SenField(enum.Enum):
    PROVISION = "provision"
    NEEDS = "needs"


class ChangeSource(enum.Enum):
    """Where a change of SEN history came from."""

    FORM = "form"
    CSV = "csv"
    CTF = "ctf"
    TRANSITION = "transition"
    EARLIER = "earlier"  # recorded before the portal kept SEN history

    @property
    def label(self) -> str:
        return CHANGE_SOURCE_LABELS[self]


CHANGE_SOURCE_LABELS = {
    ChangeSource.FORM: _l("Entered in the portal"),
    ChangeSource.CSV: _l("Imported from a CSV report"),
    ChangeSource.CTF: _l("Imported from a Common Transfer File"),
    ChangeSource.TRANSITION: _l("From a transition pack"),
    ChangeSource.EARLIER: _l("Recorded before SEN history was kept"),
}


class SenChange(Base):
    """One dated change of a pupil's SEN provision (N/K/E) or of their ranked needs.

    Needs are stored as census codes in rank order separated by spaces ("SPLD SLCN"), an
    empty string for none.
    """

    __tablename__ = "sen_change"
    __table_args__ = (sa.Index("ix_sen_change_pupil_date", "pupil_id", "effective_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"))
    field: Mapped[SenField]
    from_value: Mapped[str | None] = mapped_column(sa.String(40))
    to_value: Mapped[str] = mapped_column(sa.String(40))
    effective_date: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    source: Mapped[ChangeSource]
    reason: Mapped[str | None] = mapped_column(sa.String(500))

    recorded_by: Mapped[User | None] = relationship()


class PupilDetails(Base):
    """What the MIS knows of a pupil beyond what the rest of the portal needs."""

    __tablename__ = "pupil_details"

    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), primary_key=True)
    sex: Mapped[str | None] = mapped_column(sa.String(1))
    preferred_family_name: Mapped[str | None] = mapped_column(sa.String(100))
    # The DfE three-letter language code as the MIS gave it (ENG, POL, ENB, REF, ...).
    language_code: Mapped[str | None] = mapped_column(sa.String(4))


class RecordsSettings(Base):
    """A school's numbers in the DfE's files, and the last year group it teaches."""

    __tablename__ = "records_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), unique=True)
    la_code: Mapped[str | None] = mapped_column(sa.String(3))
    establishment: Mapped[str | None] = mapped_column(sa.String(4))
    urn: Mapped[str | None] = mapped_column(sa.String(7))
    last_year_group: Mapped[int] = mapped_column(sa.SmallInteger, default=6)
    # CSV column headings matched to the portal's fields, remembered from the last import.
    csv_columns: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    school: Mapped[School] = relationship()

    @property
    def dfe_number(self) -> str | None:
        if self.la_code and self.establishment:
            return f"{self.la_code}/{self.establishment}"
        return None


class ImportKind(enum.Enum):
    CSV = "csv"
    CTF = "ctf"


class ImportStatus(enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class RecordImport(Base):
    """An uploaded roll, kept until the SENCO confirms or cancels what its preview shows.

    The file is dropped once the import is confirmed or cancelled; the counts stay.
    """

    __tablename__ = "record_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    kind: Mapped[ImportKind]
    filename: Mapped[str] = mapped_column(sa.String(255))
    content: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    # A full roll lists every pupil: those missing from it may have left.
    full_roll: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ImportStatus] = mapped_column(default=ImportStatus.PENDING)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    # After confirming: {"new": n, "changed": n, "unchanged": n, "refused": n, "leavers": n}
    summary: Mapped[dict | None] = mapped_column(sa.JSON)

    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])


class LeaverReason(enum.Enum):
    MISSING_FROM_IMPORT = "missing_from_import"
    END_OF_SCHOOL = "end_of_school"

    @property
    def label(self) -> str:
        return LEAVER_REASON_LABELS[self]


LEAVER_REASON_LABELS = {
    LeaverReason.MISSING_FROM_IMPORT: _l("Not in the last full roll imported"),
    LeaverReason.END_OF_SCHOOL: _l("In the school's last year group at the new school year"),
}


class PossibleLeaver(Base):
    """A pupil who may have left, waiting for the SENCO to say. Nobody leaves without that."""

    __tablename__ = "possible_leaver"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    reason: Mapped[LeaverReason]
    noted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # True: confirmed as a leaver; False: still at the school.
    left: Mapped[bool | None]

    pupil: Mapped[Pupil] = relationship()


class YearRollover(Base):
    """The new school year, done once a year per school."""

    __tablename__ = "year_rollover"
    __table_args__ = (sa.UniqueConstraint("school_id", "academic_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"))
    # The year the school year starts in: 2026 for 2026/27.
    academic_year: Mapped[int] = mapped_column(sa.SmallInteger)
    done_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    moved_up: Mapped[int] = mapped_column(default=0)
    leavers_listed: Mapped[int] = mapped_column(default=0)


class EarlierRecord(Base):
    """A record that came with the pupil from another school in a transition pack."""

    __tablename__ = "earlier_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    # plan, review, meeting_record, views
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    dated: Mapped[date | None]
    from_school: Mapped[str] = mapped_column(sa.String(200))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    received_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))


class SubjectAccessRequest(Base):
    """A parent's request for what the portal holds about them (UK GDPR article 15).

    The school must answer within one calendar month of receiving it.
    """

    __tablename__ = "subject_access_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    requester_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # The child the request reaches the SENCO under (the inbox lists by pupil).
    pupil_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    include_children: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str | None] = mapped_column(sa.Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date]
    read_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    pupil: Mapped[Pupil | None] = relationship()
