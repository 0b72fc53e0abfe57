"""Records in the SENCO's inbox (parents' subject access requests) and on each pupil's
timeline (every change of SEN provision and needs). See portal/feeds.py."""

from datetime import datetime, time

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, timeline
from portal.models import Pupil, SenChange, SenField, SubjectAccessRequest, User


@inbox.source(
    "subject_access",
    _l("Requests for information"),
    order=60,
    item_label=_l("Subject access request"),
)
def inbox_requests(query: InboxQuery) -> list[Item]:
    statement = (
        sa.select(SubjectAccessRequest)
        .join(Pupil, Pupil.id == SubjectAccessRequest.pupil_id)
        .where(SubjectAccessRequest.school_id == query.school_id)
        .options(
            selectinload(SubjectAccessRequest.requester), selectinload(SubjectAccessRequest.pupil)
        )
        .order_by(SubjectAccessRequest.received_at.desc())
        .limit(query.limit)
    )
    if query.year_group is not None:
        statement = statement.where(Pupil.year_group == query.year_group)
    # Answered requests leave the inbox; the Records page keeps them all.
    statement = statement.where(SubjectAccessRequest.answered_at.is_(None))
    items = []
    for request in db.session.scalars(statement):
        items.append(
            Item(
                kind="subject_access",
                when=request.received_at,
                title=_(
                    "%(name)s asks for a copy of their information",
                    name=request.requester.full_name,
                ),
                url=url_for("records.request_page", request_id=request.id),
                pupil=request.pupil,
                unread=request.read_at is None,
                status=_("Answered")
                if request.answered_at
                else _("Answer by %(date)s", date=request.due_on.strftime("%d/%m/%Y")),
                detail=_("UK GDPR: one calendar month to answer"),
            )
        )
    return items


@timeline.source("sen_change", _l("SEN history"), order=15)
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
                url=url_for("staff.pupil", pupil_id=pupil.id) + "#sen-history",
                pupil=pupil,
                detail=row.reason or str(row.source.label),
            )
        )
    return items
