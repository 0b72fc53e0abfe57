"""Writing the audit trail. Every read and change of a pupil's record passes through here."""

import sqlalchemy as sa

from portal.extensions import db
from portal.models import AuditEvent, Pupil, User, utcnow


def record(
    actor: User | None,
    action: str,
    *,
    pupil: Pupil | None = None,
    school_id: int | None = None,
    obj: object | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit writes it with the change."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        action=action,
        pupil_id=pupil.id if pupil is not None else None,
        school_id=pupil.school_id if pupil is not None else school_id,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None) if obj is not None else None,
    )
    db.session.add(event)
    return event


def record_read(actor: User, action: str, **kwargs) -> None:
    """A read has no other write to ride with, so it commits on its own."""
    record(actor, action, **kwargs)
    db.session.commit()


def record_list(actor: User, pupils: list[Pupil], action: str = "pupil.list") -> None:
    """A list page shows each pupil's name and needs: one event per pupil, in one statement."""
    if pupils:
        now = utcnow()
        db.session.execute(
            sa.insert(AuditEvent),
            [
                {
                    "at": now,
                    "actor_id": actor.id,
                    "school_id": p.school_id,
                    "pupil_id": p.id,
                    "action": action,
                }
                for p in pupils
            ],
        )
    db.session.commit()
