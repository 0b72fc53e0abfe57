"""Writing a Common Transfer File a MIS can import: identifiers, SEN history, ranked needs
and contacts for each pupil. Pupils are loaded and written a batch at a time, so memory
stays flat however large the school.
"""

from collections.abc import Iterator
from datetime import date, datetime
from typing import TextIO
from xml.etree.ElementTree import Element, SubElement, tostring

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Contact, Pupil, PupilDetails, School, SenChange, SenField, utcnow
from portal.records import codes
from portal.records.imports import settings_for

CTF_VERSION = "26.0"
BATCH = 200


def _add(parent: Element, tag: str, text) -> Element | None:
    if text is None or text == "":
        return None
    child = SubElement(parent, tag)
    child.text = str(text)
    return child


def pupils_to_export(school: School, since: date | None = None) -> sa.Select:
    """Pupils still at the school, or only those whose record changed since a date."""
    query = sa.select(Pupil.id).where(Pupil.school_id == school.id, Pupil.left_at.is_(None))
    if since is not None:
        moment = datetime.combine(since, datetime.min.time())
        query = query.where(
            sa.or_(
                Pupil.updated_at >= moment,
                sa.exists().where(SenChange.pupil_id == Pupil.id, SenChange.recorded_at >= moment),
                sa.exists().where(Contact.pupil_id == Pupil.id, Contact.updated_at >= moment),
            )
        )
    return query.order_by(Pupil.family_name, Pupil.given_name, Pupil.id)


def batches(school: School, since: date | None = None) -> Iterator[list[tuple]]:
    """(pupil, details, contacts) a batch at a time, each batch in a few queries. The session
    holds loaded rows weakly, so a written batch is let go."""
    ids = db.session.scalars(pupils_to_export(school, since)).all()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        pupils = db.session.scalars(
            sa.select(Pupil)
            .where(Pupil.id.in_(chunk))
            .options(selectinload(Pupil.needs), selectinload(Pupil.sen_history))
        ).all()
        details = {
            d.pupil_id: d
            for d in db.session.scalars(
                sa.select(PupilDetails).where(PupilDetails.pupil_id.in_(chunk))
            )
        }
        contacts: dict[int, list[Contact]] = {}
        for contact in db.session.scalars(
            sa.select(Contact).where(Contact.pupil_id.in_(chunk)).order_by(Contact.contact_order)
        ):
            contacts.setdefault(contact.pupil_id, []).append(contact)
        order = {pupil_id: n for n, pupil_id in enumerate(chunk)}
        yield [
            (p, details.get(p.id), contacts.get(p.id, []))
            for p in sorted(pupils, key=lambda p: order[p.id])
        ]


def write_ctf(school: School, out: TextIO, since: date | None = None) -> int:
    """Write the school's CTF to a text stream; returns how many pupils it holds."""
    settings = settings_for(school)
    now = utcnow()
    academic_year = now.year if now.month >= 9 else now.year - 1
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<CTfile>\n')
    header = Element("Header")
    _add(header, "DocumentName", "Common Transfer File")
    _add(header, "CTFversion", CTF_VERSION)
    _add(header, "DateTime", now.replace(microsecond=0).isoformat())
    _add(header, "DocumentQualifier", "partial" if since else "full")
    _add(header, "SupplierID", "SEND participation portal")
    source = SubElement(header, "SourceSchool")
    _add(source, "LEA", settings.la_code or "")
    _add(source, "Estab", settings.establishment or "")
    _add(source, "URN", settings.urn or "")
    _add(source, "SchoolName", school.name)
    _add(source, "AcademicYear", f"{academic_year}/{(academic_year + 1) % 100:02d}")
    dest = SubElement(header, "DestSchool")
    # No particular destination: the DfE's placeholder numbers.
    _add(dest, "LEA", "MMM")
    _add(dest, "Estab", "MMMM")
    out.write(tostring(header, encoding="unicode") + "\n<CTFpupilData>\n")
    count = 0
    for batch in batches(school, since):
        for pupil, details, contacts in batch:
            out.write(tostring(pupil_element(pupil, details, contacts), encoding="unicode"))
            out.write("\n")
            count += 1
    out.write("</CTFpupilData>\n</CTfile>\n")
    return count


