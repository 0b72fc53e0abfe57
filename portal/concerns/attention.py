"""Concerns not read yet on the SENCO's attention list, with how long each has waited."""

from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.attention import AttentionQuery, Row, attention, page_about_pupils
from portal.models import Concern, ConcernStatus, Pupil


def _where(q: AttentionQuery):
    return (
        Concern.school_id == q.school_id,
        Concern.status == ConcernStatus.RECEIVED,
        Pupil.left_at.is_(None),
    )


def _rows(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
    total, concerns = page_about_pupils(
        Concern, _where(q), (Concern.submitted_at, Concern.id), limit, offset
    )
    return total, [
        Row(
            c,
            c.pupil.full_name,
            _(
                "%(reference)s, waiting %(time)s",
                reference=c.reference,
                time=format_timedelta(q.now - c.submitted_at, threshold=1),
            ),
            since=c.submitted_at,
        )
        for c in concerns
    ]


def register() -> None:
    attention.add("unread-concerns", _l("Concerns not read yet"), _rows, order=10)
