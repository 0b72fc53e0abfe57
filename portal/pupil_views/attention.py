"""Views sent and not read yet on the SENCO's attention list, with how long each has waited."""

from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.attention import AttentionQuery, Row, attention, page_about_pupils
from portal.models import Pupil, Respondent, Views, ViewsStatus


def _where(q: AttentionQuery):
    return (
        Views.school_id == q.school_id,
        Views.status == ViewsStatus.SUBMITTED,
        Pupil.left_at.is_(None),
    )


def _rows(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
    total, found = page_about_pupils(
        Views, _where(q), (Views.submitted_at, Views.id), limit, offset
    )
    return total, [
        Row(
            v,
            v.pupil.full_name,
            _(
                "%(who)s, waiting %(time)s",
                who=_("the parents' views")
                if v.respondent is Respondent.PARENT
                else _("the pupil's own views"),
                time=format_timedelta(q.now - v.submitted_at, threshold=1),
            ),
            since=v.submitted_at,
        )
        for v in found
    ]


def register() -> None:
    attention.add("unread-views", _l("Views not read yet"), _rows, order=15)