def pupil_element(pupil: Pupil, details: PupilDetails | None, contacts: list[Contact]) -> Element:
    element = Element("Pupil")
    _add(element, "UPN", pupil.upn)
    _add(element, "Surname", pupil.family_name)
    _add(element, "Forename", pupil.given_name)
    _add(element, "DOB", pupil.date_of_birth.isoformat())
    _add(element, "Sex", details.sex if details else None)
    basic = SubElement(element, "BasicDetails")
    _add(basic, "PreferredSurname", details.preferred_family_name if details else None)
    _add(basic, "PreferredForename", pupil.preferred_name)
    _add(basic, "NCyearActual", codes.nc_year_code(pupil.year_group))
    language = (details.language_code if details else None) or codes.dfe_language(
        pupil.home_language
    )
    if language:
        kind = SubElement(SubElement(basic, "Languages"), "Type")
        _add(kind, "LanguageType", "F")
        _add(kind, "Language", language)
    provision_rows = [c for c in pupil.sen_history if c.field is SenField.PROVISION]
    if provision_rows:
        history = SubElement(element, "SENhistory")
        for change in provision_rows:
            sen = SubElement(history, "SEN")
            _add(sen, "StartDate", change.effective_date.isoformat())
            _add(sen, "SENprovision", change.to_value)
    elif pupil.sen_status.value != "N":
        sen = SubElement(SubElement(element, "SENhistory"), "SEN")
        _add(sen, "StartDate", pupil.created_at.date().isoformat())
        _add(sen, "SENprovision", pupil.sen_status.value)
    periods = need_periods(pupil)
    if periods:
        needs = SubElement(element, "SENneeds")
        for code, rank, start, end in periods:
            need = SubElement(needs, "SENneed")
            _add(need, "NeedStartDate", start.isoformat())
            _add(need, "NeedEndDate", end.isoformat() if end else None)
            _add(need, "SENtype", code)
            _add(need, "SENtypeRank", rank)
    if contacts:
        holder = SubElement(element, "Contacts")
        for contact in contacts:
            holder.append(contact_element(contact))
    return element


def need_periods(pupil: Pupil) -> list[tuple[str, int, date, date | None]]:
    """Each (need, rank) with the dates it started and ended, from the needs history."""
    rows = [c for c in pupil.sen_history if c.field is SenField.NEEDS]
    if not rows and pupil.needs:
        when = pupil.created_at.date()
        return [(n.code.value, n.rank, when, None) for n in pupil.needs]
    open_: dict[tuple[str, int], date] = {}
    periods = []
    for row in rows:
        now = {(code, rank) for rank, code in enumerate(row.to_value.split(), 1)}
        for key in sorted(set(open_) - now):
            periods.append((key[0], key[1], open_.pop(key), row.effective_date))
        for key in sorted(now - set(open_)):
            open_[key] = row.effective_date
    periods += [(code, rank, start, None) for (code, rank), start in open_.items()]
    return sorted(periods, key=lambda p: (p[2], p[1], p[0]))


def contact_element(contact: Contact) -> Element:
    element = Element("Contact")
    _add(element, "Order", contact.contact_order)
    _add(element, "Title", contact.title)
    _add(element, "Surname", contact.family_name)
    _add(element, "Forename", contact.given_name)
    _add(
        element,
        "Relationship",
        contact.relationship_code
        or codes.RELATIONSHIP_TO_CODE.get(contact.relationship_to_pupil, "OTH"),
    )
    _add(element, "Responsibility", "true" if contact.parental_responsibility else "false")
    _add(element, "Email", contact.email)
    if contact.phone:
        phone = SubElement(SubElement(element, "Phones"), "Phone")
        _add(phone, "TelephoneType", "H")
        _add(phone, "PhoneNo", contact.phone)
    return element


def ctf_filename(school: School) -> str:
    return f"{school.slug}-ctf-{utcnow():%Y%m%d}.xml"
