"""Records in the SENCO's inbox (parents' subject access requests) and on each pupil's
timeline (every change of SEN provision and needs). See portal/feeds.py.

Each source loads its rows in one query, whatever their number.
"""

from datetime import datetime, time

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload

from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, sort_keys, tally, timeline
from portal.models import Pupil, SenChange, SenField, SubjectAccessRequest, User

UNREAD = SubjectAccessRequest.read_at.is_(None)


def _inbox_statement(query: InboxQuery) -> sa.Select:
    statement = (
        sa.select(SubjectAccessRequest)
        .join(Pupil, Pupil.id == SubjectAccessRequest.pupil_id)
        .where(SubjectAccessRequest.school_id == query.school_id)
    )
    # Answered requests leave the inbox; the Records page keeps them all.
    return query.narrow(statement, SubjectAccessRequest.answered_at.is_(None))


def count_requests(query: InboxQuery) -> sa.Select:
    return tally(_inbox_statement(query), UNREAD)


def request_keys(query: InboxQuery) -> sa.Select:
    return sort_keys(
        _inbox_statement(query),
        SubjectAccessRequest.id,
        SubjectAccessRequest.received_at,
        UNREAD,
    )


def inbox_requests(query: InboxQuery) -> list[Item]:
    statement = _inbox_statement(query).options(
        joinedload(SubjectAccessRequest.requester),
        contains_eager(SubjectAccessRequest.pupil),
    )
    statement = query.first(
        statement, UNREAD, SubjectAccessRequest.received_at, SubjectAccessRequest.id
    )
    return [
        Item(
            kind="subject_access",
            when=request.received_at,
            title=_(
                "%(name)s asks for a copy of their information",
                name=request.requester.full_name,
            ),
            subject=request,
            pupil=request.pupil,
            unread=request.read_at is None,
            status=_("Answered")
            if request.answered_at
            else _("Answer by %(date)s", date=request.due_on.strftime("%d/%m/%Y")),
            detail=_("UK GDPR: one calendar month to answer"),
        )
        for request in db.session.scalars(statement)
    ]


def timeline_sen(pupil: Pupil, viewer: User) -> list[Item]:
    rows = db.session.scalars(
        sa.select(SenChange).where(SenChange.pupil_id == pupil.id).order_by(SenChange.id)
    ).all()
    items = []
    for row in rows:
        if row.field is SenField.PROVISION:
            title = _(
                "SEN provision: %(old)s → %(new)s", old=row.from_value or "–", new=row.to_value
            )
        else:
            title = _(
                "Needs: %(old)s → %(new)s", old=row.from_value or "–", new=row.to_value or "–"
            )
        items.append(
            Item(
                kind="sen_change",
                when=datetime.combine(row.effective_date, time(12)),
                title=title,
                subject=row,
                pupil=pupil,
                detail=row.reason or str(row.source.label),
            )
        )
    return items


def register() -> None:
    inbox.add(
        "subject_access",
        _l("Requests for information"),
        inbox_requests,
        order=60,
        item_label=_l("Subject access request"),
        count=count_requests,
        keys=request_keys,
    )
    timeline.add("sen_change", _l("SEN history"), timeline_sen, order=15)
