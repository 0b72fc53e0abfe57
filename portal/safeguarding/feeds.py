"""Safety alerts at the top of the inbox of the safeguarding lead who looks at it, and of
nobody else's (see portal/feeds.py): an open alert is pinned above everything."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from portal import access
from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, sort_keys, tally
from portal.models import SafetyAlert

UNREAD = SafetyAlert.first_seen_at.is_(None)
OPEN = SafetyAlert.dealt_with_at.is_(None)


def _statement(query: InboxQuery) -> sa.Select:
    statement = (
        sa.select(SafetyAlert)
        .join(SafetyAlert.pupil)
        .where(
            SafetyAlert.school_id == query.school_id,
            access.alerts_clause(query.viewer) if query.viewer is not None else sa.false(),
        )
    )
    return query.narrow(statement, OPEN)


def count_alerts(query: InboxQuery) -> sa.Select:
    return tally(_statement(query), UNREAD)


def alert_keys(query: InboxQuery) -> sa.Select:
    # An open alert is pinned above everything, whatever the sort.
    return sort_keys(_statement(query), SafetyAlert.id, SafetyAlert.raised_at, UNREAD, pinned=OPEN)


def inbox_alerts(query: InboxQuery) -> list[Item]:
    if query.viewer is None:
        return []
    statement = _statement(query).options(contains_eager(SafetyAlert.pupil))
    statement = query.first(statement, UNREAD, SafetyAlert.raised_at, SafetyAlert.id)
    return [
        Item(
            kind="safety_alert",
            when=alert.raised_at,
            title=_("%(name)s may not feel safe", name=alert.pupil.full_name),
            subject=alert,
            pupil=alert.pupil,
            unread=alert.first_seen_at is None,
            status=str(_l("Not dealt with yet") if alert.is_open else _l("Dealt with")),
            detail=str(alert.source.label),
            pinned=alert.is_open,
        )
        for alert in db.session.scalars(statement)
    ]


def register() -> None:
    inbox.add(
        "safety_alert",
        _l("Safety alerts"),
        inbox_alerts,
        order=1,
        item_label=_l("Safety alert"),
        count=count_alerts,
        keys=alert_keys,
    )
