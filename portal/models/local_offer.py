"""The Local Offer directory of services, and each school's SEN information report."""

import enum
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, today, utcnow
from portal.models.pupil import BroadArea, NeedCode
from portal.models.school import School
from portal.models.user import User

# An entry nobody has checked for this long is marked as possibly out of date.
STALE_AFTER = timedelta(days=365)


def report_overdue(updated_at: datetime) -> bool:
    """Schools update their SEN information report every year (Code of Practice 6.79)."""
    return utcnow() - updated_at > STALE_AFTER


class ServiceCategory(enum.Enum):
    """What kind of help a service gives, in words a family would look for."""

    THERAPY = "therapy"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    LEARNING = "learning"
    ADVICE = "advice"
    SHORT_BREAKS = "short_breaks"
    ACTIVITIES = "activities"
    SOCIAL_CARE = "social_care"
    EARLY_YEARS = "early_years"
    ADULTHOOD = "adulthood"
    MONEY = "money"
    TRAVEL = "travel"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    ServiceCategory.THERAPY: _l("Therapies: speech, occupational and physiotherapy"),
    ServiceCategory.HEALTH: _l("Health services"),
    ServiceCategory.MENTAL_HEALTH: _l("Feelings and mental health"),
    ServiceCategory.LEARNING: _l("Help with learning"),
    ServiceCategory.ADVICE: _l("Advice and support for families"),
    ServiceCategory.SHORT_BREAKS: _l("Short breaks"),
    ServiceCategory.ACTIVITIES: _l("Clubs, activities and youth groups"),
    ServiceCategory.SOCIAL_CARE: _l("Social care"),
    ServiceCategory.EARLY_YEARS: _l("Early years and childcare"),
    ServiceCategory.ADULTHOOD: _l("Preparing for adult life"),
    ServiceCategory.MONEY: _l("Money and benefits"),
    ServiceCategory.TRAVEL: _l("Travel and transport"),
}


class ServiceCost(enum.Enum):
    FREE = "free"
    FREE_FOR_SOME = "free_for_some"
    PAID = "paid"

    @property
    def label(self) -> str:
        return COST_LABELS[self]


COST_LABELS = {
    ServiceCost.FREE: _l("Free"),
    ServiceCost.FREE_FOR_SOME: _l("Free for some families"),
    ServiceCost.PAID: _l("There is a cost"),
}


class AccessRoute(enum.Enum):
    """How a family gets to use a service."""

    REFERRAL = "referral"
    SELF_REFERRAL = "self_referral"
    DROP_IN = "drop_in"
    APPOINTMENT = "appointment"

    @property
    def label(self) -> str:
        return ACCESS_LABELS[self]


ACCESS_LABELS = {
    AccessRoute.REFERRAL: _l("A professional refers you, for example your GP or the school"),
    AccessRoute.SELF_REFERRAL: _l("You can contact them yourself"),
    AccessRoute.DROP_IN: _l("Drop in: no appointment needed"),
    AccessRoute.APPOINTMENT: _l("By appointment"),
}


