"""Who may open a stored recording or picture, built on portal.access's pupil rule.

A file is a pupil's answer. It opens for:
- the pupil themself (their own account);
- staff who may read that pupil's views: teachers linked to the pupil, and the SENCO of
  the pupil's school;
- a parent linked to the pupil, only where the pupil's views are visible to their parents
  (young_people.may_parent_see_views), or where that parent sent the file themself while
  helping a pupil who has no account.
Everyone else, and anyone asking for an id that does not exist, gets 404.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from portal import audit
from portal.access import can_reach, reach_clause
from portal.extensions import db
from portal.models import Role, StoredFile, User
from portal.young_people import parents_see_views

OWN_AND_STAFF = (Role.PUPIL, Role.TEACHER, Role.SENCO)


def may_open(user: User, stored: StoredFile) -> bool:
    pupil = stored.pupil
    if can_reach(user, pupil, *OWN_AND_STAFF):
        return True
    if not can_reach(user, pupil, Role.PARENT):
        return False
    return stored.uploaded_by_id == user.id or parents_see_views(pupil)


def file_for(user: User, file_id: int, action: str | None = "file.view") -> StoredFile:
    """Load one file this person may open, audit the read, or 404."""
    stored = db.session.scalar(
        sa.select(StoredFile)
        .join(StoredFile.pupil)
        .where(
            StoredFile.id == file_id,
            reach_clause(user, [*OWN_AND_STAFF, Role.PARENT]),
        )
    )
    if stored is None or not may_open(user, stored):
        abort(404)
    if action:
        audit.record_read(user, action, pupil=stored.pupil, obj=stored)
    return stored
