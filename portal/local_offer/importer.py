"""Import services from an Open Referral UK (v3, UK profile) JSON feed.

The feed may be a file or a web address, and any of the standard's shapes: one fully
nested service, a page of services (`contents`, following further pages of a web feed),
an organisation with its `services`, a service at a location, or a plain list of these.

Each service is matched to an earlier import by its Open Referral id, so importing again
updates entries in place and never duplicates them. Each record is checked, then written
inside its own savepoint: a bad record is skipped with a reason and never half written,
and the rest of the feed still goes in. A feed that cannot be read at all raises
FeedError and writes nothing.
"""

import hashlib
import ipaddress
import json
import math
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from babel import Locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from portal import audit
from portal.extensions import db
from portal.local_offer import search
from portal.local_offer.services import normalise_postcode, reindex, set_categories, set_needs
from portal.models import (
    AccessRoute,
    BroadArea,
    NeedCode,
    School,
    Service,
    ServiceContact,
    ServiceCost,
    ServiceLocation,
    ServiceOrganisation,
    ServiceSource,
    ServiceStatus,
    User,
    today,
    utcnow,
)
from portal.models.local_offer import ServiceCategory

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 100
TIMEOUT_SECONDS = 20


class FeedError(Exception):
    """The feed as a whole cannot be used; nothing was imported."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Skipped:
    position: int
    oruk_id: str | None
    name: str | None
    reason: object  # a lazy string, translated when shown


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged) + len(self.skipped)


class RecordError(Exception):
    """One record cannot be imported; the reason is shown to whoever ran the import."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# --- Reading the feed --------------------------------------------------------------------


def read_source(source: str, *, public_only: bool = False) -> tuple[object, str | None]:
    """The parsed JSON of a file path or a web address, and the address if it was one."""
    if source.startswith(("http://", "https://")):
        return parse(fetch(source, public_only=public_only)), source
    path = Path(source)
    if not path.is_file():
        raise FeedError(
            _l("There is no file at %(path)s, and it is not a web address.", path=source)
        )
    if path.stat().st_size > MAX_BYTES:
        raise FeedError(_l("The file is larger than 20 MB."))
    return parse(path.read_bytes()), None


