"""Pupils, their special educational needs, and who is linked to them."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.school import School
from portal.models.user import User


class SenStatus(enum.Enum):
    """The school census SEN provision codes."""

    NONE = "N"
    SEN_SUPPORT = "K"
    EHC_PLAN = "E"

    @property
    def label(self) -> str:
        return SEN_STATUS_LABELS[self]

    @property
    def family_words(self) -> str:
        return SEN_STATUS_FAMILY_WORDS[self]


SEN_STATUS_LABELS = {
    SenStatus.NONE: _l("No SEN"),
    SenStatus.SEN_SUPPORT: _l("SEN support"),
    SenStatus.EHC_PLAN: _l("EHC plan"),
}

SEN_STATUS_FAMILY_WORDS = {
    SenStatus.NONE: _l("No special educational needs recorded"),
    SenStatus.SEN_SUPPORT: _l(
        "SEN support: the school gives extra help that is planned and reviewed with you"
    ),
    SenStatus.EHC_PLAN: _l(
        "EHC plan: an Education, Health and Care plan from the local council sets out the help "
        "your child must get."
    ),
}


class BroadArea(enum.Enum):
    """The four broad areas of need in the SEND Code of Practice, 6.28 to 6.35."""

    COMMUNICATION = "communication"
    COGNITION = "cognition"
    SEMH = "semh"
    SENSORY_PHYSICAL = "sensory_physical"

    @property
    def label(self) -> str:
        return BROAD_AREA_LABELS[self]


BROAD_AREA_LABELS = {
    BroadArea.COMMUNICATION: _l("Communication and interaction"),
    BroadArea.COGNITION: _l("Cognition and learning"),
    BroadArea.SEMH: _l("Social, emotional and mental health"),
    BroadArea.SENSORY_PHYSICAL: _l("Sensory and/or physical needs"),
}


class NeedCode(enum.Enum):
    """School census type-of-need codes."""

    SPLD = "SPLD"
    MLD = "MLD"
    SLD = "SLD"
    PMLD = "PMLD"
    SEMH = "SEMH"
    SLCN = "SLCN"
    HI = "HI"
    VI = "VI"
    MSI = "MSI"
    PD = "PD"
    ASD = "ASD"
    OTH = "OTH"
    NSA = "NSA"

    @property
    def area(self) -> BroadArea | None:
        return NEED_AREAS.get(self)

    @property
    def label(self) -> str:
        return NEED_LABELS[self]

    @property
    def family_words(self) -> str:
        return NEED_FAMILY_WORDS[self]


NEED_AREAS = {
    NeedCode.SLCN: BroadArea.COMMUNICATION,
    NeedCode.ASD: BroadArea.COMMUNICATION,
    NeedCode.SPLD: BroadArea.COGNITION,
    NeedCode.MLD: BroadArea.COGNITION,
    NeedCode.SLD: BroadArea.COGNITION,
    NeedCode.PMLD: BroadArea.COGNITION,
    NeedCode.SEMH: BroadArea.SEMH,
    NeedCode.HI: BroadArea.SENSORY_PHYSICAL,
    NeedCode.VI: BroadArea.SENSORY_PHYSICAL,
    NeedCode.MSI: BroadArea.SENSORY_PHYSICAL,
    NeedCode.PD: BroadArea.SENSORY_PHYSICAL,
}

NEED_LABELS = {
    NeedCode.SPLD: _l("Specific learning difficulty"),
    NeedCode.MLD: _l("Moderate learning difficulty"),
    NeedCode.SLD: _l("Severe learning difficulty"),
    NeedCode.PMLD: _l("Profound and multiple learning difficulty"),
    NeedCode.SEMH: _l("Social, emotional and mental health"),
    NeedCode.SLCN: _l("Speech, language and communication needs"),
    NeedCode.HI: _l("Hearing impairment"),
    NeedCode.VI: _l("Vision impairment"),
    NeedCode.MSI: _l("Multi-sensory impairment"),
    NeedCode.PD: _l("Physical disability"),
    NeedCode.ASD: _l("Autistic spectrum disorder"),
    NeedCode.OTH: _l("Other difficulty or disability"),
    NeedCode.NSA: _l("SEN support but no specialist assessment of type of need"),
}

# What a parent reads: the need described as what the child finds hard, never a label.
NEED_FAMILY_WORDS = {
    NeedCode.SPLD: _l("Finds some parts of learning hard, like reading, spelling or maths"),
    NeedCode.MLD: _l("Learns more slowly than others and needs more help with most subjects"),
    NeedCode.SLD: _l("Needs a lot of help with learning and everyday activities"),
    NeedCode.PMLD: _l("Needs help with learning, moving, communicating and personal care"),
    NeedCode.SEMH: _l("Finds feelings, behaviour or getting on with others hard at times"),
    NeedCode.SLCN: _l("Finds talking, listening or understanding others hard"),
    NeedCode.HI: _l("Has difficulty hearing"),
    NeedCode.VI: _l("Has difficulty seeing"),
    NeedCode.MSI: _l("Has difficulty with both hearing and seeing"),
    NeedCode.PD: _l("Has a physical disability and may need help moving around or with equipment"),
    NeedCode.ASD: _l("Is autistic: may find social communication and changes in routine hard"),
    NeedCode.OTH: _l("Has another need that the school is helping with"),
    NeedCode.NSA: _l("The school is giving extra help while it learns more about what is needed"),
}


def year_group_label(year_group: int) -> str:
    if year_group < 0:
        return gettext("Nursery")
    if year_group == 0:
        return gettext("Reception")
    return gettext("Year %(number)d", number=year_group)


class Pupil(Base):
    __tablename__ = "pupil"
    __table_args__ = (sa.UniqueConstraint("school_id", "upn"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    preferred_name: Mapped[str | None] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date]
    # -1 nursery, 0 reception, 1 to 14 the national curriculum years.
    year_group: Mapped[int] = mapped_column(sa.SmallInteger)
    upn: Mapped[str | None] = mapped_column(sa.String(13))
    sen_status: Mapped[SenStatus] = mapped_column(default=SenStatus.NONE)
    home_language: Mapped[str | None] = mapped_column(sa.String(10))
    eal: Mapped[bool] = mapped_column(default=False)
    # The pupil's own sign-in, for older pupils.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), unique=True)
    left_at: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    school: Mapped[School] = relationship()
    user: Mapped[User | None] = relationship()
    needs: Mapped[list["PupilNeed"]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="PupilNeed.rank"
    )
    # Every change of SEN provision and needs, oldest first (portal/models/records.py);
    # sen_status and needs above always equal the latest, kept so by portal.records.
    sen_history: Mapped[list["SenChange"]] = relationship(  # noqa: F821
        order_by="(SenChange.effective_date, SenChange.id)", viewonly=True
    )

    @property
    def first_name(self) -> str:
        return self.preferred_name or self.given_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.family_name}"

    @property
    def year_label(self) -> str:
        return year_group_label(self.year_group)

    @property
    def is_leaver(self) -> bool:
        """A leaver's record is kept, read-only, and out of the working lists."""
        return self.left_at is not None

    @property
    def primary_need(self) -> "PupilNeed | None":
        return self.needs[0] if self.needs else None

    def __repr__(self) -> str:
        return f"<Pupil {self.id}>"


class PupilNeed(Base):
    """A census need code, ranked: 1 is the primary need."""

    __tablename__ = "pupil_need"
    __table_args__ = (
        sa.UniqueConstraint("pupil_id", "code"),
        sa.UniqueConstraint("pupil_id", "rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    code: Mapped[NeedCode]
    rank: Mapped[int] = mapped_column(sa.SmallInteger, default=1)

    pupil: Mapped[Pupil] = relationship(back_populates="needs")


class ParentLink(Base):
    __tablename__ = "parent_link"
    __table_args__ = (sa.UniqueConstraint("user_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    relationship_to_pupil: Mapped[str] = mapped_column(sa.String(40), default="parent")
    parental_responsibility: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    pupil: Mapped[Pupil] = relationship()


class TeacherLink(Base):
    """Which teachers and teaching assistants work with which pupils (Code 6.49)."""

    __tablename__ = "teacher_link"
    __table_args__ = (sa.UniqueConstraint("user_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(sa.ForeignKey("pupil.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    pupil: Mapped[Pupil] = relationship()
