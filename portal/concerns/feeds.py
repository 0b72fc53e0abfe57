"""Concerns in the SENCO's inbox and on each pupil's timeline (see portal/feeds.py).

Each source loads its rows in one query, whatever their number.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from portal.concerns.services import AREAS
from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, sort_keys, tally, timeline
from portal.i18n import language_name
from portal.models import Concern, ConcernStatus, Pupil, User

INBOX_CONCERN_STATUS = {
    ConcernStatus.RECEIVED: _l("Not read yet"),
    ConcernStatus.READ: _l("Read, not replied to yet"),
    ConcernStatus.REPLIED: _l("Replied"),
    ConcernStatus.CLOSED: _l("Closed"),
}


def _concern_item(concern: Concern) -> Item:
    pupil = concern.pupil
    area = AREAS.get(concern.area or "")
    return Item(
        kind="concern",
        when=concern.submitted_at,
        since=concern.submitted_at,
        title=_("Concern about %(name)s", name=pupil.full_name),
        subject=concern,
        pupil=pupil,
        unread=concern.status is ConcernStatus.RECEIVED,
        status=str(INBOX_CONCERN_STATUS[concern.status]),
        detail=_(
            "%(reference)s · %(area)s · written in %(language)s",
            reference=concern.reference,
            area=area.label if area else _("area not given"),
            language=language_name(concern.language) or _("a language not recorded"),
        ),
        extra={"acknowledged": concern.read_at is not None, "open": concern.is_open},
    )


UNREAD = Concern.status == ConcernStatus.RECEIVED


def _inbox_statement(query: InboxQuery) -> sa.Select:
    statement = (
        sa.select(Concern)
        .join(Concern.pupil)
        .where(Concern.school_id == query.school_id, Concern.status != ConcernStatus.DRAFT)
    )
    return query.narrow(statement, Concern.status != ConcernStatus.CLOSED)


def inbox_concerns(query: InboxQuery) -> list[Item]:
    statement = _inbox_statement(query).options(contains_eager(Concern.pupil))
    statement = query.first(statement, UNREAD, Concern.submitted_at, Concern.id)
    return [_concern_item(c) for c in db.session.scalars(statement)]


def count_concerns(query: InboxQuery) -> sa.Select:
    return tally(_inbox_statement(query), UNREAD)


def concern_keys(query: InboxQuery) -> sa.Select:
    return sort_keys(_inbox_statement(query), Concern.id, Concern.submitted_at, UNREAD)


def timeline_concerns(pupil: Pupil, viewer: User) -> list[Item]:
    concerns = db.session.scalars(
        sa.select(Concern)
        .where(Concern.pupil_id == pupil.id, Concern.status != ConcernStatus.DRAFT)
        .order_by(Concern.submitted_at)
    ).all()
    for concern in concerns:
        set_committed_value(concern, "pupil", pupil)
    return [_concern_item(c) for c in concerns]


def register() -> None:
    inbox.add(
        "concern",
        _l("Concerns"),
        inbox_concerns,
        order=10,
        item_label=_l("Concern"),
        count=count_concerns,
        keys=concern_keys,
    )
    timeline.add("concern", _l("Concerns"), timeline_concerns, order=10, item_label=_l("Concern"))