class ServiceStatus(enum.Enum):
    """Open Referral UK's service statuses; only the first two are shown to families."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily closed"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ServiceStatus.ACTIVE: _l("Shown in the directory"),
    ServiceStatus.TEMPORARILY_CLOSED: _l("Shown, marked as temporarily closed"),
    ServiceStatus.INACTIVE: _l("Hidden from families"),
    ServiceStatus.DEFUNCT: _l("Closed for good (hidden)"),
}

VISIBLE_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


class ServiceSource(enum.Enum):
    MANUAL = "manual"
    ORUK = "oruk"


class ServiceOrganisation(Base):
    """Who runs a service: a council team, an NHS trust, a charity."""

    __tablename__ = "service_organisation"
    __table_args__ = (sa.UniqueConstraint("school_id", "oruk_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    oruk_id: Mapped[str | None] = mapped_column(sa.String(100))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    website: Mapped[str | None] = mapped_column(sa.String(500))
    email: Mapped[str | None] = mapped_column(sa.String(254))


class Service(Base):
    """One entry in a school's Local Offer directory."""

    __tablename__ = "service"
    __table_args__ = (
        sa.UniqueConstraint("school_id", "oruk_id"),
        sa.Index("ix_service_school_status", "school_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service_organisation.id"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ServiceStatus] = mapped_column(default=ServiceStatus.ACTIVE)
    min_age: Mapped[int | None] = mapped_column(sa.SmallInteger)
    max_age: Mapped[int | None] = mapped_column(sa.SmallInteger)
    # True for services open to any special educational need or disability (SENDIASS...).
    all_needs: Mapped[bool] = mapped_column(default=False)
    cost: Mapped[ServiceCost | None]
    cost_details: Mapped[str | None] = mapped_column(sa.String(500))
    # AccessRoute values, comma separated: only ever shown, never filtered on.
    access_routes: Mapped[str] = mapped_column(sa.String(100), default="")
    access_details: Mapped[str | None] = mapped_column(sa.String(500))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    # Language codes (ISO 639-1) spoken by the service, comma separated.
    languages: Mapped[str] = mapped_column(sa.String(200), default="")
    keywords: Mapped[str | None] = mapped_column(sa.String(500))
    alert: Mapped[str | None] = mapped_column(sa.String(500))
    last_checked: Mapped[date | None]

    source: Mapped[ServiceSource] = mapped_column(default=ServiceSource.MANUAL)
    oruk_id: Mapped[str | None] = mapped_column(sa.String(100))
    source_hash: Mapped[str | None] = mapped_column(sa.String(64))
    source_modified_at: Mapped[datetime | None]
    imported_at: Mapped[datetime | None]

    # Normalised words (lower case, no accents, plurals folded), space padded, so the same
    # LIKE '% word%' finds whole-word prefixes on SQLite and PostgreSQL alike.
    search_name: Mapped[str] = mapped_column(sa.String(600), default="")
    search_tags: Mapped[str] = mapped_column(sa.Text, default="")
    search_body: Mapped[str] = mapped_column(sa.Text, default="")

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    school: Mapped[School] = relationship()
    organisation: Mapped[ServiceOrganisation | None] = relationship()
    categories: Mapped[list["ServiceCategoryLink"]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceCategoryLink.id"
    )
    needs: Mapped[list["ServiceNeed"]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceNeed.id"
    )
    locations: Mapped[list["ServiceLocation"]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="ServiceLocation.position",
    )
    contacts: Mapped[list["ServiceContact"]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceContact.position"
    )

    @property
    def is_visible(self) -> bool:
        return self.status in VISIBLE_STATUSES

    @property
    def is_stale(self) -> bool:
        """Not checked for a year, or never: families are told to check before they go."""
        return self.last_checked is None or today() - self.last_checked > STALE_AFTER

    @property
    def category_list(self) -> list[ServiceCategory]:
        return [link.category for link in self.categories]

    @property
    def access_list(self) -> list[AccessRoute]:
        return [AccessRoute(v) for v in self.access_routes.split(",") if v]

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def areas(self) -> list[BroadArea]:
        found = []
        for need in self.needs:
            if need.area not in found:
                found.append(need.area)
        return found

    @property
    def need_codes(self) -> list[NeedCode]:
        return [need.code for need in self.needs if need.code is not None]

    @property
    def first_location(self) -> "ServiceLocation | None":
        return self.locations[0] if self.locations else None

    def __repr__(self) -> str:
        return f"<Service {self.id}>"


class ServiceCategoryLink(Base):
    __tablename__ = "service_category"
    __table_args__ = (sa.UniqueConstraint("service_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id"), index=True)
    category: Mapped[ServiceCategory]

    service: Mapped[Service] = relationship(back_populates="categories")


class ServiceNeed(Base):
    """A broad area of need a service helps with, or one census need code within it."""

    __tablename__ = "service_need"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id"), index=True)
    area: Mapped[BroadArea]
    code: Mapped[NeedCode | None]

    service: Mapped[Service] = relationship(back_populates="needs")


class ServiceLocation(Base):
    __tablename__ = "service_location"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id"), index=True)
    position: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    oruk_id: Mapped[str | None] = mapped_column(sa.String(100))
    name: Mapped[str | None] = mapped_column(sa.String(200))
    address_1: Mapped[str | None] = mapped_column(sa.String(200))
    address_2: Mapped[str | None] = mapped_column(sa.String(200))
    town: Mapped[str | None] = mapped_column(sa.String(100))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    accessibility: Mapped[str | None] = mapped_column(sa.Text)
    # WGS 84, as an Open Referral UK feed gives them: for sorting by distance.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    service: Mapped[Service] = relationship(back_populates="locations")

    @property
    def lines(self) -> list[str]:
        return [
            part
            for part in (self.name, self.address_1, self.address_2, self.town, self.postcode)
            if part
        ]


class ServiceContact(Base):
    """A named contact at a service, as an Open Referral feed gives them."""

    __tablename__ = "service_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id"), index=True)
    position: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    name: Mapped[str | None] = mapped_column(sa.String(200))
    title: Mapped[str | None] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))

    service: Mapped[Service] = relationship(back_populates="contacts")


