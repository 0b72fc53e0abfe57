"""Families not yet told that their child starts or stops SEN support (Code 6.43), on the
SENCO's attention list."""

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.attention import AttentionQuery, Row, attention, page_about_pupils
from portal.models import Pupil, SenChange, SenStatus


def _where(q: AttentionQuery):
    return (
        Pupil.school_id == q.school_id,
        Pupil.left_at.is_(None),
        SenChange.family_notice_needed.is_(True),
        SenChange.family_told_on.is_(None),
    )


def _rows(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
    total, changes = page_about_pupils(
        SenChange, _where(q), (SenChange.effective_date, SenChange.id), limit, offset
    )
    return total, [
        Row(
            c,
            c.pupil.full_name,
            _("SEN support from %(date)s", date=format_date(c.effective_date, "long"))
            if c.to_value == SenStatus.SEN_SUPPORT.value
            else _("SEN support ended on %(date)s", date=format_date(c.effective_date, "long")),
            due=c.effective_date,
        )
        for c in changes
    ]


def register() -> None:
    attention.add(
        "family-not-told",
        _l("Families not told yet that SEN support starts or stops"),
        _rows,
        order=50,
        hint=_l("The change is complete when you choose how the family is told (Code 6.43)."),
    )
