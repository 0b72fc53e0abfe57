"""Sessions kept in the database, so a sign-in can really end.

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
import re
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy.orm import joinedload

from portal.auth.tokens import token_hash
from portal.extensions import db
from portal.models import HeldForm, User, UserSession, utcnow

# last_seen_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
# What survives signing in or out in the browser's cookie.
KEPT_ACROSS_SIGN_IN = ("locale", "held_form")


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


def start(user: User, now: datetime | None = None) -> UserSession:
    """Sign this browser in as `user`: a new session row, a new key in a fresh cookie."""
    now = now or utcnow()
    idle, hours = limits_for(user)
    key = secrets.token_urlsafe(32)
    record = UserSession(
        user_id=user.id,
        key_hash=token_hash(key),
        created_at=now,
        last_seen_at=now,
        idle_minutes=idle,
        expires_at=now + timedelta(hours=hours),
        device=device_name(request.user_agent.string or ""),
    )
    db.session.add(record)
    db.session.commit()
    kept = {name: session[name] for name in KEPT_ACROSS_SIGN_IN if name in session}
    session.clear()  # a new cookie for a new sign-in: nothing from before carries over
    session.update(kept)
    session.permanent = True
    login_user(user)
    # Flask-Login keeps what identifies the user in the cookie: here, the session's key.
    session["_user_id"] = key
    g.user_session = record
    return record


def load(key: str) -> User | None:
    """Flask-Login's user loader: the user of a live session, or None.

    A session past its limits is ended here; if a form arrives with it, the unauthorized
    handler holds the form for this person (see `hold`).
    """
    record = db.session.scalar(
        sa.select(UserSession)
        .where(UserSession.key_hash == token_hash(key))
        .options(joinedload(UserSession.user))
    )
    if record is None or record.ended_at is not None or not record.user.active:
        return None
    now = utcnow()
    if record.expired(now):
        end(record, "expired", now)
        db.session.commit()
        g.expired_user_id = record.user_id
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
        db.session.commit()
    g.user_session = record
    return record.user


def current() -> UserSession | None:
    return g.get("user_session")


def end(record: UserSession, reason: str, now: datetime) -> None:
    if record.ended_at is None:
        record.ended_at, record.end_reason = now, reason


def end_all(user: User, reason: str, now: datetime) -> None:
    """End every session of this person (the caller commits)."""
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    this = current()
    if this is not None and this.user_id == user.id:
        this.ended_at, this.end_reason = now, reason


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


def _return_path() -> str | None:
    """Where to come back to after signing in: the page the person was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    # An htmx request names the page it came from; a plain form's address is usually its page.
    current_url = request.headers.get("HX-Current-URL", "")
    if current_url:
        from urllib.parse import urlsplit

        parts = urlsplit(current_url)
        if parts.netloc == request.host and answers_get(parts.path):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path if answers_get(request.path) else None


def _kept_fields() -> list[list[str]]:
    """What was typed, without the form token (a new one is made) or any password."""
    return [
        [name, value]
        for name, values in request.form.lists()
        for value in values
        if not re.search(r"password|confirm", name) and not name.endswith("csrf_token")
    ] + [[name, ""] for name in request.form if name.endswith("csrf_token")]


def unauthorized():
    """Someone not (or no longer) signed in asked for a page that needs it."""
    expired_user_id = g.pop("expired_user_id", None)
    if expired_user_id is not None:
        if request.method == "POST" and request.blueprint != "auth" and request.form:
            held = HeldForm(
                user_id=expired_user_id,
                path=request.path[:500],
                fields=json.dumps(_kept_fields()),
            )
            db.session.add(held)
            db.session.commit()
            session["held_form"] = held.id
        flash(
            _(
                "You were signed out because the portal was not used for a while. Sign in "
                "again to carry on: nothing you typed has been lost."
            ),
            "warning",
        )
    back = _return_path()
    login = url_for("auth.login", next=back) if back else url_for("auth.login")
    if request.headers.get("HX-Request"):
        # htmx would swap the sign-in page into a part of the form: send the whole page there.
        return "", 401, {"HX-Redirect": login}
    return redirect(login)


def take_held_form(user: User) -> HeldForm | None:
    """The form this person sent as their session ended, if this browser holds one."""
    held_id = session.pop("held_form", None)
    if held_id is None:
        return None
    held = db.session.get(HeldForm, held_id)
    if held is None or held.user_id != user.id:
        return None
    db.session.delete(held)
    db.session.commit()
    return held


def held_fields(held: HeldForm) -> list[tuple[str, str]]:
    return [(name, value) for name, value in json.loads(held.fields)]
