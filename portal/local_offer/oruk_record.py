"""Understanding one Open Referral UK service record: each field checked and turned into
what a Service holds, or RecordError with a reason shown to whoever ran the import."""

import math
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l

from portal.local_offer import distance, search
from portal.local_offer.oruk_words import language_code, term_key, vocabulary
from portal.local_offer.services import normalise_postcode
from portal.models import ServiceCost, ServiceStatus, today


class RecordError(Exception):
    """One record cannot be imported; the reason is shown to whoever ran the import."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def understand(record: object, inherited: dict | None) -> dict:
    """One feed record as the fields of a Service, or RecordError with the reason."""
    if not isinstance(record, dict):
        raise RecordError(_l("The record is not a JSON object."))
    oruk_id, name, status = _identity(record)
    min_age, max_age = _ages(record)
    checked, modified = _dates(record)
    taxonomy = _taxonomy(record)
    contacts = _contacts(record)
    cost, cost_details = _cost(record)
    return {
        "oruk_id": oruk_id,
        "name": name,
        "description": _text(record, "description") or "",
        "status": status.value,
        "min_age": min_age,
        "max_age": max_age,
        "all_needs": taxonomy["all_needs"],
        "cost": cost.value if cost else None,
        "cost_details": cost_details,
        "access_routes": [a.value for a in taxonomy["access"]],
        "phone": (_first_phone(record) or next((c["phone"] for c in contacts if c["phone"]), None)),
        "email": _email(_text(record, "email")),
        "website": _web(_text(record, "url")),
        "languages": _languages(record),
        "keywords": ", ".join(taxonomy["keywords"])[:500] or None,
        "alert": _text(record, "alert", 500),
        "last_checked": checked.isoformat() if checked else None,
        "source_modified_at": modified.isoformat() if modified else None,
        "categories": [c.value for c in taxonomy["categories"]],
        "need_codes": [c.value for c in taxonomy["codes"]],
        "areas": [a.value for a in taxonomy["areas"]],
        "organisation": _organisation_fields(record, inherited),
        "contacts": contacts,
        "locations": _places(record),
    }


def _identity(record: dict) -> tuple[str, str, ServiceStatus]:
    """The record's id, name and status: without them it cannot be imported."""
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
    return oruk_id, name, status


def _ages(record: dict) -> tuple[int | None, int | None]:
    min_age, max_age = _age(record, "minimum_age"), _age(record, "maximum_age")
    if min_age is not None and max_age is not None and min_age > max_age:
        raise RecordError(_l("minimum_age is greater than maximum_age."))
    return min_age, max_age


def _dates(record: dict) -> tuple[date | None, datetime | None]:
    """When the entry was last checked (assured, or else modified; never in the future),
    and when the feed last changed it."""
    assured = _date(record, "assured_date")
    modified = _datetime(record, "last_modified")
    checked = assured or (modified.date() if modified else None)
    if checked and checked > today():
        checked = today()
    return checked, modified


def _taxonomy(record: dict) -> dict:
    """The record's taxonomy terms sorted into what they mean here; the rest are keywords."""
    categories_by_term, needs_by_term, areas_by_term, access_by_term, everyone = vocabulary()
    found = {"categories": [], "codes": [], "areas": [], "access": [], "keywords": []}
    all_needs = False
    for attribute in _list(record, "attributes"):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        text = term.get("term") or term.get("name")
        if not isinstance(text, str) or not text.strip():
            continue
        key = term_key(text)
        known = False
        for meanings, into in (
            (categories_by_term, found["categories"]),
            (needs_by_term, found["codes"]),
            (areas_by_term, found["areas"]),
            (access_by_term, found["access"]),
        ):
            if key in meanings:
                known = True
                if meanings[key] not in into:
                    into.append(meanings[key])
        if key in everyone:
            known = all_needs = True
        if not known and text.strip() not in found["keywords"]:
            found["keywords"].append(text.strip())
    return found | {"all_needs": all_needs}


def _organisation_fields(record: dict, inherited: dict | None) -> dict | None:
    """The organisation running the service: its own, or the one the feed nests it in."""
    organisation = record.get("organization")
    if not isinstance(organisation, dict):
        organisation = inherited if isinstance(inherited, dict) else None
    if not organisation:
        return None
    org_name = _text(organisation, "name", 200, label="organization name")
    if not org_name:
        return None
    return {
        "oruk_id": _text(organisation, "id", 100, label="organization id"),
        "name": org_name,
        "description": _text(organisation, "description"),
        "website": _web(
            _text(organisation, "website", label="organization website")
            or _text(organisation, "url", label="organization url")
        ),
        "email": _email(_text(organisation, "email", label="organization email")),
    }


def _contacts(record: dict) -> list[dict]:
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
    return contacts


def _places(record: dict) -> list[dict]:
    places = []
    for entry in _list(record, "service_at_locations"):
        place = _location(entry, len(places))
        if place:
            places.append(place)
    return places


def _languages(record: dict) -> list[str]:
    languages = []
    for item in _list(record, "languages"):
        code = language_code(item)
        if code and code not in languages:
            languages.append(code)
    return languages


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
    latitude, longitude = distance.valid(location.get("latitude"), location.get("longitude")) or (
        None,
        None,
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
        "latitude": latitude,
        "longitude": longitude,
    }
    return place if any(place[k] for k in ("name", "address_1", "town", "postcode")) else None
