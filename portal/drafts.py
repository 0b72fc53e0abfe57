"""A family's draft, found again or started: a parent's concern, a pupil's worry.

Each is written over a few short pages and saved at every step, so whoever started one
comes back to it (their newest one not sent yet) rather than to a blank page.
"""

from __future__ import annotations

import enum
from typing import TypeVar

import sqlalchemy as sa

from portal import audit
from portal.extensions import db
from portal.models import Pupil, User

Draft = TypeVar("Draft")


def draft_of(kind: type[Draft], draft: enum.Enum, pupil: Pupil, by: User) -> Draft | None:
    """The newest of this kind this person started about this pupil and has not sent."""
    return db.session.scalar(
        sa.select(kind)
        .where(kind.pupil_id == pupil.id, kind.raised_by_id == by.id, kind.status == draft)
        .order_by(kind.id.desc())
        .limit(1)
    )


def resume_or_start(
    kind: type[Draft],
    draft: enum.Enum,
    pupil: Pupil,
    by: User,
    *,
    language: str,
    step: str,
    action: str,
) -> Draft:
    """This person's draft about this pupil, or a new one at its first step. Commits."""
    found = draft_of(kind, draft, pupil, by)
    if found is None:
        found = kind(
            school_id=pupil.school_id, pupil=pupil, raised_by=by, language=language, step=step
        )
        db.session.add(found)
        db.session.flush()
        audit.record(by, action, pupil=pupil, obj=found)
        db.session.commit()
    return found
