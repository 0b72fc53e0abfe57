"""Concerns, views and meetings as inbox and timeline sources (see portal/feeds.py).

Each source loads its rows in one to three queries, whatever their number.
"""

import sqlalchemy as sa
from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, timeline
from portal.i18n import language_name
from portal.models import (
    Concern,
    ConcernStatus,
    Meeting,
    Pupil,
    Respondent,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
)
from portal.voices.concerns import AREAS
from portal.voices.views import SENT

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
        url=url_for("senco.concern", concern_id=concern.id),
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


def _views_item(views: Views) -> Item:
    pupil = views.pupil
    meeting = views.request.meeting
    if views.respondent is Respondent.PARENT:
        title = _(
            "Views from %(parent)s about %(name)s",
            parent=views.author.full_name,
            name=pupil.full_name,
        )
    else:
        title = _("Views from %(name)s", name=pupil.full_name)
    detail = _("For the meeting on %(date)s", date=format_date(meeting.starts_at, "medium"))
    if views.supported:
        detail = _(
            "For the meeting on %(date)s · gathered with %(helper)s",
            date=format_date(meeting.starts_at, "medium"),
            helper=views.helped_by or views.author.full_name,
        )
    return Item(
        kind="parent_views" if views.respondent is Respondent.PARENT else "pupil_views",
        when=views.submitted_at,
        title=title,
        url=url_for("staff.views", pupil_id=pupil.id, views_id=views.id),
        pupil=pupil,
        unread=views.status is ViewsStatus.SUBMITTED,
        status=str(_l("Not read yet") if views.status is ViewsStatus.SUBMITTED else _l("Read")),
        detail=detail,
    )


@inbox.source("concern", _l("Concerns"), order=10, item_label=_l("Concern"))
def inbox_concerns(query: InboxQuery) -> list[Item]:
    statement = (
        sa.select(Concern)
        .join(Concern.pupil)
        .where(Concern.school_id == query.school_id, Concern.status != ConcernStatus.DRAFT)
        .options(contains_eager(Concern.pupil))
        .order_by(Concern.submitted_at.desc())
        .limit(query.limit)
    )
    if query.year_group is not None:
        statement = statement.where(Pupil.year_group == query.year_group)
    if query.open_only:
        statement = statement.where(Concern.status != ConcernStatus.CLOSED)
    return [_concern_item(c) for c in db.session.scalars(statement)]


def _inbox_views(query: InboxQuery, respondent: Respondent) -> list[Item]:
    statement = (
        sa.select(Views)
        .join(Views.pupil)
        .where(
            Views.school_id == query.school_id,
            Views.respondent == respondent,
            Views.status.in_(SENT),
        )
        .options(
            contains_eager(Views.pupil),
            selectinload(Views.request).selectinload(ViewsRequest.meeting),
            selectinload(Views.author),
        )
        .order_by(Views.submitted_at.desc())
        .limit(query.limit)
    )
    if query.year_group is not None:
        statement = statement.where(Pupil.year_group == query.year_group)
    if query.open_only:
        statement = statement.where(Views.status == ViewsStatus.SUBMITTED)
    return [_views_item(v) for v in db.session.scalars(statement)]


@inbox.source("parent_views", _l("Parents' views"), order=20, item_label=_l("Parent's views"))
def inbox_parent_views(query: InboxQuery) -> list[Item]:
    return _inbox_views(query, Respondent.PARENT)


@inbox.source("pupil_views", _l("Pupils' views"), order=30, item_label=_l("Pupil's views"))
def inbox_pupil_views(query: InboxQuery) -> list[Item]:
    return _inbox_views(query, Respondent.PUPIL)


@timeline.source("concern", _l("Concerns"), order=10, item_label=_l("Concern"))
def timeline_concerns(pupil: Pupil, viewer: User) -> list[Item]:
    concerns = db.session.scalars(
        sa.select(Concern)
        .where(Concern.pupil_id == pupil.id, Concern.status != ConcernStatus.DRAFT)
        .order_by(Concern.submitted_at)
    ).all()
    for concern in concerns:
        set_committed_value(concern, "pupil", pupil)
    return [_concern_item(c) for c in concerns]


@timeline.source("views", _l("Views"), order=20, item_label=_l("Views"))
def timeline_views(pupil: Pupil, viewer: User) -> list[Item]:
    found = db.session.scalars(
        sa.select(Views)
        .where(Views.pupil_id == pupil.id, Views.status.in_(SENT))
        .options(
            selectinload(Views.request).selectinload(ViewsRequest.meeting),
            selectinload(Views.author),
        )
        .order_by(Views.submitted_at)
    ).all()
    replaced = {v.supersedes_id for v in found if v.supersedes_id}
    items = []
    for views in found:
        set_committed_value(views, "pupil", pupil)
        item = _views_item(views)
        if views.id in replaced:
            item.status = _("Replaced by a newer version")
        items.append(item)
    return items


@timeline.source("meeting", _l("Meetings"), order=30, item_label=_l("Meeting"))
def timeline_meetings(pupil: Pupil, viewer: User) -> list[Item]:
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.pupil_id == pupil.id).order_by(Meeting.starts_at)
    ).all()
    items = []
    for meeting in meetings:
        if meeting.is_cancelled:
            status = _("Cancelled")
        elif meeting.is_upcoming:
            status = _("Booked")
        else:
            status = _("Past")
        items.append(
            Item(
                kind="meeting",
                when=meeting.starts_at,
                title=str(meeting.kind.label),
                url=url_for("senco.meeting", meeting_id=meeting.id),
                pupil=pupil,
                status=status,
                detail=meeting.place or (_("By video") if meeting.video_link else None),
            )
        )
    return items