class OutOfDateReport(Base):
    """Someone told the school that a directory entry looks out of date."""

    __tablename__ = "out_of_date_report"
    __table_args__ = (sa.Index("ix_out_of_date_report_service_open", "service_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id"))
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), index=True)
    note: Mapped[str] = mapped_column(sa.Text)
    # Only if the person asked for a reply.
    reply_email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Staff are emailed about the first report in a day for a service, not every one.
    staff_emailed: Mapped[bool] = mapped_column(default=False)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    service: Mapped[Service] = relationship()
    resolved_by: Mapped[User | None] = relationship()


class ReportSection(enum.Enum):
    """The sections of an SEN information report, after Code of Practice 6.79."""

    KINDS_OF_NEED = "kinds_of_need"
    IDENTIFYING = "identifying"
    INVOLVING_PARENTS = "involving_parents"
    INVOLVING_PUPILS = "involving_pupils"
    REVIEWING_PROGRESS = "reviewing_progress"
    TRANSITIONS = "transitions"
    TEACHING = "teaching"
    ADAPTATIONS = "adaptations"
    STAFF_EXPERTISE = "staff_expertise"
    EVALUATING = "evaluating"
    ACTIVITIES = "activities"
    WELLBEING = "wellbeing"
    OTHER_SERVICES = "other_services"
    COMPLAINTS = "complaints"
    LOOKED_AFTER = "looked_after"
    LOCAL_OFFER = "local_offer"

    @property
    def heading(self) -> str:
        return SECTION_TEXT[self][0]

    @property
    def hint(self) -> str:
        return SECTION_TEXT[self][1]

    @property
    def anchor(self) -> str:
        return self.value.replace("_", "-")


