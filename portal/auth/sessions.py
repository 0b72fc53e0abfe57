"""Sessions kept in the database, so a sign-in can really end. (The browser side, the
cookie and Flask-Login, is in session_routes.py.)

The browser's cookie (signed by Flask) holds a random key; the row holding its hash says
whether that key still signs someone in. Signing out, "sign out everywhere", ending one
device from the account page and changing the password end rows, so a copied cookie stops
working at once, on every instance of the portal. Each session has an idle limit and an
absolute limit, shorter for staff than for families (SESSION_* settings).

When a session runs out while a form is open, what the person sends is held for them (not
for whoever has the cookie: only after they sign in again as themself) and offered back
with one button, so nothing typed is lost; and they return to the page they were on.
"""

import json
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from portal import kept
from portal.auth.tokens import token_hash
from portal.extensions import db
from portal.models import HeldForm, Membership, User, UserSession

# last_seen_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def limits_for(user: User) -> tuple[int, int]:
    """(idle minutes, absolute hours) for this person: staff's are shorter."""
    config = current_app.config
    if user.is_staff:
        return config["SESSION_IDLE_MINUTES_STAFF"], config["SESSION_HOURS_STAFF"]
    return config["SESSION_IDLE_MINUTES_FAMILY"], config["SESSION_HOURS_FAMILY"]


def device_name(user_agent: str) -> str:
    """ "Firefox on Android": enough to recognise a device in a list."""
    browsers = [
        ("Edg/", "Edge"),
        ("SamsungBrowser", "Samsung Internet"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    systems = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "Mac"),
        ("Linux", "Linux"),
    ]
    browser = next((name for mark, name in browsers if mark in user_agent), "")
    system = next((name for mark, name in systems if mark in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)[:80]
    return (browser or system or _("A web browser"))[:80]


def new_record(user: User, user_agent: str, now: datetime) -> tuple[UserSession, str]:
    """A new session row for this person (the caller commits) and the key for the cookie."""
    idle, hours = limits_for(user)
    key = secrets.token_urlsafe(32)
    record = UserSession(
        user_id=user.id,
        key_hash=token_hash(key),
        created_at=now,
        last_seen_at=now,
        idle_minutes=idle,
        expires_at=now + timedelta(hours=hours),
        device=device_name(user_agent),
    )
    db.session.add(record)
    return record, key


# One statement for all that every page needs of who is signed in: the person, their roles
# and those roles' schools (the menu and the page's school), and the data's version
# (portal.kept). Built once: SQLAlchemy then keeps its compiled form and its cache key.
_LIVE = (
    sa.select(UserSession, kept.VERSION)
    .where(UserSession.key_hash == sa.bindparam("key_hash"))
    .options(
        joinedload(UserSession.user).joinedload(User.memberships).joinedload(Membership.school)
    )
)


def live(key: str, now: datetime) -> tuple[UserSession | None, int | None]:
    """The live session a cookie's key opens, or None; and whose session it was, when it has
    just run out (it is ended here: the caller commits)."""
    found = db.session.execute(_LIVE, {"key_hash": token_hash(key)}).unique().one_or_none()
    record, version = found if found else (None, None)
    kept.note_version(version)
    if record is None or record.ended_at is not None or not record.user.active:
        return None, None
    if record.expired(now):
        end(record, "expired", now)
        return None, record.user_id
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
    return record, None


def end(record: UserSession, reason: str, now: datetime) -> None:
    if record.ended_at is None:
        record.ended_at, record.end_reason = now, reason


def end_all(user: User, reason: str, now: datetime) -> None:
    """End every session of this person (the caller commits)."""
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )


def active_for(user: User, now: datetime) -> list[UserSession]:
    """Where this person is signed in now, most recently used first."""
    rows = db.session.scalars(
        sa.select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.expires_at > now,
        )
        .order_by(UserSession.last_seen_at.desc())
    ).all()
    return [row for row in rows if not row.expired(now)]


# -- Forms sent after the session ended -----------------------------------------------------


def answers_get(path: str) -> bool:
    """Whether this address is a page (answers GET), not only a form's target."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    try:
        current_app.url_map.bind("", default_method="GET").match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return False
    return True


def hold_form(user_id: int, path: str, fields: list[list[str]]) -> HeldForm:
    """Keep a form sent as its writer's session ran out (the caller commits)."""
    held = HeldForm(user_id=user_id, path=path[:500], fields=json.dumps(fields))
    db.session.add(held)
    return held


def held_form(held_id: int, user: User) -> HeldForm | None:
    """A held form, only for the person who wrote it; it is given back once (deleted)."""
    held = db.session.get(HeldForm, held_id)
    if held is None or held.user_id != user.id:
        return None
    db.session.delete(held)
    db.session.commit()
    return held


def held_fields(held: HeldForm) -> list[tuple[str, str]]:
    return [(name, value) for name, value in json.loads(held.fields)]
