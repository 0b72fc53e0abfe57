"""The directory's writes and the staff's lists: entries by hand, the search index, notes
that an entry is out of date, the SEN information report. Searching is directory.py."""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import audit, mail
from portal.extensions import db
from portal.local_offer import distance, search
from portal.models import (
    AccessRoute,
    BroadArea,
    NeedCode,
    OutOfDateReport,
    ReportSection,
    School,
    SenInformationReport,
    Service,
    ServiceCategory,
    ServiceCategoryLink,
    ServiceCost,
    ServiceLocation,
    ServiceNeed,
    ServiceOrganisation,
    ServiceStatus,
    User,
    today,
    utcnow,
)
from portal.models.local_offer import STALE_AFTER, VISIBLE_STATUSES
from portal.people import school_contacts

OUT_OF_DATE_SUBJECT = _l("A Local Offer entry may be out of date")


# --- The search index --------------------------------------------------------------------

# The words each type of help is found by. Not its label: "Therapies: speech, occupational
# and physiotherapy" would make every therapy a match for "speech".
CATEGORY_WORDS = {
    ServiceCategory.THERAPY: "therapy",
    ServiceCategory.HEALTH: "health",
    ServiceCategory.MENTAL_HEALTH: "mental health feelings wellbeing",
    ServiceCategory.LEARNING: "learning education",
    ServiceCategory.ADVICE: "advice support",
    ServiceCategory.SHORT_BREAKS: "short breaks respite",
    ServiceCategory.ACTIVITIES: "activities clubs youth leisure",
    ServiceCategory.SOCIAL_CARE: "social care",
    ServiceCategory.EARLY_YEARS: "early years childcare",
    ServiceCategory.ADULTHOOD: "adulthood adult life",
    ServiceCategory.MONEY: "money benefits",
    ServiceCategory.TRAVEL: "travel transport",
}


def reindex(service: Service) -> None:
    """Refresh the stored search words after any change to a service."""
    organisation = service.organisation.name if service.organisation else None
    with force_locale("en"):
        tags = [CATEGORY_WORDS[c] for c in service.category_list]
        for need in service.needs:
            tags.append(str(need.area.label))
            if need.code is not None:
                tags += [need.code.value, str(need.code.label)]
        if service.all_needs:
            tags.append("SEND special educational needs disabilities")
    places = []
    for location in service.locations:
        places += [location.name, location.address_1, location.town, location.postcode]
    service.search_name = search.index(service.name)
    service.search_tags = search.index(organisation, service.keywords, *tags)
    service.search_body = search.index(
        service.description, service.access_details, service.cost_details, *places
    )


# --- Entries by hand ---------------------------------------------------------------------


