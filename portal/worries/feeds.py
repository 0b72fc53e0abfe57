"""Pupils' worries in the inbox of the adult each was sent to, and nobody else's (see
portal/feeds.py). One query."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, sort_keys, tally
from portal.models import Worry, WorryStatus

UNREAD = Worry.read_at.is_(None)


def _statement(query: InboxQuery) -> sa.Select:
    statement = (
        sa.select(Worry)
        .join(Worry.pupil)
        .where(
            Worry.school_id == query.school_id,
            Worry.status == WorryStatus.SENT,
            Worry.to_id == query.viewer.id if query.viewer is not None else sa.false(),
        )
    )
    return query.narrow(statement, Worry.replied_at.is_(None))


def count_worries(query: InboxQuery) -> sa.Select:
    return tally(_statement(query), UNREAD)


def worry_keys(query: InboxQuery) -> sa.Select:
    return sort_keys(_statement(query), Worry.id, Worry.sent_at, UNREAD)


def inbox_worries(query: InboxQuery) -> list[Item]:
    if query.viewer is None:
        return []
    statement = _statement(query).options(contains_eager(Worry.pupil))
    statement = query.first(statement, UNREAD, Worry.sent_at, Worry.id)
    items = []
    for worry in db.session.scalars(statement):
        if worry.read_at is None:
            status = _l("Not read yet")
        elif worry.replied_at is None:
            status = _l("Read, not replied to yet")
        else:
            status = _l("Replied")
        items.append(
            Item(
                kind="worry",
                when=worry.sent_at,
                title=_("A worry from %(name)s", name=worry.pupil.full_name),
                subject=worry,
                pupil=worry.pupil,
                unread=worry.read_at is None,
                status=str(status),
                detail=str(_l("Said they do not feel safe")) if worry.unsafe else None,
            )
        )
    return items


def register() -> None:
    inbox.add(
        "worry",
        _l("Pupils' worries"),
        inbox_worries,
        order=15,
        item_label=_l("Worry"),
        count=count_worries,
        keys=worry_keys,
    )
