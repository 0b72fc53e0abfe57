"""Sessions that end: kept in the database, ended by signing out, by a new password, from
another device or everywhere; limited by idleness and in all, staff sooner than families; and a
form sent as a session runs out is kept for its writer."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Concern, HeldForm, SignInEvent, User, UserSession

PARENT = "parent@oakfield.example"
PASSWORD = "demo-pass-2026"


def _cookie(client) -> str:
    return client.get_cookie("portal_session").value


def _with_cookie(app, value: str):
    client = app.test_client()
    client.set_cookie("portal_session", value)
    return client


def _age_sessions(app, email: str, **changes) -> None:
    """Move a person's sessions back in time, as if they had been left alone."""
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        for row in db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user_id)):
            for name, delta in changes.items():
                setattr(row, name, getattr(row, name) - delta)
        db.session.commit()


def _signed_in(client, url="/families/") -> bool:
    return client.get(url).status_code == 200


def start(client, pupil_id) -> int:
    """Start a concern about a child: its draft's id."""
    response = client.submit(f"/families/children/{pupil_id}/concerns/new", {})
    return int(re.search(r"/families/concerns/(\d+)/", response.headers["Location"]).group(1))


def test_a_copied_cookie_stops_working_after_sign_out(app, login):
    client = login(PARENT)
    copied = _cookie(client)
    assert _signed_in(_with_cookie(app, copied))
    client.submit("/logout", page="/families/")
    thief = _with_cookie(app, copied)
    response = thief.get("/families/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_sessions_are_rows_in_the_database_without_the_key(app, login):
    client = login(PARENT)
    key = client.get_cookie("portal_session").value
    with app.app_context():
        row = db.session.scalars(sa.select(UserSession)).one()
        assert row.ended_at is None and row.device
        assert row.key_hash not in key  # only a hash of the cookie's key is kept


def test_another_instance_of_the_portal_honours_the_same_sessions(app, login, tmp_path):
    """Two portal processes behind a load balancer share one database and so one set of
    sessions: signing out on one ends the session on the other."""
    from portal import create_app
    from portal.config import for_tests
    from portal.demo import seed

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = create_app(for_tests(url)), create_app(for_tests(url))
    for instance in (first, second):
        instance.test_client_class = type(app.test_client())
    with first.app_context():
        db.create_all()
        seed()
        db.session.remove()
    a = first.test_client()
    assert a.submit("/login", {"email": PARENT, "password": PASSWORD}).status_code == 302
    b = second.test_client()
    b.set_cookie("portal_session", _cookie(a))
    assert b.get("/families/").status_code == 200
    b.submit("/logout", page="/families/")
    assert a.get("/families/").status_code == 302
    for instance in (first, second):
        with instance.app_context():
            db.engine.dispose()


def test_a_new_password_ends_every_other_session(app, login):
    phone, laptop = login(PARENT), login(PARENT)
    laptop.submit(
        "/account/password",
        {
            "pw-current_password": PASSWORD,
            "pw-password": "green kettle river",
            "pw-confirm": "green kettle river",
        },
        page="/account",
    )
    assert not _signed_in(phone)
    assert _signed_in(laptop)  # this device starts a new session
    with app.app_context():
        reasons = db.session.scalars(sa.select(UserSession.end_reason)).all()
        assert sorted(r or "" for r in reasons) == ["", "password", "password"]


def test_sign_out_everywhere(app, login):
    phone, laptop = login(PARENT), login(PARENT)
    response = laptop.submit("/account/sessions/end-all", page="/account")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not _signed_in(phone) and not _signed_in(laptop)
    with app.app_context():
        assert "signed_out_everywhere" in db.session.scalars(sa.select(SignInEvent.action)).all()


def test_signing_out_here_or_everywhere_keeps_the_language_chosen(login):
    """Both ways of signing out end the session and keep only the page's language."""
    for url in ("/logout", "/account/sessions/end-all"):
        client = login(PARENT)
        client.submit("/language", {"locale": "pl", "next": "/account"}, page="/account")
        signed_out = client.submit(url, page="/account")
        assert signed_out.headers["Location"] == "/login"
        assert not _signed_in(client)
        assert '<html lang="pl"' in client.get("/login").text, url


def test_the_account_page_lists_sessions_and_signs_one_out(app, login):
    phone = login(PARENT)
    laptop = login(PARENT)
    page = laptop.get("/account").text
    assert "Where you are signed in" in page
    assert page.count("This device") == 1
    ends = re.findall(r'action="(/account/sessions/(\d+)/end)"', page)
    assert len(ends) == 1  # this device signs out with "Sign out", not from the list
    response = laptop.submit(ends[0][0], page="/account")
    assert response.status_code == 302
    assert not _signed_in(phone) and _signed_in(laptop)
    assert laptop.submit(ends[0][0], page="/account").status_code == 404  # already ended
    other = login("rodzic@oakfield.example")
    assert other.submit(ends[0][0], page="/account").status_code == 404  # not theirs


@pytest.mark.parametrize(
    ("email", "url", "idle", "hours"),
    [
        (PARENT, "/families/", 120, 24),
        ("teacher@oakfield.example", "/staff/", 30, 10),
        ("senco@oakfield.example", "/senco/", 30, 10),
    ],
)
def test_idle_and_absolute_limits_by_role(app, login, email, url, idle, hours):
    client = login(email)
    _age_sessions(app, email, last_seen_at=timedelta(minutes=idle - 2))
    assert _signed_in(client, url)  # and this use counts: the idle clock starts again
    _age_sessions(app, email, last_seen_at=timedelta(minutes=idle + 1))
    assert not _signed_in(client, url)

    client = login(email)
    _age_sessions(app, email, expires_at=timedelta(hours=hours))
    assert not _signed_in(client, url)  # however busy, the session ends in the end


def test_the_limits_come_from_the_configuration(app, login):
    app.config.update(SESSION_IDLE_MINUTES_FAMILY=5, SESSION_HOURS_FAMILY=2)
    try:
        login(PARENT)
    finally:
        app.config.update(SESSION_IDLE_MINUTES_FAMILY=120, SESSION_HOURS_FAMILY=24)
    with app.app_context():
        row = db.session.scalars(sa.select(UserSession)).one()
        assert row.idle_minutes == 5
        assert (
            timedelta(hours=1, minutes=59) < row.expires_at - row.created_at <= timedelta(hours=2)
        )


def test_after_the_session_runs_out_sign_in_returns_to_the_page(app, login, demo):
    jayden = demo.pupil("Jayden", "Clarke")
    client = login(PARENT)
    _age_sessions(app, PARENT, last_seen_at=timedelta(hours=3))
    response = client.get(f"/families/children/{jayden.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=/families/children/{jayden.id}"
    page = client.get(response.headers["Location"]).text
    assert "You were signed out because the portal was not used for a while" in page
    back = client.submit(
        response.headers["Location"], {"email": PARENT, "password": PASSWORD}, page="/login"
    )
    assert back.headers["Location"] == f"/families/children/{jayden.id}"


def test_a_form_sent_after_the_session_ran_out_is_kept_and_sent_after_sign_in(app, login, demo):
    jayden = demo.pupil("Jayden", "Clarke")
    client = login(PARENT)
    concern_id = start(client, jayden.id)
    url = f"/families/concerns/{concern_id}/noticed"
    token = client.csrf_token(url)
    _age_sessions(app, PARENT, last_seen_at=timedelta(hours=3))
    words = "He has stopped eating lunch at school, and says the hall is too loud."
    response = client.post(url, data={"csrf_token": token, "noticed": words, "action": "continue"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next={url}"
    with app.app_context():
        assert db.session.get(Concern, concern_id).noticed in (None, "")
        held = db.session.scalars(sa.select(HeldForm)).one()
        assert words in held.fields and token not in held.fields

    signed_in = client.submit("/login", {"email": PARENT, "password": PASSWORD})
    assert signed_in.headers["Location"] == "/account/resume"
    offer = client.get("/account/resume").text
    assert "You were signed out just as you sent a form" in offer
    assert f'action="{url}"' in offer and words in offer
    sent = client.post(
        url,
        data={name: value for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', offer)},
    )
    assert sent.status_code == 302
    with app.app_context():
        assert db.session.get(Concern, concern_id).noticed == words
        assert db.session.scalar(sa.select(sa.func.count(HeldForm.id))) == 0


def test_a_held_form_is_only_ever_offered_to_its_writer(app, login, demo):
    jayden = demo.pupil("Jayden", "Clarke")
    client = login(PARENT)
    concern_id = start(client, jayden.id)
    url = f"/families/concerns/{concern_id}/noticed"
    token = client.csrf_token(url)
    _age_sessions(app, PARENT, last_seen_at=timedelta(hours=3))
    client.post(url, data={"csrf_token": token, "noticed": "Private words", "action": "continue"})
    # Someone else signs in on the same browser: nothing is offered to them.
    response = client.submit(
        "/login", {"email": "rodzic@oakfield.example", "password": PASSWORD}, page="/login"
    )
    assert response.headers["Location"] == "/account/resume"
    assert "Private words" not in client.get("/account/resume", follow_redirects=True).text


def test_an_htmx_save_after_expiry_sends_the_page_to_sign_in(app, login, demo):
    jayden = demo.pupil("Jayden", "Clarke")
    client = login(PARENT)
    concern_id = start(client, jayden.id)
    page = f"/families/concerns/{concern_id}/noticed"
    token = client.csrf_token(page)
    _age_sessions(app, PARENT, last_seen_at=timedelta(hours=3))
    response = client.post(
        page + "/autosave",
        data={"noticed": "Typed while the session ran out"},
        headers={
            "HX-Request": "true",
            "X-CSRFToken": token,
            "HX-Current-URL": f"http://localhost{page}",
        },
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == f"/login?next={page}"
    with app.app_context():
        held = db.session.scalars(sa.select(HeldForm)).one()
        assert "Typed while the session ran out" in held.fields


def test_signing_in_again_after_expiry_starts_a_fresh_session(app, login):
    client = login(PARENT)
    old = _cookie(client)
    _age_sessions(app, PARENT, last_seen_at=timedelta(hours=3))
    assert not _signed_in(client)
    with app.app_context():
        assert db.session.scalars(sa.select(UserSession.end_reason)).one() == "expired"
    client.submit("/login", {"email": PARENT, "password": PASSWORD})
    assert _signed_in(client)
    assert not _signed_in(_with_cookie(app, old))


def test_the_cookie_is_sent_again_only_when_it_changes(app, login):
    """A page read changes nothing in the cookie, so none is signed and sent with it; whether
    someone is still signed in is their session row's to say (idle and absolute limits)."""
    client = login(PARENT)
    client.get("/families/")  # the first page after signing in makes the form token
    assert client.get("/families/").headers.get("Set-Cookie") is None
    chosen = client.submit("/language", {"locale": "pl", "next": "/account"}, page="/account")
    assert "portal_session=" in chosen.headers["Set-Cookie"]
    assert "Expires=" in chosen.headers["Set-Cookie"]  # 30 days from this change
    assert client.get("/families/").headers.get("Set-Cookie") is None