def manage_list(school_id: int, *, show: str = "all", page: int = 1, per_page: int = 50):
    """The school's entries for staff, those needing attention first."""
    open_reports = (
        sa.select(sa.func.count(OutOfDateReport.id))
        .where(OutOfDateReport.service_id == Service.id, OutOfDateReport.resolved_at.is_(None))
        .scalar_subquery()
    )
    stale_before = today() - STALE_AFTER
    statement = sa.select(Service, open_reports.label("open_reports")).where(
        Service.school_id == school_id
    )
    if show == "stale":
        statement = statement.where(
            sa.or_(Service.last_checked.is_(None), Service.last_checked < stale_before)
        )
    elif show == "reported":
        statement = statement.where(open_reports > 0)
    elif show == "hidden":
        statement = statement.where(Service.status.not_in(VISIBLE_STATUSES))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = db.session.execute(
        statement.options(selectinload(Service.organisation))
        .order_by(open_reports.desc(), sa.func.lower(Service.name), Service.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()
    return rows, total


def organisation_named(school_id: int, name: str | None) -> ServiceOrganisation | None:
    name = (name or "").strip()
    if not name:
        return None
    found = db.session.scalar(
        sa.select(ServiceOrganisation)
        .where(
            ServiceOrganisation.school_id == school_id,
            sa.func.lower(ServiceOrganisation.name) == name.lower(),
        )
        .order_by(ServiceOrganisation.id)
        .limit(1)
    )
    if found is None:
        found = ServiceOrganisation(school_id=school_id, name=name)
        db.session.add(found)
    return found


def set_needs(service: Service, all_needs: bool, areas, codes) -> None:
    """Areas and codes as ServiceNeed rows: a code brings its own area with it."""
    service.all_needs = all_needs
    wanted: list[tuple[BroadArea, NeedCode | None]] = []
    for code in codes:
        if code.area is not None and (code.area, code) not in wanted:
            wanted.append((code.area, code))
    for area in areas:
        if not any(a is area for a, _ in wanted):
            wanted.append((area, None))
    current = [(n.area, n.code) for n in service.needs]
    if current != wanted:
        if current:
            # Old rows go first, so the new ones never meet them in a unique index.
            service.needs.clear()
            db.session.flush()
        service.needs.extend(ServiceNeed(area=a, code=c) for a, c in wanted)


def set_categories(service: Service, categories) -> None:
    current = service.category_list
    if current != list(categories):
        if current:
            service.categories.clear()
            db.session.flush()
        service.categories.extend(ServiceCategoryLink(category=c) for c in categories)


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def save_service(service: Service, data: dict, by: User) -> Service:
    """Save a service typed in by staff, keep its search words fresh, and audit it."""
    creating = service.id is None
    service.name = data["name"].strip()
    service.description = data["description"].strip()
    service.organisation = organisation_named(service.school_id, data.get("organisation"))
    service.status = ServiceStatus(data["status"])
    service.min_age = data.get("min_age")
    service.max_age = data.get("max_age")
    service.cost = ServiceCost(data["cost"]) if data.get("cost") else None
    service.cost_details = _clean(data.get("cost_details"))
    service.access_routes = ",".join(AccessRoute(v).value for v in data.get("access_routes", []))
    service.access_details = _clean(data.get("access_details"))
    service.phone = _clean(data.get("phone"))
    service.email = _clean(data.get("email"))
    service.website = _clean(data.get("website"))
    service.languages = ",".join(data.get("languages", []))
    service.keywords = _clean(data.get("keywords"))
    service.alert = _clean(data.get("alert"))
    service.last_checked = data.get("last_checked")
    if creating:
        db.session.add(service)
    set_categories(service, [ServiceCategory(v) for v in data.get("categories", [])])
    set_needs(
        service,
        bool(data.get("all_needs")),
        [BroadArea(v) for v in data.get("areas", [])],
        [NeedCode(v) for v in data.get("need_codes", [])],
    )
    _set_place(service, data)
    reindex(service)
    db.session.flush()
    audit.record(
        by,
        "service.create" if creating else "service.update",
        school_id=service.school_id,
        obj=service,
    )
    db.session.commit()
    return service


PLACE_FIELDS = ("location_name", "address_1", "address_2", "town", "postcode")


def _set_place(service: Service, data: dict) -> None:
    """The form edits the first place; further places from a feed are kept."""
    values = {key: _clean(data.get(key)) for key in PLACE_FIELDS}
    if values["postcode"]:
        values["postcode"] = normalise_postcode(values["postcode"])
    typed = _clean(data.get("coordinates"))
    place = distance.parse(typed) if typed else None
    first = service.first_location
    if not any(values.values()) and place is None:
        if first is not None:
            service.locations.remove(first)
        return
    if first is None:
        first = ServiceLocation(position=0)
        service.locations.insert(0, first)
    first.name = values["location_name"]
    first.address_1 = values["address_1"]
    first.address_2 = values["address_2"]
    first.town = values["town"]
    first.postcode = values["postcode"]
    first.latitude, first.longitude = place or (None, None)


def place_of_postcode(school_id: int, postcode: str) -> tuple[tuple[float, float], str] | None:
    """Where a postcode is, from the school's own directory (never an outside service): the
    services at that postcode, else the middle of those in its district ("NS4"); with the
    postcode or district it was found from."""
    postcode = normalise_postcode(postcode)
    district = postcode.split(" ")[0]
    rows = db.session.execute(
        sa.select(ServiceLocation.postcode, ServiceLocation.latitude, ServiceLocation.longitude)
        .join(ServiceLocation.service)
        .where(
            Service.school_id == school_id,
            ServiceLocation.latitude.is_not(None),
            ServiceLocation.longitude.is_not(None),
            ServiceLocation.postcode.like(f"{district} %"),
        )
    ).all()
    for found, matches in (
        (postcode, [r for r in rows if r.postcode == postcode]),
        (district, rows),
    ):
        if matches:
            latitude = sum(r.latitude for r in matches) / len(matches)
            longitude = sum(r.longitude for r in matches) / len(matches)
            return (round(latitude, 6), round(longitude, 6)), found
    return None


def looks_like_postcode(value: str) -> bool:
    """The shape of a UK postcode: an outward code, then a digit and two letters."""
    compact = "".join(value.split()).upper()
    if not 5 <= len(compact) <= 7 or not compact.isalnum():
        return False
    inward = compact[-3:]
    return compact[0].isalpha() and inward[0].isdigit() and inward[1:].isalpha()


def normalise_postcode(value: str) -> str:
    """A UK postcode in upper case with one space: "ns14ab" -> "NS1 4AB"; others as given."""
    if not looks_like_postcode(value):
        return " ".join(value.split())
    compact = "".join(value.split()).upper()
    return compact[:-3] + " " + compact[-3:]


def mark_checked(service: Service, by: User) -> None:
    service.last_checked = today()
    audit.record(by, "service.checked", school_id=service.school_id, obj=service)
    db.session.commit()


# --- "Tell us this is out of date" -------------------------------------------------------


def out_of_date_flooded(school_id: int, limit: int) -> bool:
    """Whether the school has had `limit` or more out-of-date notes in the last hour."""
    recent = db.session.scalar(
        sa.select(sa.func.count(OutOfDateReport.id)).where(
            OutOfDateReport.school_id == school_id,
            OutOfDateReport.created_at > utcnow() - timedelta(hours=1),
        )
    )
    return recent >= limit


def report_out_of_date(service: Service, note: str, reply_email: str | None) -> OutOfDateReport:
    """Keep the note for staff and email the school's SENCOs, at most once a day a service."""
    report = OutOfDateReport(
        service_id=service.id,
        school_id=service.school_id,
        note=note.strip(),
        reply_email=_clean(reply_email),
    )
    recently_emailed = db.session.scalar(
        sa.select(OutOfDateReport.id).where(
            OutOfDateReport.service_id == service.id,
            OutOfDateReport.resolved_at.is_(None),
            OutOfDateReport.staff_emailed.is_(True),
            OutOfDateReport.created_at > utcnow() - timedelta(days=1),
        )
    )
    db.session.add(report)
    db.session.flush()
    if recently_emailed is None:
        school = service.school
        sencos = school_contacts(school.id)
        for membership in sencos:
            mail.send(
                to=membership.user.email,
                kind="local_offer.out_of_date",
                subject=OUT_OF_DATE_SUBJECT,
                template="email/local_offer_out_of_date.txt",
                user=membership.user,
                school=school,
                link_to=(service, "school"),
            )
        report.staff_emailed = bool(sencos)
    db.session.commit()
    return report


def open_reports(service: Service) -> list[OutOfDateReport]:
    return db.session.scalars(
        sa.select(OutOfDateReport)
        .where(OutOfDateReport.service_id == service.id, OutOfDateReport.resolved_at.is_(None))
        .order_by(OutOfDateReport.created_at.desc(), OutOfDateReport.id.desc())
    ).all()


def resolve_report(report: OutOfDateReport, by: User) -> None:
    report.resolved_at = utcnow()
    report.resolved_by_id = by.id
    audit.record(by, "service_report.resolve", school_id=report.school_id, obj=report)
    db.session.commit()


# --- The SEN information report ----------------------------------------------------------


def sen_report(school_id: int) -> SenInformationReport | None:
    return db.session.scalar(
        sa.select(SenInformationReport).where(SenInformationReport.school_id == school_id)
    )


def save_sen_report(school: School, data: dict, by: User) -> SenInformationReport:
    report = sen_report(school.id)
    if report is None:
        report = SenInformationReport(school_id=school.id)
        db.session.add(report)
    report.senco_name = _clean(data.get("senco_name"))
    report.senco_email = _clean(data.get("senco_email"))
    report.senco_phone = _clean(data.get("senco_phone"))
    report.sen_policy_url = _clean(data.get("sen_policy_url"))
    report.accessibility_plan_url = _clean(data.get("accessibility_plan_url"))
    for section in ReportSection:
        setattr(report, section.value, (data.get(section.value) or "").strip() or None)
    report.updated_at = utcnow()
    report.updated_by_id = by.id
    db.session.flush()
    audit.record(by, "sen_report.update", school_id=school.id, obj=report)
    db.session.commit()
    return report
