"""The browser's side of sessions (auth/sessions.py keeps them in the database): the cookie
holds a random key, Flask-Login finds the person through it, and a request that needs a
sign-in after the session ran out is sent to sign in again, keeping what it carried.

When a session runs out while a form is open, what the person sends is held for them (not
for whoever has the cookie: only after they sign in again as themself) and offered back
with one button, so nothing typed is lost; and they return to the page they were on.
"""

import re
from urllib.parse import urlsplit

from flask import flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from portal.auth import sessions
from portal.extensions import db
from portal.models import HeldForm, User, UserSession, utcnow

# What survives signing in or out in the browser's cookie.
KEPT_ACROSS_SIGN_IN = ("locale", "held_form")


def start(user: User) -> UserSession:
    """Sign this browser in as `user`: a new session row, a new key in a fresh cookie."""
    record, key = sessions.new_record(user, request.user_agent.string or "", utcnow())
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

    A session past its limits is ended; if a form arrives with it, `unauthorized` holds the
    form for this person.
    """
    record, expired_user_id = sessions.live(key, utcnow())
    if db.session.dirty:
        db.session.commit()  # ended, or its last use noted (at most once a minute)
    if expired_user_id is not None:
        g.expired_user_id = expired_user_id
    if record is None:
        return None
    g.user_session = record
    return record.user


def current() -> UserSession | None:
    """This browser's session row, once someone is signed in."""
    return g.get("user_session")


def _return_path() -> str | None:
    """Where to come back to after signing in: the page the person was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    # An htmx request names the page it came from; a plain form's address is usually its page.
    current_url = request.headers.get("HX-Current-URL", "")
    if current_url:
        parts = urlsplit(current_url)
        if parts.netloc == request.host and sessions.answers_get(parts.path):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path if sessions.answers_get(request.path) else None


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
            held = sessions.hold_form(expired_user_id, request.path, _kept_fields())
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
    return sessions.held_form(held_id, user) if held_id is not None else None
