"""Keeping, reading and removing a pupil's recordings and pictures.

`keep_picture` and `keep_recording` check the bytes (checks.py), store them under a new
random key and add the row, audited, in the caller's transaction. Reads go through
access.file_for. `files_of_pupil` is what a subject access export and the retention purge
start from; `purge_pupil_files` removes the bytes and the rows together.
"""

from __future__ import annotations

import logging
import secrets

import sqlalchemy as sa
from flask_sqlalchemy.session import Session

from portal import audit
from portal.extensions import db
from portal.files import checks
from portal.files.storage import FileMissing, storage
from portal.models import FileKind, Pupil, StoredFile, User, utcnow

log = logging.getLogger("portal.files")


def new_key(pupil: Pupil, kind: FileKind) -> str:
    """A key no one can guess, grouped by school and pupil so a purge can find them all."""
    return f"school-{pupil.school_id}/pupil-{pupil.id}/{kind.value}-{secrets.token_hex(16)}"


# Bytes are stored before their row is written. Until the row is committed, the key waits
# here; if the transaction ends any other way (an error, a rollback), the bytes are removed,
# so no file is ever left that no row points to.
_PENDING = "portal.files.pending"


@sa.event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    session.info.pop(_PENDING, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction) -> None:
    if transaction.parent is not None:
        return
    for store, key in session.info.pop(_PENDING, []):
        try:
            store.delete(key)
        except Exception:  # the caller's own error matters more; log and carry on
            log.exception("A file kept for a failed change could not be removed")


def _keep(pupil: Pupil, kind: FileKind, checked: checks.Checked, by: User | None) -> StoredFile:
    key = new_key(pupil, kind)
    store = storage()
    store.put(key, checked.data, checked.content_type)
    db.session.info.setdefault(_PENDING, []).append((store, key))
    stored = StoredFile(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=kind,
        content_type=checked.content_type,
        size=checked.size,
        key=key,
        sha256=checked.sha256,
        duration_ms=checked.duration_ms,
        width=checked.width,
        height=checked.height,
        uploaded_by_id=by.id if by is not None else None,
    )
    db.session.add(stored)
    db.session.flush()
    audit.record(by, "file.upload", pupil=pupil, obj=stored)
    return stored


def keep_picture(pupil: Pupil, data: bytes, by: User | None) -> StoredFile:
    """Check a picture, keep a clean copy of it for this pupil; the caller commits.

    Raises checks.Rejected with a message for the person."""
    return _keep(pupil, FileKind.IMAGE, checks.check_picture(data), by)


def keep_recording(pupil: Pupil, data: bytes, by: User | None) -> StoredFile:
    """Check a recording and keep it for this pupil; the caller commits.

    Raises checks.Rejected with a message for the person."""
    return _keep(pupil, FileKind.AUDIO, checks.check_recording(data), by)


def read(stored: StoredFile) -> bytes:
    return storage().get(stored.key)


def stream(stored: StoredFile):
    return storage().stream(stored.key)


def files_of_pupil(pupil_id: int, kind: FileKind | None = None) -> list[StoredFile]:
    """Every file kept for a pupil, oldest first: for a subject access export or a purge."""
    query = sa.select(StoredFile).where(StoredFile.pupil_id == pupil_id)
    if kind is not None:
        query = query.where(StoredFile.kind == kind)
    return list(db.session.scalars(query.order_by(StoredFile.created_at, StoredFile.id)))


def export_name(stored: StoredFile) -> str:
    """A name for the file inside an export: what it is and when, nothing else."""
    when = stored.created_at.strftime("%Y-%m-%d-%H%M%S")
    kind = "recording" if stored.kind is FileKind.AUDIO else "picture"
    return f"{kind}-{when}-{stored.id}.{stored.extension}"


def save_transcript(stored: StoredFile, text: str, by: User) -> None:
    """What staff heard in a recording, typed beside it; the caller commits."""
    stored.transcript = text.strip() or None
    stored.transcribed_by_id = by.id
    stored.transcribed_at = utcnow()
    audit.record(by, "file.transcribe", pupil=stored.pupil, obj=stored)


def delete_file(stored: StoredFile, by: User | None) -> None:
    """Remove a file's bytes and its row; the caller commits."""
    audit.record(by, "file.delete", pupil=stored.pupil, obj=stored)
    _remove_bytes(stored.key)
    db.session.delete(stored)


def purge_pupil_files(pupil: Pupil, by: User | None = None) -> int:
    """Remove every file of a pupil (retention, or the pupil's record being erased).

    The bytes go first: a row left behind by a failure is found and purged next time, while
    bytes without a row would be found by nobody. The caller commits."""
    files = files_of_pupil(pupil.id)
    for stored in files:
        _remove_bytes(stored.key)
        db.session.delete(stored)
    if files:
        audit.record(by, "file.purge", pupil=pupil)
    return len(files)


def _remove_bytes(key: str) -> None:
    try:
        storage().delete(key)
    except FileMissing:
        log.info("A stored file's bytes were already gone")
