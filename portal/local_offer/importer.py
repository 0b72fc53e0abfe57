"""Import services from an Open Referral UK (v3, UK profile) JSON feed, in small steps:
oruk_feed.py reads the feed into records, oruk_record.py understands each record (with
oruk_words.py for what its terms mean), and this module writes them.

Each service is matched to an earlier import by its Open Referral id, so importing again
updates entries in place and never duplicates them. Each record is checked, then written
inside its own savepoint: a bad record is skipped with a reason and never half written,
and the rest of the feed still goes in. A feed that cannot be read at all raises
FeedError and writes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from portal import audit
from portal.extensions import db
from portal.local_offer.oruk_feed import MAX_BYTES, FeedError, parse, read_source, records_in
from portal.local_offer.oruk_record import RecordError, understand
from portal.local_offer.services import reindex, set_categories, set_needs
from portal.models import (
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
    utcnow,
)
from portal.models.local_offer import ServiceCategory

__all__ = ["MAX_BYTES", "FeedError", "ImportResult", "import_document", "import_source", "parse"]


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


@dataclass
class _Run:
    """One import: the school, its entries from earlier imports, and what happened so far."""

    school: School
    existing: dict[str, Service]
    result: ImportResult = field(default_factory=ImportResult)
    seen: set[str] = field(default_factory=set)
    organisations: dict = field(default_factory=dict)


def import_document(
    school: School,
    document: object,
    *,
    url: str | None = None,
    public_only: bool = False,
    by: User | None = None,
) -> ImportResult:
    """Import every service in a parsed feed into this school's directory, then commit."""
    records = list(records_in(document, url, public_only))
    if not records:
        raise FeedError(_l("The feed has no services in it."))
    run = _Run(school, _earlier_imports(school))
    for position, (record, inherited) in enumerate(records, 1):
        _import_record(run, position, record, inherited)
    audit.record(by, "service.import", school_id=school.id)
    db.session.commit()
    return run.result


def _earlier_imports(school: School) -> dict[str, Service]:
    return {
        s.oruk_id: s
        for s in db.session.scalars(
            sa.select(Service).where(Service.school_id == school.id, Service.oruk_id.is_not(None))
        )
    }


def _import_record(run: _Run, position: int, record: object, inherited) -> None:
    """Understand one record, decide whether it goes in, and write it in a savepoint."""
    name = record.get("name") if isinstance(record, dict) else None
    raw_id = record.get("id") if isinstance(record, dict) else None
    label = name if isinstance(name, str) else None
    ident = str(raw_id) if isinstance(raw_id, str | int) else None

    def skip(reason) -> None:
        run.result.skipped.append(Skipped(position, ident, label, reason))

    try:
        fields = understand(record, inherited)
    except RecordError as error:
        return skip(error.reason)
    if fields["oruk_id"] in run.seen:
        return skip(_l("The same id appears earlier in the feed; the first one was used."))
    run.seen.add(fields["oruk_id"])
    service = run.existing.get(fields["oruk_id"])
    if service is None and fields["status"] in ("inactive", "defunct"):
        return skip(
            _l(
                "The feed says this service is %(status)s, so it was not added.",
                status=fields["status"],
            )
        )
    if service is not None and service.source_hash == fingerprint(fields):
        run.result.unchanged.append(fields["name"])
        return None
    try:
        service, added = _write(run, fields, service)
    except SQLAlchemyError as error:
        # The savepoint is rolled back: this record leaves nothing behind.
        run.organisations.clear()
        return skip(_l("The database refused it (%(problem)s).", problem=type(error).__name__))
    run.existing[fields["oruk_id"]] = service
    (run.result.added if added else run.result.changed).append(fields["name"])
    return None


def _write(run: _Run, fields: dict, service: Service | None) -> tuple[Service, bool]:
    with db.session.begin_nested():
        organisation = _organisation(run.school, fields["organisation"], run.organisations)
        added = service is None
        if added:
            service = Service(school_id=run.school.id)
            db.session.add(service)
        _apply(service, fields, organisation)
        db.session.flush()
    return service, added


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
