"""Transition packs (Code 6.57): what the next school needs when a pupil moves.

A pack is a ZIP holding `transition.json` (the format is documented, with its JSON Schema
and a worked example, in docs/transition-pack/) and a PDF of each record it lists: the
current plan, earlier plans with their reviews, meeting records and the pupil's views.
Another installation imports it and gets the pupil with those as earlier records.
"""

import json
import zipfile
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

import jsonschema
import sqlalchemy as sa
from flask_babel import gettext as _

from portal import audit
from portal.extensions import db
from portal.models import (
    ChangeSource,
    Contact,
    EarlierRecord,
    PlanStatus,
    Pupil,
    PupilDetails,
    School,
    SenChange,
    SenField,
    User,
    utcnow,
)
from portal.records import codes, documents, sen_history
from portal.records.contacts import of_pupil
from portal.records.files import FileProblem
from portal.records.imports import settings_for

FORMAT = "send-portal-transition-pack"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("transition-pack.schema.json")
MAX_PACK_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 500


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def pack_data(pupil: Pupil, glossary_url: str) -> tuple[dict, dict[str, bytes]]:
    """The pack's JSON and its PDFs (file name -> bytes); the PDFs of plans say where the
    words are explained (`glossary_url`)."""
    settings = settings_for(pupil.school)
    details = db.session.get(PupilDetails, pupil.id)
    pdfs: dict[str, bytes] = {}
    records = []
    for plan in documents.plans_of(pupil):
        if plan.status is PlanStatus.DRAFT:
            continue
        current = plan.status is PlanStatus.SHARED
        name = f"plan-{plan.id}.pdf"
        pdfs[name] = documents.plan_pdf(pupil, plan, glossary_url)
        records.append(
            {
                "kind": "plan" if current else "review",
                "title": str(plan.kind.label) if current else _("Reviewed plan"),
                "date": _iso((plan.reviewed_at or plan.shared_at or plan.created_at).date()),
                "file": name,
                "data": {
                    "status": plan.status.value,
                    "strengths": plan.strengths,
                    "review_date": _iso(plan.review_date),
                    "outcomes": [
                        {
                            "description": o.description,
                            "target_date": _iso(o.target_date),
                            "measure": o.measure,
                            "result": o.result.value if o.result else None,
                        }
                        for o in plan.outcomes
                    ],
                    "provision": [
                        {
                            "description": p.description,
                            "sessions_per_week": p.sessions_per_week,
                            "minutes_per_session": p.minutes_per_session,
                            "delivered_by": p.delivered_by,
                        }
                        for p in plan.provisions
                    ],
                },
            }
        )
    for record in documents.records_of(pupil):
        if record.shared_at is None:
            continue
        name = f"meeting-record-{record.id}.pdf"
        pdfs[name] = documents.record_pdf(pupil, record)
        records.append(
            {
                "kind": "meeting_record",
                "title": str(record.meeting.kind.label),
                "date": _iso(record.meeting.starts_at.date()),
                "file": name,
                "data": {"discussed": record.discussed, "agreed": record.agreed},
            }
        )
    for views in documents.views_of(pupil):
        name = f"views-{views.id}.pdf"
        pdfs[name] = documents.views_pdf(pupil, views)
        records.append(
            {
                "kind": "views",
                "title": _("Views of %(name)s", name=pupil.first_name),
                "date": _iso((views.submitted_at or views.created_at).date()),
                "file": name,
                "data": {"answers": views.answers or {}, "feelings": views.feelings or {}},
            }
        )
    data = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": utcnow().replace(microsecond=0).isoformat() + "Z",
        "from_school": {
            "name": pupil.school.name,
            "la_code": settings.la_code,
            "establishment": settings.establishment,
            "urn": settings.urn,
        },
        "pupil": {
            "upn": pupil.upn,
            "legal_surname": pupil.family_name,
            "legal_forename": pupil.given_name,
            "preferred_surname": details.preferred_family_name if details else None,
            "preferred_forename": pupil.preferred_name,
            "date_of_birth": pupil.date_of_birth.isoformat(),
            "sex": details.sex if details else None,
            "nc_year": pupil.year_group,
            "home_language": (details.language_code if details else None)
            or codes.dfe_language(pupil.home_language),
            "sen_provision": pupil.sen_status.value,
            "needs": [{"code": n.code.value, "rank": n.rank} for n in pupil.needs],
        },
        "sen_history": [
            {
                "field": c.field.value,
                "from": c.from_value,
                "to": c.to_value,
                "effective_date": c.effective_date.isoformat(),
                "reason": c.reason,
            }
            for c in pupil.sen_history
        ],
        "contacts": [
            {
                "order": c.contact_order,
                "title": c.title,
                "forename": c.given_name,
                "surname": c.family_name,
                "relationship": c.relationship_to_pupil,
                "parental_responsibility": c.parental_responsibility,
                "email": c.email,
                "phone": c.phone,
                "language": c.language,
                "interpreter_needed": c.interpreter_needed,
            }
            for c in of_pupil(pupil.id)
        ],
        "records": records,
    }
    return data, pdfs


