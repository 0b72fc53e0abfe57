"""Parents' and pupils' views in the SENCO's inbox and on each pupil's timeline (see
portal/feeds.py). Each source loads its rows in three queries, whatever their number.
"""

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, sort_keys, tally, timeline
from portal.models import Pupil, Respondent, User, Views, ViewsRequest, ViewsStatus
from portal.pupil_views.services import SENT


def _views_item(views: Views) -> Item:
    pupil = views.pupil
    meeting = views.request.meeting
    changed = views.supersedes_id is not None
    parent, name = views.author.full_name, pupil.full_name
    if views.respondent is Respondent.PARENT and changed:
        title = _("Changed views from %(parent)s about %(name)s", parent=parent, name=name)
    elif views.respondent is Respondent.PARENT:
        title = _("Views from %(parent)s about %(name)s", parent=parent, name=name)
    elif changed:
        title = _("Changed views from %(name)s", name=name)
    else:
        title = _("Views from %(name)s", name=name)
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
        subject=views,
        pupil=pupil,
        unread=views.status is ViewsStatus.SUBMITTED,
        status=str(_l("Not read yet") if views.status is ViewsStatus.SUBMITTED else _l("Read")),
        detail=detail,
    )


UNREAD = Views.status == ViewsStatus.SUBMITTED
# Made once: an alias of Views copies its thirty-odd columns, a millisecond each time.
NEWER = aliased(Views)


def _inbox_statement(query: InboxQuery, respondent: Respondent) -> sa.Select:
    newer = NEWER
    statement = (
        sa.select(Views)
        .join(Views.pupil)
        .where(
            Views.school_id == query.school_id,
            Views.respondent == respondent,
            Views.status.in_(SENT),
            # A newer version takes the older one's place: one item per request.
            ~sa.exists().where(newer.supersedes_id == Views.id, newer.status.in_(SENT)),
        )
    )
    return query.narrow(statement, UNREAD)


def _inbox_views(query: InboxQuery, respondent: Respondent) -> list[Item]:
    # Each a single row: joined, so the statements are the same however many.
    statement = _inbox_statement(query, respondent).options(
        contains_eager(Views.pupil),
        joinedload(Views.request).joinedload(ViewsRequest.meeting),
        joinedload(Views.author),
    )
    statement = query.first(statement, UNREAD, Views.submitted_at, Views.id)
    return [_views_item(v) for v in db.session.scalars(statement)]


def inbox_parent_views(query: InboxQuery) -> list[Item]:
    return _inbox_views(query, Respondent.PARENT)


def inbox_pupil_views(query: InboxQuery) -> list[Item]:
    return _inbox_views(query, Respondent.PUPIL)


def count_parent_views(query: InboxQuery) -> sa.Select:
    return tally(_inbox_statement(query, Respondent.PARENT), UNREAD)


def count_pupil_views(query: InboxQuery) -> sa.Select:
    return tally(_inbox_statement(query, Respondent.PUPIL), UNREAD)


def parent_views_keys(query: InboxQuery) -> sa.Select:
    return sort_keys(
        _inbox_statement(query, Respondent.PARENT), Views.id, Views.submitted_at, UNREAD
    )


def pupil_views_keys(query: InboxQuery) -> sa.Select:
    return sort_keys(
        _inbox_statement(query, Respondent.PUPIL), Views.id, Views.submitted_at, UNREAD
    )


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


def register() -> None:
    inbox.add(
        "parent_views",
        _l("Parents' views"),
        inbox_parent_views,
        order=20,
        item_label=_l("Parent's views"),
        count=count_parent_views,
        keys=parent_views_keys,
    )
    inbox.add(
        "pupil_views",
        _l("Pupils' views"),
        inbox_pupil_views,
        order=30,
        item_label=_l("Pupil's views"),
        count=count_pupil_views,
        keys=pupil_views_keys,
    )
    timeline.add("views", _l("Views"), timeline_views, order=20, item_label=_l("Views"))
