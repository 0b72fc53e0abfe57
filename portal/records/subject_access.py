"""Subject access (UK GDPR article 15): everything the portal holds about a pupil or a
parent, as one ZIP of JSON and PDFs; and parents' requests, answered within one calendar
month."""

import calendar
import json
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal import audit
from portal.extensions import db
from portal.files import services as stored_files
from portal.files.storage import FileMissing
from portal.models import (
    Contact,
    ParentLink,
    Pupil,
    Respondent,
    School,
    SubjectAccessRequest,
    User,
    Views,
    ViewsStatus,
    today,
    utcnow,
)
from portal.records import documents, graph

README = """What the portal holds about {who}, made on {made_on} for a subject access request.

data.json   every row the portal's database holds about them, table by table
            (column names as the database has them; dates in ISO 8601)
*.pdf       the same records as people read them: plans with their reviews, meeting
            records, views, and who read or changed the record (audit.pdf: a line for
            each person and what they did, how many times, first and last)
audit.csv   every time the record was read or changed, one a row
files/      recordings and pictures given as answers (a pupil's copy only)
"""
MISSING_FILE = "This file's row is in data.json (stored_file), but its bytes could not be read.\n"


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day (the ICO's calendar month)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _json(rows: dict) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str)


def pupil_archive(pupil: Pupil, by: User, *, glossary_url: str) -> bytes:
    """Everything about one pupil: data.json, the PDFs and the audit of who read it.

    `glossary_url`: where the PDFs of plans say the words are explained (the web layer
    knows the portal's address)."""
    data = dict(graph.dump(graph.about_pupils([pupil.id])))
    name = documents.slug(pupil.full_name)
    files = {
        "README.txt": README.format(who=pupil.full_name, made_on=today().isoformat()),
        "data.json": _json({"pupil_id": pupil.id, "tables": data}),
    }
    for plan in documents.plans_of(pupil):
        files[f"plan-{plan.id}.pdf"] = documents.plan_pdf(pupil, plan, glossary_url)
    for record in documents.records_of(pupil):
        files[f"meeting-record-{record.id}.pdf"] = documents.record_pdf(pupil, record)
    for views in documents.views_of(pupil, respondent=None):
        files[f"views-{views.id}.pdf"] = documents.views_pdf(pupil, views)
    files["audit.pdf"] = documents.audit_pdf(pupil)
    files["audit.csv"] = documents.audit_csv(pupil)
    # The pupil's recordings and pictures, as they were kept (pictures already without any
    # camera or location data); their rows, transcripts included, are in data.json.
    for stored in stored_files.files_of_pupil(pupil.id):
        try:
            files[f"files/{stored_files.export_name(stored)}"] = stored_files.read(stored)
        except FileMissing:
            files[f"files/{stored_files.export_name(stored)}.missing.txt"] = MISSING_FILE
    audit.record(by, "records.subject_access", pupil=pupil, obj=pupil)
    db.session.commit()
    return documents.zip_bytes({f"{name}/{k}": v for k, v in files.items()})


def person_archive(person: User, school: School, by: User) -> bytes:
    """Everything about one parent at this school: their account, links, contacts, what
    they wrote, their views as PDFs."""
    data = dict(graph.dump(graph.about_person(person.id, school.id)))
    contacts = db.session.scalars(
        sa.select(Contact)
        .join(Contact.pupil)
        .where(
            Pupil.school_id == school.id,
            sa.or_(Contact.user_id == person.id, sa.func.lower(Contact.email) == person.email),
        )
    ).all()
    data["pupil_contact"] = [
        {c.name: graph._value(getattr(row, c.key)) for c in Contact.__table__.c if c.key != "id"}
        | {"id": row.id}
        for row in contacts
    ]
    name = documents.slug(person.full_name)
    files = {
        "README.txt": README.format(who=person.full_name, made_on=today().isoformat()),
        "data.json": _json({"user_id": person.id, "tables": data}),
    }
    views = db.session.scalars(
        sa.select(Views)
        .where(
            Views.author_id == person.id,
            Views.school_id == school.id,
            Views.respondent == Respondent.PARENT,
            Views.status != ViewsStatus.DRAFT,
        )
        .options(selectinload(Views.pupil))
    ).all()
    for item in views:
        files[f"views-{item.id}.pdf"] = documents.views_pdf(item.pupil, item)
    audit.record(by, "records.subject_access_person", school_id=school.id, obj=person)
    db.session.commit()
    return documents.zip_bytes({f"{name}/{k}": v for k, v in files.items()})


PARENTS_SHOWN = 20


def parents_matching(school_id: int, words: str) -> tuple[list[User], bool]:
    """Parents of this school's pupils whose name or email address holds `words`, by name:
    the first PARENTS_SHOWN, and whether there are more. A school has hundreds of parents,
    and the SENCO is looking for one."""
    words = words.strip().lower()
    if not words:
        return [], False
    found = db.session.scalars(
        sa.select(User)
        .where(
            User.id.in_(
                sa.select(ParentLink.user_id)
                .join(Pupil, Pupil.id == ParentLink.pupil_id)
                .where(Pupil.school_id == school_id)
            ),
            sa.or_(
                sa.func.lower(User.full_name).contains(words, autoescape=True),
                User.email.contains(words, autoescape=True),
            ),
        )
        .order_by(User.full_name, User.id)
        .limit(PARENTS_SHOWN + 1)
    ).all()
    return found[:PARENTS_SHOWN], len(found) > PARENTS_SHOWN


def ask(
    parent: User, school: School, *, include_children: bool, note: str | None
) -> SubjectAccessRequest:
    """A parent's request: it reaches the SENCO's inbox with its one-month deadline."""
    child = db.session.scalar(
        sa.select(Pupil)
        .join(ParentLink, ParentLink.pupil_id == Pupil.id)
        .where(ParentLink.user_id == parent.id, Pupil.school_id == school.id)
        .order_by(Pupil.date_of_birth)
        .limit(1)
    )
    now = utcnow()
    request = SubjectAccessRequest(
        school_id=school.id,
        requester_id=parent.id,
        pupil_id=child.id if child else None,
        include_children=include_children,
        note=(note or "").strip() or None,
        received_at=now,
        due_on=one_month_after(now.date()),
    )
    db.session.add(request)
    db.session.flush()
    audit.record(parent, "subject_access.request", school_id=school.id, obj=request)
    db.session.commit()
    return request


def requests_of(parent: User, school_id: int) -> list[SubjectAccessRequest]:
    return db.session.scalars(
        sa.select(SubjectAccessRequest)
        .where(
            SubjectAccessRequest.requester_id == parent.id,
            SubjectAccessRequest.school_id == school_id,
        )
        .order_by(SubjectAccessRequest.received_at.desc())
    ).all()


def open_requests(school_id: int) -> list[SubjectAccessRequest]:
    return db.session.scalars(
        sa.select(SubjectAccessRequest)
        .where(
            SubjectAccessRequest.school_id == school_id,
            SubjectAccessRequest.answered_at.is_(None),
        )
        .options(selectinload(SubjectAccessRequest.requester))
        .order_by(SubjectAccessRequest.due_on)
    ).all()


def all_requests(school_id: int, limit: int = 100) -> list[SubjectAccessRequest]:
    return db.session.scalars(
        sa.select(SubjectAccessRequest)
        .where(SubjectAccessRequest.school_id == school_id)
        .options(selectinload(SubjectAccessRequest.requester))
        .order_by(SubjectAccessRequest.answered_at.is_not(None), SubjectAccessRequest.due_on)
        .limit(limit)
    ).all()


def children_of(parent: User, school_id: int) -> list[Pupil]:
    return db.session.scalars(
        sa.select(Pupil)
        .join(ParentLink, ParentLink.pupil_id == Pupil.id)
        .where(ParentLink.user_id == parent.id, Pupil.school_id == school_id)
        .order_by(Pupil.date_of_birth)
    ).all()


def mark_read(request: SubjectAccessRequest, by: User) -> None:
    if request.read_at is None:
        request.read_at = utcnow()
        audit.record(by, "subject_access.read", school_id=request.school_id, obj=request)
        db.session.commit()


def mark_answered(request: SubjectAccessRequest, by: User) -> None:
    request.answered_at, request.answered_by_id = utcnow(), by.id
    request.read_at = request.read_at or request.answered_at
    audit.record(by, "subject_access.answer", school_id=request.school_id, obj=request)
    db.session.commit()


def status_words(request: SubjectAccessRequest) -> str:
    if request.answered_at:
        return _("Answered")
    days = (request.due_on - today()).days
    if days < 0:
        return _("Overdue")
    return _("Answer by %(date)s", date=request.due_on.strftime("%d/%m/%Y"))