def build(pupil: Pupil, by: User | None, *, glossary_url: str) -> bytes:
    """The transition pack as ZIP bytes; the making of it is audited."""
    data, pdfs = pack_data(pupil, glossary_url)
    jsonschema.validate(data, schema())
    audit.record(by, "records.transition_pack", pupil=pupil, obj=pupil)
    db.session.commit()
    files = {"transition.json": json.dumps(data, ensure_ascii=False, indent=2)}
    files.update(pdfs)
    return documents.zip_bytes(files)


def read(content: bytes) -> tuple[dict, dict[str, bytes]]:
    """Open a pack safely and check it against the schema; raises FileProblem."""
    if not content:
        raise FileProblem(_("The file is empty."))
    if len(content) > MAX_PACK_BYTES:
        raise FileProblem(_("The file is larger than 50 MB."))
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise FileProblem(_("This is not a transition pack: it is not a ZIP file.")) from error
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > 4 * MAX_PACK_BYTES:
        raise FileProblem(_("This ZIP file unpacks to far too much to be a transition pack."))
    names = {e.filename for e in entries}
    if "transition.json" not in names:
        raise FileProblem(_("This ZIP file has no transition.json: it is not a transition pack."))
    try:
        data = json.loads(archive.read("transition.json"))
        jsonschema.validate(data, schema())
    except (ValueError, jsonschema.ValidationError) as error:
        raise FileProblem(
            _("The pack's transition.json does not follow the format (version %(v)d).", v=VERSION)
        ) from error
    pdfs = {}
    for record in data["records"]:
        name = record.get("file")
        if name:
            if name not in names or "/" in name or "\\" in name:
                raise FileProblem(_("The pack names a file it does not hold: %(name)s.", name=name))
            pdfs[name] = archive.read(name)
    return data, pdfs


def import_pack(school: School, content: bytes, by: User) -> tuple[Pupil, bool]:
    """Create the pupil (or find them by UPN) with the pack's records as earlier records.
    Returns the pupil and whether they were new. One transaction."""
    data, pdfs = read(content)
    given = data["pupil"]
    pupil = None
    if given.get("upn"):
        pupil = db.session.scalar(
            sa.select(Pupil).where(Pupil.school_id == school.id, Pupil.upn == given["upn"])
        )
    created = pupil is None
    if created:
        iso, code = codes.language(given.get("home_language"))
        pupil = Pupil(
            school_id=school.id,
            upn=given.get("upn"),
            given_name=given["legal_forename"],
            family_name=given["legal_surname"],
            preferred_name=given.get("preferred_forename"),
            date_of_birth=date.fromisoformat(given["date_of_birth"]),
            year_group=given["nc_year"],
            home_language=iso,
            eal=bool(code and code not in ("ENG", "ENB")),
            needs=[],
        )
        db.session.add(pupil)
        db.session.flush()
        db.session.add(
            PupilDetails(
                pupil_id=pupil.id,
                sex=given.get("sex"),
                preferred_family_name=given.get("preferred_surname"),
                language_code=code,
            )
        )
        rows = [
            SenChange(
                field=SenField(h["field"]),
                from_value=h.get("from"),
                to_value=h["to"],
                effective_date=date.fromisoformat(h["effective_date"]),
                source=ChangeSource.TRANSITION,
                recorded_by_id=by.id,
                reason=h.get("reason"),
            )
            for h in data["sen_history"]
        ]
        sen_history.add_rows(pupil, rows, [])
        for c in data["contacts"]:
            db.session.add(
                Contact(
                    pupil_id=pupil.id,
                    contact_order=c.get("order") or 1,
                    title=c.get("title"),
                    given_name=c["forename"],
                    family_name=c["surname"],
                    relationship_to_pupil=c.get("relationship") or "parent",
                    parental_responsibility=c.get("parental_responsibility", True),
                    email=c.get("email"),
                    phone=c.get("phone"),
                    language=c.get("language"),
                    interpreter_needed=c.get("interpreter_needed", False),
                )
            )
    from_school = data["from_school"]["name"]
    for record in data["records"]:
        db.session.add(
            EarlierRecord(
                pupil_id=pupil.id,
                kind=record["kind"],
                title=record["title"][:200],
                dated=date.fromisoformat(record["date"]) if record.get("date") else None,
                from_school=from_school[:200],
                data=record.get("data") or {},
                pdf=pdfs.get(record.get("file")),
                received_by_id=by.id,
            )
        )
    db.session.flush()
    audit.record(by, "records.transition_import", pupil=pupil, obj=pupil)
    db.session.commit()
    return pupil, created


def earlier_records(pupil_id: int) -> list[EarlierRecord]:
    return db.session.scalars(
        sa.select(EarlierRecord)
        .where(EarlierRecord.pupil_id == pupil_id)
        .order_by(EarlierRecord.dated.desc(), EarlierRecord.id)
    ).all()
