"""The demo's records: the schools' DfE numbers, the parents as contacts of their children,
SEN history, a CSV report waiting for Priya to confirm, and a subject access request.

The sample MIS files in portal/demo/data/ (made by scripts/make_records_demo.py) hold the
same contacts and history, so their demo pupils show as unchanged when imported.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from portal.demo.context import Demo
from portal.extensions import db
from portal.models import (
    ChangeSource,
    Contact,
    ImportKind,
    PupilDetails,
    RecordImport,
    RecordsSettings,
    SenChange,
    SenField,
    SubjectAccessRequest,
    utcnow,
)
from portal.records.codes import dfe_language

DATA = __import__("pathlib").Path(__file__).resolve().parent / "data"
SETTINGS = {"oakfield": ("881", "2104", "132456", 6), "riverside": ("881", "4021", "141789", 11)}

# (title, forename, surname, CTF relationship, email, phone, language) per pupil.
DEMO_CONTACTS = {
    ("Amelia", "Clarke"): [
        ("Mrs", "Sarah", "Clarke", "PAM", "parent@oakfield.example", "07700 900101", "en")
    ],
    ("Jayden", "Clarke"): [
        ("Mrs", "Sarah", "Clarke", "PAM", "parent@oakfield.example", "07700 900101", "en")
    ],
    ("Zofia", "Nowak"): [
        ("Mrs", "Katarzyna", "Nowak", "PAM", "rodzic@oakfield.example", "07700 900103", "pl")
    ],
    ("Yusuf", "Rahman"): [
        ("Mrs", "Nadia", "Rahman", "PAM", "ami@oakfield.example", "07700 900104", "ur")
    ],
    ("Tyler", "Brooks"): [
        ("Mr", "Lee", "Brooks", "PAF", "parent@riverside.example", "07700 900201", "en")
    ],
    ("Ayaan", "Begum"): [
        ("Mrs", "Rahima", "Begum", "PAM", "amma@oakfield.example", "07700 900105", "bn")
    ],
    ("Lina", "Haddad"): [
        ("Mr", "Omar", "Haddad", "PAF", "baba@riverside.example", "07700 900202", "ar")
    ],
}
# Dated SEN provision, oldest first; needs start on the last date.
DEMO_HISTORY = {
    ("Amelia", "Clarke"): [("2024-09-02", "K")],
    ("Jayden", "Clarke"): [("2021-09-06", "K"), ("2024-09-02", "E")],
    ("Zofia", "Nowak"): [("2024-09-02", "K")],
    ("Yusuf", "Rahman"): [("2024-09-02", "K")],
    ("Tyler", "Brooks"): [("2022-09-05", "K")],
    ("Ayaan", "Begum"): [("2025-09-01", "K")],
    ("Lina", "Haddad"): [("2025-09-01", "K")],
}
NEEDS_FROM = "2024-09-02"
SEX = {
    ("Amelia", "Clarke"): "F",
    ("Jayden", "Clarke"): "M",
    ("Zofia", "Nowak"): "F",
    ("Yusuf", "Rahman"): "M",
    ("Oliver", "Hughes"): "M",
    ("Maya", "Patel"): "F",
    ("Leo", "Williams"): "M",
    ("Isla", "Kowalczyk"): "F",
    ("Tyler", "Brooks"): "M",
    ("Chloe", "Adeyemi"): "F",
    ("Harvey", "Mills"): "M",
    ("Ayaan", "Begum"): "M",
    ("Lina", "Haddad"): "F",
}
RELATIONSHIP = {"PAM": "mother", "PAF": "father"}


def seed(demo: Demo) -> None:
    for slug, (la, estab, urn, last) in SETTINGS.items():
        school = demo.school(slug)
        settings = db.session.scalar(
            sa.select(RecordsSettings).where(RecordsSettings.school_id == school.id)
        ) or RecordsSettings(school_id=school.id, csv_columns={})
        settings.la_code, settings.establishment, settings.urn = la, estab, urn
        settings.last_year_group = last
        db.session.add(settings)
    for (given, family), sex in SEX.items():
        pupil = demo.pupil(given, family)
        details = db.session.get(PupilDetails, pupil.id) or PupilDetails(pupil_id=pupil.id)
        details.sex = sex
        details.language_code = dfe_language(pupil.home_language)
        db.session.add(details)
        _history(pupil, DEMO_HISTORY.get((given, family), []))
        for title, forename, surname, code, email, phone, language in DEMO_CONTACTS.get(
            (given, family), []
        ):
            contact = db.session.scalar(
                sa.select(Contact).where(Contact.pupil_id == pupil.id, Contact.email == email)
            ) or Contact(pupil_id=pupil.id, email=email)
            contact.title, contact.given_name, contact.family_name = title, forename, surname
            contact.relationship_to_pupil, contact.relationship_code = RELATIONSHIP[code], code
            contact.parental_responsibility, contact.phone, contact.language = True, phone, language
            contact.interpreter_needed, contact.contact_order = False, 1
            contact.user_id = demo.user(email).id
            db.session.add(contact)
    _waiting_import(demo)
    _request(demo)


def _history(pupil, provision: list[tuple[str, str]]) -> None:
    if db.session.scalar(sa.select(SenChange.id).where(SenChange.pupil_id == pupil.id).limit(1)):
        return
    if not provision:
        provision = [(pupil.created_at.date().isoformat(), pupil.sen_status.value)]
    previous = None
    for when, code in provision:
        db.session.add(
            SenChange(
                pupil_id=pupil.id,
                field=SenField.PROVISION,
                from_value=previous,
                to_value=code,
                effective_date=date.fromisoformat(when),
                source=ChangeSource.EARLIER,
            )
        )
        previous = code
    if pupil.needs:
        db.session.add(
            SenChange(
                pupil_id=pupil.id,
                field=SenField.NEEDS,
                to_value=" ".join(n.code.value for n in pupil.needs),
                effective_date=date.fromisoformat(NEEDS_FROM),
                source=ChangeSource.EARLIER,
            )
        )


def _waiting_import(demo: Demo) -> None:
    """The sample CSV report uploaded and previewed, waiting for Priya to confirm it."""
    school = demo.school("oakfield")
    if db.session.scalar(sa.select(RecordImport.id).where(RecordImport.school_id == school.id)):
        return
    db.session.add(
        RecordImport(
            school_id=school.id,
            kind=ImportKind.CSV,
            filename="oakfield-roll.csv",
            content=(DATA / "oakfield-roll.csv").read_bytes(),
            full_roll=True,
            uploaded_by_id=demo.user("senco@oakfield.example").id,
        )
    )


def _request(demo: Demo) -> None:
    """Nadia Rahman asked for a copy of her information last month; Priya has answered."""
    nadia = demo.user("ami@oakfield.example")
    if db.session.scalar(
        sa.select(SubjectAccessRequest.id).where(SubjectAccessRequest.requester_id == nadia.id)
    ):
        return
    received = utcnow() - timedelta(days=40)
    from portal.records.subject_access import one_month_after

    db.session.add(
        SubjectAccessRequest(
            school_id=demo.school("oakfield").id,
            requester_id=nadia.id,
            pupil_id=demo.pupil("Yusuf", "Rahman").id,
            include_children=True,
            received_at=received,
            due_on=one_month_after(received.date()),
            read_at=received + timedelta(days=1),
            answered_at=received + timedelta(days=12),
            answered_by_id=demo.user("senco@oakfield.example").id,
        )
    )
