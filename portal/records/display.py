"""What the staff pupil page shows from the records, and words the records pages use
(registered as template globals in portal/templating.py)."""

import functools

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from portal.models import Pupil, SenChange, today
from portal.paging import paged, run_paged
from portal.records import contacts, transition


def records_of(pupil: Pupil, history_limit: int, with_contacts: bool = True) -> dict:
    """The latest SEN history of one pupil (and how long it is: the staff pupil page links
    to the rest), and its contacts and earlier records, in one query each."""
    total, history = sen_history_page(pupil.id, history_limit)
    return {
        "history": history,
        "history_total": total,
        "contacts": contacts.of_pupil(pupil.id) if with_contacts else [],
        "earlier": transition.earlier_records(pupil.id) if with_contacts else [],
    }


@functools.cache
def _sen_history_statement() -> sa.Select:
    return paged(
        sa.select(SenChange)
        .outerjoin(SenChange.recorded_by)
        .where(SenChange.pupil_id == sa.bindparam("pupil_id"))
        .options(contains_eager(SenChange.recorded_by))
        .order_by(SenChange.effective_date.desc(), SenChange.id.desc())
    )


def sen_history_page(pupil_id: int, limit: int, offset: int = 0) -> tuple[int, list[SenChange]]:
    """One page of a pupil's SEN history, newest first, with who recorded each change, and
    how many changes there are, in one query."""
    total, found = run_paged(
        _sen_history_statement(), {"pupil_id": pupil_id}, limit, offset, objects=True
    )
    return total, [row[0] for row in found]


def today_iso() -> str:
    """Today, as a date field's starting value."""
    return today().isoformat()
