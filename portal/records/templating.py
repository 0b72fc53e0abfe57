"""What the pupil page shows from the records (an include there calls these)."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Pupil, SenChange
from portal.records import contacts, transition
from portal.records.blueprint import bp


@bp.app_template_global()
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


@bp.app_template_global("year_label")
def year_label(year: int) -> str:
    from portal.models import year_group_label

    return year_group_label(year)


@bp.app_template_global("today_iso")
def today_iso() -> str:
    from portal.models import today

    return today().isoformat()
