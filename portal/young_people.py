"""Young people from 16 speak for themselves: whether their parents see their views.

From 16 (the end of compulsory school age, Code 8.x) a young person with their own account
decides whether their parents see what they said; they are asked once and may change their
mind. Until they have answered, their parents do not see their views: the young person's
own choice comes first. A younger pupil's parents may see their views, and so may the
parents of a young person without an account (an adult gives those views with them).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from portal import audit
from portal.access import can_reach
from portal.extensions import db
from portal.models import Pupil, Role, User, ViewsSharing, utcnow

DECIDES_FROM_AGE = 16


def local_today() -> date:
    """Today where the schools are (PORTAL_TIMEZONE), not in UTC."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/London")
    return datetime.now(zone).date()


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def decides_for_themself(pupil: Pupil, day: date | None = None) -> bool:
    """16 or over and signing in with their own account."""
    day = day or local_today()
    return pupil.user_id is not None and age_on(pupil.date_of_birth, day) >= DECIDES_FROM_AGE


def sharing_choice(pupil: Pupil) -> ViewsSharing | None:
    return db.session.scalar(sa.select(ViewsSharing).where(ViewsSharing.pupil_id == pupil.id))


def needs_to_choose(pupil: Pupil, day: date | None = None) -> bool:
    """The views form asks this once: the young person decides and has not said yet."""
    return decides_for_themself(pupil, day) and sharing_choice(pupil) is None


def choose(pupil: Pupil, parents_see_views: bool, by: User) -> ViewsSharing:
    """Record (or change) the young person's choice; the caller commits."""
    choice = sharing_choice(pupil)
    if choice is None:
        choice = ViewsSharing(pupil_id=pupil.id, parents_see_views=parents_see_views)
        db.session.add(choice)
    choice.parents_see_views = parents_see_views
    choice.chosen_by_id = by.id
    choice.chosen_at = utcnow()
    audit.record(by, "views_sharing.choose", pupil=pupil, obj=choice)
    return choice


def parents_see_views(pupil: Pupil, day: date | None = None) -> bool:
    """Whether this pupil's parents may see the pupil's views at all."""
    if not decides_for_themself(pupil, day):
        return True
    choice = sharing_choice(pupil)
    return choice is not None and choice.parents_see_views


def may_parent_see_views(parent: User, pupil: Pupil, day: date | None = None) -> bool:
    """May this person, as a parent, see this pupil's views?

    They must be linked to the pupil as a parent (the access rule), and the pupil's
    views must be open to their parents (a young person's own choice from 16)."""
    return can_reach(parent, pupil, Role.PARENT) and parents_see_views(pupil, day)