SECTION_TEXT = {
    ReportSection.KINDS_OF_NEED: (
        _l("The kinds of special educational needs we help with"),
        _l("The needs the school makes provision for, in the four broad areas of need."),
    ),
    ReportSection.IDENTIFYING: (
        _l("How we find out about and assess a child's needs"),
        _l("How needs are noticed and assessed, and who families talk to first."),
    ),
    ReportSection.INVOLVING_PARENTS: (
        _l("How we work with parents and carers"),
        _l("How parents are consulted and involved in their child's education."),
    ),
    ReportSection.INVOLVING_PUPILS: (
        _l("How we involve children and young people"),
        _l("How pupils give their views and take part in decisions about their help."),
    ),
    ReportSection.REVIEWING_PROGRESS: (
        _l("How we check progress and review the help"),
        _l("The assess, plan, do, review cycle: how progress towards outcomes is reviewed."),
    ),
    ReportSection.TRANSITIONS: (
        _l("Moving class, moving school and preparing for adult life"),
        _l("Support when pupils join, move between phases or leave, and preparing for adulthood."),
    ),
    ReportSection.TEACHING: (
        _l("How we teach children with SEN"),
        _l("The school's approach to teaching pupils with SEN."),
    ),
    ReportSection.ADAPTATIONS: (
        _l("How we adapt lessons, the curriculum and the building"),
        _l("Adaptations to the curriculum and the learning environment."),
    ),
    ReportSection.STAFF_EXPERTISE: (
        _l("What our staff know and how they are trained"),
        _l("Staff expertise and training, and how specialist expertise is secured."),
    ),
    ReportSection.EVALUATING: (
        _l("How we check that our help works"),
        _l("How the school evaluates the effectiveness of its SEN provision."),
    ),
    ReportSection.ACTIVITIES: (
        _l("Taking part in everything the school offers"),
        _l("How pupils with SEN take part in activities with pupils who do not have SEN."),
    ),
    ReportSection.WELLBEING: (
        _l("Help with feelings, friendships and behaviour"),
        _l("Support for emotional and social development, pastoral care and stopping bullying."),
    ),
    ReportSection.OTHER_SERVICES: (
        _l("Working with health, social care and other services"),
        _l("How the school involves health, social care, council support services and charities."),
    ),
    ReportSection.COMPLAINTS: (
        _l("If you are not happy: how to complain"),
        _l("How families can complain about SEN provision, and who to contact."),
    ),
    ReportSection.LOOKED_AFTER: (
        _l("Children looked after by the local authority"),
        _l("How the school supports looked-after children with SEN."),
    ),
    ReportSection.LOCAL_OFFER: (
        _l("The local authority's Local Offer"),
        _l("Where the local authority publishes its Local Offer. The link is added for you."),
    ),
}


class SenInformationReport(Base):
    """The school's published SEN information report (Code of Practice 6.79 to 6.83)."""

    __tablename__ = "sen_information_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(sa.ForeignKey("school.id"), unique=True)
    senco_name: Mapped[str | None] = mapped_column(sa.String(200))
    senco_email: Mapped[str | None] = mapped_column(sa.String(254))
    senco_phone: Mapped[str | None] = mapped_column(sa.String(40))
    kinds_of_need: Mapped[str | None] = mapped_column(sa.Text)
    identifying: Mapped[str | None] = mapped_column(sa.Text)
    involving_parents: Mapped[str | None] = mapped_column(sa.Text)
    involving_pupils: Mapped[str | None] = mapped_column(sa.Text)
    reviewing_progress: Mapped[str | None] = mapped_column(sa.Text)
    transitions: Mapped[str | None] = mapped_column(sa.Text)
    teaching: Mapped[str | None] = mapped_column(sa.Text)
    adaptations: Mapped[str | None] = mapped_column(sa.Text)
    staff_expertise: Mapped[str | None] = mapped_column(sa.Text)
    evaluating: Mapped[str | None] = mapped_column(sa.Text)
    activities: Mapped[str | None] = mapped_column(sa.Text)
    wellbeing: Mapped[str | None] = mapped_column(sa.Text)
    other_services: Mapped[str | None] = mapped_column(sa.Text)
    complaints: Mapped[str | None] = mapped_column(sa.Text)
    looked_after: Mapped[str | None] = mapped_column(sa.Text)
    local_offer: Mapped[str | None] = mapped_column(sa.Text)
    # The report links the school's SEN policy and accessibility plan (Code 6.79, 6.80).
    sen_policy_url: Mapped[str | None] = mapped_column(sa.String(500))
    accessibility_plan_url: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    school: Mapped[School] = relationship()
    updated_by: Mapped[User | None] = relationship()

    def text(self, section: ReportSection) -> str:
        return getattr(self, section.value) or ""

    @property
    def missing_sections(self) -> list[ReportSection]:
        return [s for s in ReportSection if not self.text(s).strip()]

    @property
    def is_overdue(self) -> bool:
        return report_overdue(self.updated_at)
