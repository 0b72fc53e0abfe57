"""What the staff pupil page shows from the records, and words the records pages use
(registered as template globals in portal/templating.py)."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Pupil, SenChange, today
from portal.records import contacts, transition


def records_of(pupil: Pupil) -> dict:
    """SEN history, contacts and earlier records of one pupil, in three queries."""
    history = db.session.scalars(
        sa.select(SenChange)
        .where(SenChange.pupil_id == pupil.id)
        .options(selectinload(SenChange.recorded_by))
        .order_by(SenChange.effective_date.desc(), SenChange.id.desc())
    ).all()
    return {
        "history": history,
        "contacts": contacts.of_pupil(pupil.id),
        "earlier": transition.earlier_records(pupil.id),
    }


def today_iso() -> str:
    """Today, as a date field's starting value."""
    return today().isoformat()