def parse(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedError(_l("The feed is not UTF-8 text.")) from error
    except RecursionError as error:
        # json gives up on very deep nesting; no real feed nests more than a few levels.
        raise FeedError(
            _l("The feed is nested too deeply to be a directory of services.")
        ) from error
    except json.JSONDecodeError as error:
        raise FeedError(
            _l(
                "The feed is not valid JSON: %(problem)s at line %(line)d, column %(column)d.",
                problem=error.msg,
                line=error.lineno,
                column=error.colno,
            )
        ) from error


def _check_public(url: str) -> None:
    """For addresses typed into the web page: only https, and only to public hosts."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise FeedError(_l("Enter a web address starting with https://"))
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError as error:
        raise FeedError(_l("Could not find %(host)s.", host=parts.hostname)) from error
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FeedError(_l("That address is not on the public internet."))


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, public_only: bool = False) -> bytes:
    if public_only:
        _check_public(url)
        opener = urllib.request.build_opener(_PublicRedirects)
    else:
        opener = urllib.request.build_opener()
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "send-portal-local-offer/1"}
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise FeedError(
            _l("The address answered with an error (HTTP %(status)d).", status=error.code)
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise FeedError(_l("Could not read the feed from that address.")) from error
    if len(raw) > MAX_BYTES:
        raise FeedError(_l("The feed is larger than 20 MB."))
    return raw


def _page_url(url: str, number: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "page"]
    query.append(("page", str(number)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def records_in(document: object, url: str | None = None, public_only: bool = False):
    """(service record, organisation it inherits) pairs, in feed order."""
    if isinstance(document, list):
        for item in document:
            yield from _unwrap(item, None)
        return
    if not isinstance(document, dict):
        raise FeedError(_l("The feed is JSON, but not a service, a list or a page of services."))
    if isinstance(document.get("contents"), list):
        for item in document["contents"]:
            yield from _unwrap(item, None)
        pages = document.get("total_pages")
        current = document.get("page_number") or 1
        if url and isinstance(pages, int) and isinstance(current, int):
            for number in range(current + 1, min(pages, MAX_PAGES) + 1):
                page = parse(fetch(_page_url(url, number), public_only=public_only))
                if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
                    raise FeedError(
                        _l("Page %(number)d of the feed has no services.", number=number)
                    )
                for item in page["contents"]:
                    yield from _unwrap(item, None)
        return
    if isinstance(document.get("services"), list):
        organisation = {k: v for k, v in document.items() if k != "services"}
        for item in document["services"]:
            yield from _unwrap(item, organisation)
        return
    if "id" in document or "name" in document or "service" in document:
        yield from _unwrap(document, None)
        return
    raise FeedError(_l("The feed is JSON, but not a service, a list or a page of services."))


def _unwrap(item, organisation):
    """A service at a location becomes its service with that location."""
    if isinstance(item, dict) and isinstance(item.get("service"), dict) and "location" in item:
        service = dict(item["service"])
        service.setdefault("service_at_locations", [{"location": item["location"]}])
        yield service, organisation
    else:
        yield item, organisation


# --- Understanding one record ------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(search.words(text))


def _terms(pairs) -> dict[str, object]:
    return {_key(text): value for text, value in pairs}


def _english(label) -> str:
    from flask_babel import force_locale

    with force_locale("en"):
        return str(label)


CATEGORY_WORDS = {
    ServiceCategory.THERAPY: [
        "therapies",
        "speech and language therapy",
        "speech therapy",
        "occupational therapy",
        "physiotherapy",
        "SALT",
    ],
    ServiceCategory.HEALTH: [
        "health",
        "health services",
        "paediatrics",
        "community paediatrics",
        "school nursing",
        "nursing",
        "continence",
        "wheelchair service",
    ],
    ServiceCategory.MENTAL_HEALTH: [
        "mental health",
        "emotional wellbeing",
        "wellbeing",
        "CAMHS",
        "counselling",
    ],
    ServiceCategory.LEARNING: [
        "education",
        "learning",
        "learning support",
        "educational psychology",
        "specialist teaching",
    ],
    ServiceCategory.ADVICE: [
        "advice",
        "information and advice",
        "family support",
        "parent support",
        "support groups",
        "SENDIASS",
        "parent carer forum",
    ],
    ServiceCategory.SHORT_BREAKS: ["short breaks", "respite"],
    ServiceCategory.ACTIVITIES: [
        "activities",
        "leisure",
        "youth clubs",
        "sport",
        "play",
        "clubs",
        "holiday activities",
    ],
    ServiceCategory.SOCIAL_CARE: [
        "social care",
        "social work",
        "early help",
        "children with disabilities team",
    ],
    ServiceCategory.EARLY_YEARS: ["early years", "childcare", "nursery", "portage"],
    ServiceCategory.ADULTHOOD: [
        "preparing for adulthood",
        "employment",
        "supported internships",
        "independent living",
        "careers",
    ],
    ServiceCategory.MONEY: ["money", "benefits", "financial support"],
    ServiceCategory.TRAVEL: ["transport", "travel", "travel training"],
}

NEED_WORDS = {
    NeedCode.ASD: ["autism", "autistic spectrum", "autism spectrum condition"],
    NeedCode.SLCN: ["speech language and communication", "speech and language", "SLCN"],
    NeedCode.SPLD: ["dyslexia", "dyspraxia", "dyscalculia", "specific learning difficulties"],
    NeedCode.MLD: ["moderate learning difficulties"],
    NeedCode.SLD: ["severe learning difficulties"],
    NeedCode.PMLD: ["profound and multiple learning difficulties"],
    NeedCode.SEMH: ["mental health", "emotional wellbeing", "ADHD", "anxiety"],
    NeedCode.HI: ["deaf", "hearing", "hearing loss", "hearing impairment"],
    NeedCode.VI: ["blind", "vision", "visual impairment", "sight loss"],
    NeedCode.MSI: ["deafblind", "multi sensory impairment"],
    NeedCode.PD: ["physical disability", "physical disabilities", "mobility"],
}

AREA_WORDS = {
    BroadArea.COMMUNICATION: ["communication", "communication and interaction"],
    BroadArea.COGNITION: ["learning disabilities", "learning difficulties", "cognition"],
    BroadArea.SEMH: ["social emotional and mental health", "SEMH needs"],
    BroadArea.SENSORY_PHYSICAL: ["sensory", "physical", "sensory and physical"],
}

ALL_NEEDS_WORDS = [
    "SEND",
    "SEN",
    "all SEND",
    "all needs",
    "special educational needs",
    "special educational needs and disabilities",
    "disabilities",
]

ACCESS_WORDS = {
    AccessRoute.REFERRAL: ["referral", "professional referral", "referral needed", "by referral"],
    AccessRoute.SELF_REFERRAL: ["self referral", "self-referral", "contact directly"],
    AccessRoute.DROP_IN: ["drop in", "drop-in", "no appointment needed"],
    AccessRoute.APPOINTMENT: ["appointment", "by appointment", "appointment only"],
}


def _vocabulary():
    """Taxonomy term text -> what it means here. Built once, in English."""
    categories = _terms(
        [(words, c) for c, names in CATEGORY_WORDS.items() for words in names]
        + [(c.value.replace("_", " "), c) for c in ServiceCategory]
        + [(_english(c.label), c) for c in ServiceCategory]
    )
    needs = _terms(
        [(words, code) for code, names in NEED_WORDS.items() for words in names]
        + [(code.value, code) for code in NeedCode if code.area]
        + [(_english(code.label), code) for code in NeedCode if code.area]
    )
    areas = _terms(
        [(words, area) for area, names in AREA_WORDS.items() for words in names]
        + [(_english(area.label), area) for area in BroadArea]
    )
    access = _terms((words, a) for a, names in ACCESS_WORDS.items() for words in names)
    everyone = {_key(words) for words in ALL_NEEDS_WORDS}
    return categories, needs, areas, access, everyone


_VOCABULARY = None


def vocabulary():
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = _vocabulary()
    return _VOCABULARY


def _language_codes() -> dict[str, str]:
    names = Locale("en").languages
    return {name.casefold(): code for code, name in names.items() if len(code) in (2, 3)}


_LANGUAGES: dict[str, str] | None = None


def language_code(item) -> str | None:
    global _LANGUAGES
    if _LANGUAGES is None:
        _LANGUAGES = _language_codes()
    if not isinstance(item, dict):
        return None
    code = item.get("code")
    if isinstance(code, str) and code.strip():
        code = code.strip().lower().replace("_", "-").split("-")[0]
        if code in Locale("en").languages:
            return code
    name = item.get("name")
    if isinstance(name, str):
        return _LANGUAGES.get(name.strip().casefold())
    return None


def _text(record: dict, key: str, limit: int | None = None, *, label: str | None = None):
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RecordError(_l("%(field)s is not text.", field=label or key))
    value = value.strip()
    if limit and len(value) > limit:
        raise RecordError(
            _l(
                "%(field)s is longer than %(limit)d characters.",
                field=label or key,
                limit=limit,
            )
        )
    return value or None


def _web(value: str | None) -> str | None:
    """Only http(s) addresses become links: anything else could run script in a browser."""
    if value and value.lower().startswith(("https://", "http://")) and len(value) <= 500:
        return value
    return None


def _email(value: str | None) -> str | None:
    if value and "@" in value and len(value) <= 254 and " " not in value:
        return value
    return None


def _age(record: dict, key: str) -> int | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise RecordError(_l("%(field)s is not a number.", field=key)) from error
    if math.isnan(number) or number < 0 or number > 130:
        raise RecordError(_l("%(field)s is not a sensible age.", field=key))
    return math.floor(number)


def _date(record: dict, key: str) -> date | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(_l("%(field)s is not a date.", field=key))
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as error:
        raise RecordError(_l("%(field)s is not a date.", field=key)) from error


def _datetime(record: dict, key: str) -> datetime | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(_l("%(field)s is not a date and time.", field=key))
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise RecordError(_l("%(field)s is not a date and time.", field=key)) from error
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _list(record: dict, key: str) -> list:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(_l("%(field)s is not a list.", field=key))
    return [item for item in value if isinstance(item, dict)]


def _first_phone(record: dict) -> str | None:
    for phone in _list(record, "phones"):
        number = phone.get("number")
        if isinstance(number, str) and number.strip():
            return number.strip()[:40]
    return None


def _cost(record: dict) -> tuple[ServiceCost | None, str | None]:
    options = _list(record, "cost_options")
    details = []
    amounts = []
    for option in options:
        amount = option.get("amount")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            amounts.append(amount)
            if amount == 0:
                continue
            text = f"£{amount:,.2f}".replace(".00", "")
            describe = option.get("amount_description")
            if isinstance(describe, str) and describe.strip():
                text += " " + describe.strip()
            condition = option.get("option")
            if isinstance(condition, str) and condition.strip():
                text += f" ({condition.strip()})"
            details.append(text)
    fees = _text(record, "fees", 500) or _text(record, "fees_description", 500)
    if fees:
        details.insert(0, fees)
    detail = "; ".join(details)[:500] or None
    if amounts:
        if all(a == 0 for a in amounts):
            return ServiceCost.FREE, detail
        if any(a == 0 for a in amounts):
            return ServiceCost.FREE_FOR_SOME, detail
        return ServiceCost.PAID, detail
    if fees:
        words = set(search.words(fees))
        priced = any(ch.isdigit() for ch in fees) or "£" in fees or bool(words & PRICE_WORDS)
        if "free" in words:
            return (ServiceCost.FREE_FOR_SOME if priced else ServiceCost.FREE), detail
        if priced:
            return ServiceCost.PAID, detail
    return None, detail


PRICE_WORDS = {"charge", "contribution", "cost", "fee", "paid", "pay", "price"}


def _location(entry: dict, position: int) -> dict | None:
    location = entry.get("location") if isinstance(entry.get("location"), dict) else entry
    if not isinstance(location, dict) or location.get("location_type") == "virtual":
        return None
    addresses = _list(location, "addresses")
    address = next((a for a in addresses if a.get("address_type") == "physical"), None)
    address = address or (addresses[0] if addresses else {})
    postcode = _text(address, "postal_code", 12, label="postal_code")
    if postcode:
        postcode = normalise_postcode(postcode)
        if len(postcode) > 10:
            raise RecordError(_l("%(field)s is not a postcode.", field="postal_code"))
    access = "\n\n".join(
        a["description"].strip()
        for a in _list(location, "accessibility")
        if isinstance(a.get("description"), str) and a["description"].strip()
    )
    place = {
        "position": position,
        "oruk_id": _text(location, "id", 100),
        "name": _text(location, "name", 200, label="location name"),
        "address_1": _text(address, "address_1", 200),
        "address_2": _text(address, "address_2", 200),
        "town": _text(address, "city", 100),
        "postcode": postcode,
        "accessibility": access or None,
    }
    return place if any(place[k] for k in ("name", "address_1", "town", "postcode")) else None


def understand(record: object, inherited: dict | None) -> dict:
    """One feed record as the fields of a Service, or RecordError with the reason."""
    if not isinstance(record, dict):
        raise RecordError(_l("The record is not a JSON object."))
    oruk_id = record.get("id")
    if isinstance(oruk_id, int) and not isinstance(oruk_id, bool):
        oruk_id = str(oruk_id)
    if not isinstance(oruk_id, str) or not oruk_id.strip():
        raise RecordError(_l("The record has no id."))
    oruk_id = oruk_id.strip()
    if len(oruk_id) > 100:
        raise RecordError(_l("The id is longer than 100 characters."))
    name = _text(record, "name", 200)
    if not name:
        raise RecordError(_l("The service has no name."))
    status_text = (_text(record, "status", 40) or "active").lower()
    try:
        status = ServiceStatus(status_text)
    except ValueError as error:
        raise RecordError(
            _l("The status %(status)s is not one Open Referral UK uses.", status=status_text)
        ) from error
    min_age, max_age = _age(record, "minimum_age"), _age(record, "maximum_age")
    if min_age is not None and max_age is not None and min_age > max_age:
        raise RecordError(_l("minimum_age is greater than maximum_age."))
    assured = _date(record, "assured_date")
    modified = _datetime(record, "last_modified")
    checked = assured or (modified.date() if modified else None)
    if checked and checked > today():
        checked = today()

    categories_by_term, needs_by_term, areas_by_term, access_by_term, everyone = vocabulary()
    categories, codes, areas, access, keywords = [], [], [], [], []
    all_needs = False
    for attribute in _list(record, "attributes"):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        text = term.get("term") or term.get("name")
        if not isinstance(text, str) or not text.strip():
            continue
        key = _key(text)
        known = False
        for meanings, found in (
            (categories_by_term, categories),
            (needs_by_term, codes),
            (areas_by_term, areas),
            (access_by_term, access),
        ):
            if key in meanings:
                known = True
                if meanings[key] not in found:
                    found.append(meanings[key])
        if key in everyone:
            known = all_needs = True
        if not known and text.strip() not in keywords:
            keywords.append(text.strip())

    organisation = record.get("organization")
    if not isinstance(organisation, dict):
        organisation = inherited if isinstance(inherited, dict) else None
    org = None
    if organisation:
        org_name = _text(organisation, "name", 200, label="organization name")
        if org_name:
            org = {
                "oruk_id": _text(organisation, "id", 100, label="organization id"),
                "name": org_name,
                "description": _text(organisation, "description"),
                "website": _web(
                    _text(organisation, "website", label="organization website")
                    or _text(organisation, "url", label="organization url")
                ),
                "email": _email(_text(organisation, "email", label="organization email")),
            }

    contacts = []
    for position, contact in enumerate(_list(record, "contacts")):
        entry = {
            "position": position,
            "name": _text(contact, "name", 200, label="contact name"),
            "title": _text(contact, "title", 200, label="contact title"),
            "email": _email(_text(contact, "email", label="contact email")),
            "phone": _first_phone(contact),
        }
        if any(entry[k] for k in ("name", "title", "email", "phone")):
            contacts.append(entry)

    places = []
    for entry in _list(record, "service_at_locations"):
        place = _location(entry, len(places))
        if place:
            places.append(place)

    languages = []
    for item in _list(record, "languages"):
        code = language_code(item)
        if code and code not in languages:
            languages.append(code)

    cost, cost_details = _cost(record)
    description = _text(record, "description") or ""
    return {
        "oruk_id": oruk_id,
        "name": name,
        "description": description,
        "status": status.value,
        "min_age": min_age,
        "max_age": max_age,
        "all_needs": all_needs,
        "cost": cost.value if cost else None,
        "cost_details": cost_details,
        "access_routes": [a.value for a in access],
        "phone": (_first_phone(record) or next((c["phone"] for c in contacts if c["phone"]), None)),
        "email": _email(_text(record, "email")),
        "website": _web(_text(record, "url")),
        "languages": languages,
        "keywords": ", ".join(keywords)[:500] or None,
        "alert": _text(record, "alert", 500),
        "last_checked": checked.isoformat() if checked else None,
        "source_modified_at": modified.isoformat() if modified else None,
        "categories": [c.value for c in categories],
        "need_codes": [c.value for c in codes],
        "areas": [a.value for a in areas],
        "organisation": org,
        "contacts": contacts,
        "locations": places,
    }


def fingerprint(fields: dict) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


# --- Writing -----------------------------------------------------------------------------


def _organisation(school: School, data: dict | None, cache: dict) -> ServiceOrganisation | None:
    if not data:
        return None
    key = data["oruk_id"] or "name:" + data["name"].casefold()
    if key in cache:
        organisation = cache[key]
    else:
        statement = sa.select(ServiceOrganisation).where(ServiceOrganisation.school_id == school.id)
        if data["oruk_id"]:
            statement = statement.where(ServiceOrganisation.oruk_id == data["oruk_id"])
        else:
            statement = statement.where(
                sa.func.lower(ServiceOrganisation.name) == data["name"].casefold()
            )
        organisation = db.session.scalar(statement.order_by(ServiceOrganisation.id).limit(1))
        if organisation is None:
            organisation = ServiceOrganisation(school_id=school.id, oruk_id=data["oruk_id"])
            db.session.add(organisation)
    organisation.name = data["name"]
    organisation.description = data["description"]
    organisation.website = data["website"]
    organisation.email = data["email"]
    return organisation


def _apply(service: Service, fields: dict, organisation: ServiceOrganisation | None) -> None:
    service.source = ServiceSource.ORUK
    service.oruk_id = fields["oruk_id"]
    service.name = fields["name"]
    service.description = fields["description"]
    service.status = ServiceStatus(fields["status"])
    service.min_age = fields["min_age"]
    service.max_age = fields["max_age"]
    service.cost = ServiceCost(fields["cost"]) if fields["cost"] else None
    service.cost_details = fields["cost_details"]
    service.access_routes = ",".join(fields["access_routes"])
    service.access_details = None
    service.phone = fields["phone"]
    service.email = fields["email"]
    service.website = fields["website"]
    service.languages = ",".join(fields["languages"])
    service.keywords = fields["keywords"]
    service.alert = fields["alert"]
    service.last_checked = (
        date.fromisoformat(fields["last_checked"]) if fields["last_checked"] else None
    )
    service.source_modified_at = (
        datetime.fromisoformat(fields["source_modified_at"])
        if fields["source_modified_at"]
        else None
    )
    service.organisation = organisation
    set_categories(service, [ServiceCategory(v) for v in fields["categories"]])
    set_needs(
        service,
        fields["all_needs"],
        [BroadArea(v) for v in fields["areas"]],
        [NeedCode(v) for v in fields["need_codes"]],
    )
    if service.locations or service.contacts:
        service.locations.clear()
        service.contacts.clear()
        db.session.flush()
    service.locations.extend(ServiceLocation(**place) for place in fields["locations"])
    service.contacts.extend(ServiceContact(**contact) for contact in fields["contacts"])
    service.source_hash = fingerprint(fields)
    service.imported_at = utcnow()
    reindex(service)


def import_document(
    school: School,
    document: object,
    *,
    url: str | None = None,
    public_only: bool = False,
    by: User | None = None,
) -> ImportResult:
    """Import every service in a parsed feed into this school's directory, then commit."""
    result = ImportResult()
    seen: set[str] = set()
    organisations: dict = {}
    records = list(records_in(document, url, public_only))
    if not records:
        raise FeedError(_l("The feed has no services in it."))
    existing = {
        s.oruk_id: s
        for s in db.session.scalars(
            sa.select(Service).where(Service.school_id == school.id, Service.oruk_id.is_not(None))
        )
    }
    for position, (record, inherited) in enumerate(records, 1):
        name = record.get("name") if isinstance(record, dict) else None
        raw_id = record.get("id") if isinstance(record, dict) else None
        label = name if isinstance(name, str) else None
        ident = str(raw_id) if isinstance(raw_id, str | int) else None
        try:
            fields = understand(record, inherited)
        except RecordError as error:
            result.skipped.append(Skipped(position, ident, label, error.reason))
            continue
        if fields["oruk_id"] in seen:
            result.skipped.append(
                Skipped(
                    position,
                    ident,
                    label,
                    _l("The same id appears earlier in the feed; the first one was used."),
                )
            )
            continue
        seen.add(fields["oruk_id"])
        service = existing.get(fields["oruk_id"])
        if service is None and fields["status"] in ("inactive", "defunct"):
            result.skipped.append(
                Skipped(
                    position,
                    ident,
                    label,
                    _l(
                        "The feed says this service is %(status)s, so it was not added.",
                        status=fields["status"],
                    ),
                )
            )
            continue
        if service is not None and service.source_hash == fingerprint(fields):
            result.unchanged.append(fields["name"])
            continue
        try:
            with db.session.begin_nested():
                organisation = _organisation(school, fields["organisation"], organisations)
                if service is None:
                    service = Service(school_id=school.id)
                    db.session.add(service)
                    added = True
                else:
                    added = False
                _apply(service, fields, organisation)
                db.session.flush()
        except SQLAlchemyError as error:
            # The savepoint is rolled back: this record leaves nothing behind.
            organisations.clear()
            result.skipped.append(
                Skipped(
                    position,
                    ident,
                    label,
                    _l("The database refused it (%(problem)s).", problem=type(error).__name__),
                )
            )
            continue
        existing[fields["oruk_id"]] = service
        (result.added if added else result.changed).append(fields["name"])
    audit.record(by, "service.import", school_id=school.id)
    db.session.commit()
    return result


def import_source(
    school: School, source: str, *, public_only: bool = False, by: User | None = None
) -> ImportResult:
    """Read a feed from a file or a web address and import it."""
    document, url = read_source(source, public_only=public_only)
    try:
        return import_document(school, document, url=url, public_only=public_only, by=by)
    except FeedError:
        db.session.rollback()
        raise
