"""How long a leaver's record is kept, and deleting it when that time is over.

The default follows the Information and Records Management Society's toolkit for schools:
a pupil's SEN file, reviews and EHC plan are kept until the pupil's 31st birthday (an EHC
plan can run to 25, plus six years in which a claim can be brought under the Limitation
Act 1980). An installation may set another age with RECORDS_KEEP_UNTIL_AGE.
"""

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.files import services as stored_files
from portal.models import AuditEvent, Pupil, today, utcnow
from portal.records import graph

DEFAULT_AGE = 31


def retention_age() -> int:
    return int(current_app.config.get("RECORDS_KEEP_UNTIL_AGE") or DEFAULT_AGE)


def _birthday(born, age: int):
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return born.replace(year=born.year + age, day=28)


def due() -> list[Pupil]:
    """Leavers whose records are past the retention period, oldest first."""
    age, now = retention_age(), today()
    leavers = db.session.scalars(
        sa.select(Pupil)
        .where(Pupil.left_at.is_not(None))
        .options(selectinload(Pupil.school))
        .order_by(Pupil.date_of_birth)
    ).all()
    return [p for p in leavers if _birthday(p.date_of_birth, age) <= now and p.left_at <= now]


def purge(pupils: list[Pupil]) -> int:
    """Delete these records and everything about them; leave one audit line for each."""
    if not pupils:
        return 0
    lines = [
        {
            "at": utcnow(),
            "actor_id": None,
            "school_id": p.school_id,
            "pupil_id": None,
            "action": "records.purge",
            "object_type": "Pupil",
            "object_id": p.id,
        }
        for p in pupils
    ]
    ids = [p.id for p in pupils]
    # Recordings and pictures live outside the database: their bytes go first (a row left by
    # a failure is found again next time; bytes without a row would be found by nobody).
    for pupil in pupils:
        stored_files.purge_pupil_files(pupil)
    db.session.flush()
    db.session.expunge_all()
    graph.delete(graph.about_pupils(ids))
    db.session.execute(sa.insert(AuditEvent), lines)
    db.session.commit()
    return len(ids)
