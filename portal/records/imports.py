"""Imports waiting for the SENCO: uploaded, previewed, then confirmed or cancelled."""

import sqlalchemy as sa

from portal import audit
from portal.extensions import db
from portal.models import (
    ImportKind,
    ImportStatus,
    RecordImport,
    RecordsSettings,
    School,
    User,
    utcnow,
)
from portal.records import files, roll


def settings_for(school: School) -> RecordsSettings:
    """The school's records settings, made with defaults the first time."""
    settings = db.session.scalar(
        sa.select(RecordsSettings).where(RecordsSettings.school_id == school.id)
    )
    if settings is None:
        settings = RecordsSettings(school_id=school.id, csv_columns={})
        db.session.add(settings)
        db.session.flush()
    return settings


def source_for(school: School, kind: ImportKind, opener: files.Opener) -> roll.Source:
    settings = settings_for(school)
    return roll.open_source(kind, opener, settings.csv_columns)


def start(
    school: School, kind: ImportKind, filename: str, content: bytes, *, full: bool, by: User
) -> RecordImport:
    """Check an uploaded file and keep it for its preview. Raises files.FileProblem."""
    source_for(school, kind, files.from_bytes(content))
    if kind is ImportKind.CTF:
        full = roll.open_source(kind, files.from_bytes(content)).header.is_full
    pending = RecordImport(
        school_id=school.id,
        kind=kind,
        filename=(filename or "upload")[:255],
        content=content,
        full_roll=full,
        uploaded_by_id=by.id,
    )
    db.session.add(pending)
    db.session.flush()
    audit.record(by, "records.import_upload", school_id=school.id, obj=pending)
    db.session.commit()
    return pending


def source_of(pending: RecordImport) -> roll.Source:
    school = db.session.get(School, pending.school_id)
    return source_for(school, pending.kind, files.from_bytes(pending.content or b""))


def remember_columns(school: School, mapping: dict[str, str], by: User) -> None:
    settings = settings_for(school)
    settings.csv_columns = {k: v for k, v in mapping.items() if v}
    audit.record(by, "records.columns", school_id=school.id, obj=settings)
    db.session.commit()


def confirm(pending: RecordImport, by: User) -> roll.Preview:
    """Write the import in one transaction; nothing at all if anything fails."""
    school = db.session.get(School, pending.school_id)
    try:
        result = roll.confirm(school, source_of(pending), full=pending.full_roll, by=by)
        pending.status = ImportStatus.CONFIRMED
        pending.decided_at, pending.decided_by_id = utcnow(), by.id
        pending.summary = result.summary()
        pending.content = None
        audit.record(by, "records.import_confirm", school_id=school.id, obj=pending)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def cancel(pending: RecordImport, by: User) -> None:
    pending.status = ImportStatus.CANCELLED
    pending.decided_at, pending.decided_by_id = utcnow(), by.id
    pending.content = None
    audit.record(by, "records.import_cancel", school_id=pending.school_id, obj=pending)
    db.session.commit()


def recent(school_id: int, limit: int = 10) -> list[RecordImport]:
    return db.session.scalars(
        sa.select(RecordImport)
        .where(RecordImport.school_id == school_id)
        .order_by(RecordImport.uploaded_at.desc(), RecordImport.id.desc())
        .limit(limit)
    ).all()
