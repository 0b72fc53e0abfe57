"""Meetings on each pupil's timeline (see portal/feeds.py), in one query."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.feeds import Item, timeline
from portal.models import Meeting, Pupil, User


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
                subject=meeting,
                pupil=pupil,
                status=status,
                detail=meeting.place or (_("By video") if meeting.video_link else None),
            )
        )
    return items


def register() -> None:
    timeline.add("meeting", _l("Meetings"), timeline_meetings, order=30, item_label=_l("Meeting"))
