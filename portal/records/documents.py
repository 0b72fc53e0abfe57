"""The PDFs that go into transition packs and subject access archives: plans with their
reviews, meeting records, views, the audit of who read the record. The same templates as
the downloads families and the SENCO already get, where there is one."""

import zipfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Meeting,
    MeetingRecord,
    Plan,
    Pupil,
    Respondent,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    today,
)
from portal.people import school_contacts
from portal.pupil_views import answers
from portal.records.csv_export import csv_text
from portal.records.pdf import render_pdf


def plans_of(pupil: Pupil) -> list[Plan]:
    return db.session.scalars(
        sa.select(Plan).where(Plan.pupil_id == pupil.id).order_by(Plan.created_at, Plan.id)
    ).all()


def records_of(pupil: Pupil) -> list[MeetingRecord]:
    return db.session.scalars(
        sa.select(MeetingRecord)
        .join(MeetingRecord.meeting)
        .where(Meeting.pupil_id == pupil.id)
        .options(selectinload(MeetingRecord.meeting))
        .order_by(Meeting.starts_at)
    ).all()


def views_of(pupil: Pupil, respondent: Respondent | None = Respondent.PUPIL) -> list[Views]:
    query = (
        sa.select(Views)
        .where(Views.pupil_id == pupil.id, Views.status != ViewsStatus.DRAFT)
        .options(selectinload(Views.request).selectinload(ViewsRequest.meeting))
        .order_by(Views.submitted_at)
    )
    if respondent is not None:
        query = query.where(Views.respondent == respondent)
    return db.session.scalars(query).all()


def _common(pupil: Pupil) -> dict:
    return {"school_name": pupil.school.name, "made_on": today(), "pupil": pupil}


def plan_pdf(pupil: Pupil, plan: Plan, glossary_url: str) -> bytes:
    return render_pdf(
        "plans/plan_pdf.html",
        title=_("Support plan for %(name)s", name=pupil.full_name),
        plan=plan,
        contacts=school_contacts(pupil.school_id),
        glossary_url=glossary_url,
        **_common(pupil),
    )


def record_pdf(pupil: Pupil, record: MeetingRecord) -> bytes:
    return render_pdf(
        "plans/record_pdf.html",
        title=_("Record of the meeting about %(name)s", name=pupil.full_name),
        record=record,
        **_common(pupil),
    )


def views_pdf(pupil: Pupil, views: Views) -> bytes:
    if views.respondent is Respondent.PUPIL:
        title = _("Views of %(name)s", name=pupil.full_name)
    else:
        title = _(
            "Views of %(parent)s about %(name)s",
            parent=views.author.full_name,
            name=pupil.first_name,
        )
    return render_pdf(
        "records/views_pdf.html",
        title=title,
        views=views,
        items=[(item, answers.words_of(item)) for item in answers.shown(views)],
        **_common(pupil),
    )


@dataclass(frozen=True)
class AuditLine:
    """One person's one kind of act on a record: how often, first and last."""

    who: str | None  # None: the portal itself
    action: str
    times: int
    first: datetime
    last: datetime


def _audit_of(pupil: Pupil, *columns) -> sa.Select:
    """COLUMNS of the events on the pupil's record, each with who did it (None: the portal)."""
    return (
        sa.select(*columns)
        .select_from(AuditEvent)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.pupil_id == pupil.id)
    )


def audit_summary(pupil: Pupil) -> list[AuditLine]:
    """Who read or changed the record, a line per person and act, by name (the portal's
    own acts last): a few dozen lines where the events run to thousands over the years."""
    rows = db.session.execute(
        _audit_of(
            pupil,
            User.full_name,
            AuditEvent.action,
            sa.func.count(),
            sa.func.min(AuditEvent.at),
            sa.func.max(AuditEvent.at),
        )
        .group_by(AuditEvent.actor_id, User.full_name, AuditEvent.action)
        .order_by(User.full_name.is_(None), User.full_name, AuditEvent.actor_id, AuditEvent.action)
    )
    return [AuditLine(*row) for row in rows]


def audit_pdf(pupil: Pupil) -> bytes:
    """The summary as a PDF. Each event as a row of a PDF table took WeasyPrint about 3 ms,
    31 s for a pupil read 9,800 times: longer than a server lets a request run."""
    return render_pdf(
        "records/audit_pdf.html",
        title=_("Who read or changed the record of %(name)s", name=pupil.full_name),
        lines=audit_summary(pupil),
        **_common(pupil),
    )


def audit_csv(pupil: Pupil) -> str:
    """Every event, one a row, oldest first, in the school's time (ISO 8601)."""
    rows = db.session.execute(
        _audit_of(pupil, AuditEvent.at, User.full_name, AuditEvent.action).order_by(
            AuditEvent.at, AuditEvent.id
        )
    )
    return csv_text(
        [_("When"), _("Who"), _("What")],
        [
            [to_user_timezone(at).strftime("%Y-%m-%d %H:%M"), who or _("The portal"), action]
            for at, who, action in rows
        ],
    )


def slug(text: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in cleaned.split("-") if part) or "pupil"


def zip_bytes(files: dict[str, bytes | str]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
