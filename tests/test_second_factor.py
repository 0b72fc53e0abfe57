"""The second sign-in step: required for SENCOs and administrators, offered to everyone else;
codes from an app, recovery codes, the way back in after a lost phone, all on the record."""

import re
import time
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import RecoveryCode, SignInEvent, User, UserSession, utcnow

PASSWORD = "demo-pass-2026"
SENCO = "senco@oakfield.example"
PARENT = "parent@oakfield.example"
DEMO_SECRET = "PORTALDEMOSTAFFSECONDFACTOR23456"


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        db.session.expunge(user)
        return user


def _actions(app, email: str) -> list[str]:
    with app.app_context():
        return db.session.scalars(
            sa.select(SignInEvent.action)
            .join(User, User.id == SignInEvent.user_id)
            .where(User.email == email)
            .order_by(SignInEvent.id)
        ).all()


def _password_step(client, email: str):
    return client.submit("/login", {"email": email, "password": PASSWORD}, page="/login")


def _input_names(html: str) -> list[str]:
    form = re.search(r"<main.*?<form[^>]*>(.*?)</form>", html, re.S).group(1)
    return re.findall(r'<input[^>]* name="([^"]+)"', form)


def test_a_senco_signs_in_with_a_code_after_the_password(app, client, demo):
    response = _password_step(client, SENCO)
    assert response.headers["Location"] == "/login/code"
    assert client.get("/senco/").status_code == 302  # not signed in yet
    page = client.get("/login/code")
    assert page.status_code == 200
    assert _input_names(page.text) == ["csrf_token", "code"]  # one field, named code
    assert 'autocomplete="one-time-code"' in page.text

    wrong = client.submit("/login/code", {"code": "123456"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.text
    empty = client.submit("/login/code", {"code": ""})
    assert empty.status_code == 400 and "Enter the code from your authentication app" in empty.text

    right = client.submit("/login/code", {"code": pyotp.TOTP(DEMO_SECRET).now()})
    assert right.status_code == 302
    assert client.get("/senco/").status_code == 200
    assert _actions(app, SENCO)[-2:] == ["code_failed", "signed_in"]


def test_a_code_works_once(app, demo):
    code = pyotp.TOTP(DEMO_SECRET).now()
    first, second = app.test_client(), app.test_client()
    _password_step(first, SENCO)
    assert first.submit("/login/code", {"code": code}).status_code == 302
    _password_step(second, SENCO)
    replayed = second.submit("/login/code", {"code": code})
    assert replayed.status_code == 400


def test_a_code_a_little_early_or_late_is_accepted(app, client, demo):
    totp = pyotp.TOTP(DEMO_SECRET)
    _password_step(client, SENCO)
    late = totp.at(time.time() - 30)  # typed just as the app moved on to the next code
    assert client.submit("/login/code", {"code": late}).status_code == 302


def test_the_code_page_lapses_after_a_few_minutes(app, client, demo):
    _password_step(client, SENCO)
    with client.session_transaction() as session:
        lapsed = (utcnow() - timedelta(minutes=6)).isoformat()
        session["second_step"] = {**session["second_step"], "at": lapsed}
    response = client.submit("/login/code", {"code": pyotp.TOTP(DEMO_SECRET).now()}, page="/login")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/senco/").status_code == 302


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client, demo):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def _set_up(app, client, email: str) -> list[str]:
    """Set up the second step through the account page, as the person would; the codes."""
    page = client.get("/account/second-step")
    assert page.status_code == 200
    qr = re.search(r'<img class="qr" src="([^"]+)"', page.text).group(1)
    assert qr.startswith("data:image/svg+xml")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        secret = db.session.scalars(
            sa.select(UserSession.pending_totp_secret).where(
                UserSession.user_id == user_id, UserSession.ended_at.is_(None)
            )
        ).first()
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in page.text
    wrong = client.submit("/account/second-step", {"code": "000000"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.text
    done = client.submit("/account/second-step", {"code": pyotp.TOTP(secret).now()})
    assert done.headers["Location"] == "/account/second-step/recovery-codes"
    shown = client.get("/account/second-step/recovery-codes").text
    codes = re.findall(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>", shown)
    assert len(codes) == 10
    again = client.get("/account/second-step/recovery-codes")
    assert again.status_code == 302  # shown once
    return codes


def test_a_parent_may_set_up_a_second_step_and_use_a_recovery_code_once(app, login, mailbox):
    sarah = login(PARENT)
    assert "Set up a second step" in sarah.get("/account").text
    codes = _set_up(app, sarah, PARENT)
    [told] = mailbox.to(PARENT)
    assert "How you sign in" in told["Subject"]
    assert "A second step for signing in was set up" in mailbox.body(told)
    with app.app_context():
        stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10 and not any(c.replace("-", "") in stored for c in codes)

    phone = app.test_client()
    assert _password_step(phone, PARENT).headers["Location"] == "/login/code"
    response = phone.submit("/login/code", {"code": codes[0].lower()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/second-step"  # set up the new phone
    assert "You have 9 left" in phone.get("/account/second-step").text
    other = app.test_client()
    _password_step(other, PARENT)
    assert other.submit("/login/code", {"code": codes[0]}).status_code == 400
    assert "recovery_code_used" in _actions(app, PARENT)
    assert "9 recovery codes left" in sarah.get("/account").text


def test_new_recovery_codes_end_the_old_ones(app, login, mailbox):
    sarah = login(PARENT)
    old = _set_up(app, sarah, PARENT)
    sarah.submit("/account/second-step/recovery-codes", page="/account")
    new = re.findall(
        r"<code>([A-Z0-9-]{19})</code>", sarah.get("/account/second-step/recovery-codes").text
    )
    assert len(new) == 10 and not set(new) & set(old)
    client = app.test_client()
    _password_step(client, PARENT)
    assert client.submit("/login/code", {"code": old[1]}).status_code == 400
    assert client.submit("/login/code", {"code": new[1]}).status_code == 302
    assert "recovery_codes_renewed" in _actions(app, PARENT)


def test_a_parent_may_turn_it_off_with_the_password(app, login, mailbox):
    sarah = login(PARENT)
    _set_up(app, sarah, PARENT)
    wrong = sarah.submit("/account/second-step/remove", {"password": "not-my-password"})
    assert wrong.status_code == 400 and "Your password is not right" in wrong.text
    assert sarah.submit("/account/second-step/remove", {"password": PASSWORD}).status_code == 302
    assert not _user(app, PARENT).has_second_factor
    assert _password_step(app.test_client(), PARENT).headers["Location"] == "/"
    assert "second_factor_removed" in _actions(app, PARENT)
    assert len(mailbox.to(PARENT)) == 2


def test_a_senco_cannot_turn_it_off(login):
    priya = login(SENCO)
    assert "Turn off the second step" not in priya.get("/account").text
    assert priya.get("/account/second-step/remove").status_code == 404


@pytest.mark.parametrize("email", [SENCO, "admin@portal.example"])
def test_a_senco_or_admin_without_one_must_set_it_up_first(app, demo, email):
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == email).values(totp_secret=None))
        db.session.commit()
    client = app.test_client()
    assert _password_step(client, email).status_code == 302  # the password alone...
    for url in ("/", "/senco/", "/admin/schools", "/account"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/account/second-step", url  # ...opens nothing
    assert client.get("/help/words").status_code == 200
    _set_up(app, client, email)
    home = client.get("/", follow_redirects=True)
    assert home.request.path in ("/senco/", "/admin/schools")


def test_a_new_senco_sets_it_up_after_accepting_the_invitation(app, login, mailbox):
    admin = login("admin@portal.example")
    with app.app_context():
        from portal.models import School

        school_id = db.session.scalar(sa.select(School.id).where(School.slug == "riverside"))
    admin.submit(
        f"/admin/schools/{school_id}/senco",
        {"senco-full_name": "Rosa Rivers", "senco-email": "rosa@riverside.example"},
        page=f"/admin/schools/{school_id}",
    )
    link = mailbox.link(mailbox.to("rosa@riverside.example")[0], "/invitations/")
    rosa = app.test_client()
    rosa.submit(
        link,
        {
            "full_name": "Rosa Rivers",
            "locale": "en",
            "password": "river stone lantern",
            "confirm": "river stone lantern",
        },
    )
    assert rosa.get("/senco/").headers["Location"] == "/account/second-step"


def test_another_senco_removes_a_lost_phones_second_step(app, login, demo, mailbox):
    from portal.auth.passwords import hash_password
    from portal.models import Membership, Role

    school = demo.school("oakfield")
    with app.app_context():
        deputy = User(
            email="deputy@oakfield.example",
            full_name="Dana Deputy",
            password_hash=hash_password(PASSWORD),
            totp_secret=pyotp.random_base32(32),
        )
        deputy.memberships.append(Membership(school_id=school.id, role=Role.SENCO))
        db.session.add(deputy)
        db.session.commit()
    # Dana has lost her phone and her codes; she is signed in on an old laptop somewhere.
    old_laptop = app.test_client()
    _password_step(old_laptop, "deputy@oakfield.example")
    priya = login(SENCO)
    page = priya.get("/security/sign-ins").text
    assert "Who uses a second step" in page and "Dana Deputy" in page
    urls = re.findall(r'action="(/security/people/\d+/second-step/remove)"', page)
    assert len(urls) == 1  # Dana's; Priya's own is not offered
    response = priya.submit(urls[0], page="/security/sign-ins")
    assert response.status_code == 302
    assert not _user(app, "deputy@oakfield.example").has_second_factor
    [told] = mailbox.to("deputy@oakfield.example")
    assert "removed the second step" in mailbox.body(told)
    with app.app_context():
        event = db.session.scalars(
            sa.select(SignInEvent).where(SignInEvent.action == "second_factor_reset")
        ).one()
        assert event.actor.email == SENCO and event.user.email == "deputy@oakfield.example"
    # Dana signs in with her password and must set up her new phone before anything else.
    dana = app.test_client()
    assert _password_step(dana, "deputy@oakfield.example").headers["Location"] == "/"
    assert dana.get("/senco/").headers["Location"] == "/account/second-step"


def test_only_the_schools_senco_or_the_admin_may_remove_it(app, login, demo):
    priya_id = _user(app, SENCO).id
    url = f"/security/people/{priya_id}/second-step/remove"
    assert login("senco@riverside.example").submit(url, page="/account").status_code == 404
    assert login("teacher@oakfield.example").submit(url, page="/account").status_code == 404
    assert login(PARENT).submit(url, page="/account").status_code == 404
    assert login(SENCO).submit(url, page="/account").status_code == 404  # not one's own
    assert _user(app, SENCO).has_second_factor
    admin = login("admin@portal.example")
    assert admin.submit(url, page="/admin/schools").status_code == 302
    assert not _user(app, SENCO).has_second_factor


def test_the_second_step_is_not_in_the_application_log(app, client, demo, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        _password_step(client, SENCO)
        client.submit("/login/code", {"code": "654321"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert DEMO_SECRET not in logged and "654321" not in logged and SENCO not in logged
