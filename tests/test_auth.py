"""Signing in and out, password resets and invitations, as a person would do them."""

from datetime import timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Invitation, Membership, ParentLink, PasswordReset, Role, User, utcnow

PASSWORD = "demo-pass-2026"


def test_sign_in_takes_a_parent_to_their_children(client, demo):
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="email"' in page.text and 'name="password"' in page.text

    response = client.submit("/login", {"email": "parent@oakfield.example", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/", follow_redirects=True)
    assert home.request.path == "/families/"
    assert "Amelia Clarke" in home.text and "Jayden Clarke" in home.text


def test_email_is_not_case_sensitive(client, demo):
    response = client.submit(
        "/login", {"email": "  Parent@Oakfield.EXAMPLE ", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_wrong_password_says_so_and_keeps_the_email(client, demo):
    response = client.submit(
        "/login", {"email": "parent@oakfield.example", "password": "nope-nope-nope"}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert 'href="#password"' in response.text  # the summary links to the field
    assert 'value="parent@oakfield.example"' in response.text
    assert "The email address or password is not right" in response.text


def test_empty_form_shows_an_error_for_each_field(client, demo):
    response = client.submit("/login", {"email": "", "password": ""})
    assert response.status_code == 400
    assert "Enter your email address" in response.text
    assert "Enter your password" in response.text
    assert 'aria-invalid="true"' in response.text


def test_unknown_account_gets_the_same_answer_as_a_wrong_password(client, demo):
    response = client.submit(
        "/login", {"email": "nobody@oakfield.example", "password": "whatever-123"}
    )
    assert response.status_code == 400
    assert "The email address or password is not right" in response.text


def test_failed_sign_ins_are_limited_with_a_clear_message(client, demo, app):
    for _ in range(app.config["LOGIN_ACCOUNT_FREE_FAILURES"]):
        response = client.submit(
            "/login", {"email": "parent@oakfield.example", "password": "wrong-password-1"}
        )
        assert response.status_code == 400
    # Even the right password is refused while the account is locked.
    response = client.submit("/login", {"email": "parent@oakfield.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "There have been too many tries to sign in. Wait 1 minute" in response.text
    # Another account from the same place is not locked by one account's failures.
    other = client.submit("/login", {"email": "rodzic@oakfield.example", "password": PASSWORD})
    assert other.status_code == 302


def test_lock_lifts_after_the_window(client, demo, app):
    for _ in range(app.config["LOGIN_ACCOUNT_FREE_FAILURES"]):
        client.submit(
            "/login", {"email": "parent@oakfield.example", "password": "wrong-password-1"}
        )
    with app.app_context():
        from portal.models import LoginAttempt

        db.session.execute(sa.update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    response = client.submit("/login", {"email": "parent@oakfield.example", "password": PASSWORD})
    assert response.status_code == 302


def test_login_attempts_store_no_email_address(client, demo, app):
    client.submit("/login", {"email": "parent@oakfield.example", "password": "wrong-password-1"})
    with app.app_context():
        from portal.models import LoginAttempt

        attempt = db.session.scalars(sa.select(LoginAttempt)).one()
        assert "oakfield" not in attempt.account_key
        assert len(attempt.account_key) == 64


def test_sign_out_ends_the_session(login):
    client = login("parent@oakfield.example")
    assert client.get("/families/").status_code == 200
    response = client.submit("/logout", page="/families/")
    assert response.status_code == 302
    after = client.get("/families/")
    assert after.status_code == 302 and "/login" in after.headers["Location"]


def test_next_only_redirects_inside_the_portal(client, demo):
    response = client.submit(
        "/login?next=https://evil.example/steal",
        {"email": "parent@oakfield.example", "password": PASSWORD},
        page="/login",
    )
    assert response.headers["Location"] == "/"
    client.submit("/logout")
    response = client.submit(
        "/login?next=/help/words",
        {"email": "parent@oakfield.example", "password": PASSWORD},
        page="/login",
    )
    assert response.headers["Location"] == "/help/words"


def test_pages_need_sign_in(client, demo):
    for url in ("/families/", "/senco/", "/staff/", "/me/", "/account", "/admin/schools"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login")


# -- Password reset -------------------------------------------------------------------


def test_password_reset_by_email_link_works_once(client, demo, mailbox, app):
    response = client.submit("/password/forgotten", {"email": "parent@oakfield.example"})
    assert response.status_code == 200
    assert "Check your email" in response.text
    [message] = mailbox.to("parent@oakfield.example")
    assert "Amelia" not in mailbox.body(message)  # no pupil details in email
    link = mailbox.link(message, "/password/reset/")

    form = client.get(link)
    assert form.status_code == 200
    short = client.submit(link, {"password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.text
    common = client.submit(link, {"password": "password123", "confirm": "password123"})
    assert common.status_code == 400 and "too common" in common.text
    mismatch = client.submit(
        link, {"password": "green kettle river", "confirm": "green kettle rivet"}
    )
    assert mismatch.status_code == 400 and "not the same" in mismatch.text

    done = client.submit(link, {"password": "green kettle river", "confirm": "green kettle river"})
    assert done.status_code == 302
    assert client.get(link).status_code == 410  # used once, then dead

    fresh = app.test_client()
    ok = fresh.submit(
        "/login", {"email": "parent@oakfield.example", "password": "green kettle river"}
    )
    assert ok.status_code == 302
    old = app.test_client().submit(
        "/login", {"email": "parent@oakfield.example", "password": PASSWORD}
    )
    assert old.status_code == 400


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client, demo, mailbox):
    response = client.submit("/password/forgotten", {"email": "stranger@example.com"})
    assert response.status_code == 200 and "Check your email" in response.text
    assert mailbox.messages == []


def test_expired_reset_link_is_refused(client, demo, mailbox, app):
    client.submit("/password/forgotten", {"email": "parent@oakfield.example"})
    link = mailbox.link(mailbox.messages[0], "/password/reset/")
    with app.app_context():
        db.session.execute(
            sa.update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    assert client.get(link).status_code == 410


def test_reset_signs_out_other_devices(login, demo, mailbox, app):
    phone = login("parent@oakfield.example")
    assert phone.get("/families/").status_code == 200
    laptop = app.test_client()
    laptop.submit("/password/forgotten", {"email": "parent@oakfield.example"})
    link = mailbox.link(mailbox.messages[0], "/password/reset/")
    laptop.submit(link, {"password": "green kettle river", "confirm": "green kettle river"})
    assert phone.get("/families/").status_code == 302


# -- Invitations ------------------------------------------------------------------------


def _invite_parent(senco, pupil, email="new.parent@example.com", locale="pl"):
    return senco.submit(
        f"/senco/pupils/{pupil.id}/invite",
        {
            "who": "parent",
            "full_name": "Anna Nowak",
            "email": email,
            "relationship": "mother",
            "locale": locale,
        },
    )


def test_senco_invites_a_parent_who_sets_a_password_and_sees_their_child(login, demo, mailbox, app):
    zofia = demo.pupil("Zofia", "Nowak")
    senco = login("senco@oakfield.example")
    response = _invite_parent(senco, zofia)
    assert response.status_code == 302
    [message] = mailbox.to("new.parent@example.com")
    assert message["Content-Language"] == "pl"
    assert "Zofia" not in mailbox.body(message)
    link = mailbox.link(message, "/invitations/")

    newcomer = app.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "Oakfield Primary School" in page.text
    bad = newcomer.submit(link, {"full_name": "", "locale": "pl", "password": "x", "confirm": "y"})
    assert bad.status_code == 400
    done = newcomer.submit(
        link,
        {
            "full_name": "Anna Nowak",
            "locale": "pl",
            "password": "zielony czajnik rzeka",
            "confirm": "zielony czajnik rzeka",
        },
    )
    assert done.status_code == 302
    home = newcomer.get("/", follow_redirects=True)
    assert home.request.path == "/families/"
    assert "Zofia Nowak" in home.text
    assert 'lang="pl"' in home.text  # the language chosen is used at once

    # The link worked once.
    assert app.test_client().get(link).status_code == 410
    with app.app_context():
        user = db.session.scalars(
            sa.select(User).where(User.email == "new.parent@example.com")
        ).one()
        assert user.locale == "pl"
        link_row = db.session.scalars(
            sa.select(ParentLink).where(ParentLink.user_id == user.id)
        ).one()
        assert link_row.pupil_id == zofia.id and link_row.relationship_to_pupil == "mother"


def test_invitation_expires(login, demo, mailbox, app):
    senco = login("senco@oakfield.example")
    _invite_parent(senco, demo.pupil("Zofia", "Nowak"))
    link = mailbox.link(mailbox.messages[0], "/invitations/")
    with app.app_context():
        db.session.execute(sa.update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    page = app.test_client().get(link)
    assert page.status_code == 410
    assert "This link no longer works" in page.text


def test_a_new_invitation_replaces_the_old_one(login, demo, mailbox, app):
    senco = login("senco@oakfield.example")
    zofia = demo.pupil("Zofia", "Nowak")
    _invite_parent(senco, zofia)
    _invite_parent(senco, zofia)
    first, second = (mailbox.link(m, "/invitations/") for m in mailbox.messages)
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


def test_existing_account_accepts_by_signing_in(login, demo, mailbox, app):
    """Tom teaches at Oakfield; Riverside invites him as a parent of Tyler: one account, two roles."""
    tyler = demo.pupil("Tyler", "Brooks")
    senco = login("senco@riverside.example")
    senco.submit(
        f"/senco/pupils/{tyler.id}/invite",
        {
            "who": "parent",
            "full_name": "Tom Evans",
            "email": "teacher@oakfield.example",
            "relationship": "carer",
            "locale": "en",
        },
    )
    link = mailbox.link(mailbox.to("teacher@oakfield.example")[0], "/invitations/")
    stranger = app.test_client()
    assert "Sign in to accept" in stranger.get(link).text

    tom = login("teacher@oakfield.example")
    assert tom.get(link).status_code == 200
    assert tom.submit(link, {}).status_code == 302
    home = tom.get("/", follow_redirects=True)
    assert home.request.path == "/families/" and "Tyler Brooks" in home.text
    with app.app_context():
        roles = db.session.scalars(
            sa.select(Membership.role).join(User).where(User.email == "teacher@oakfield.example")
        ).all()
        assert sorted(r.value for r in roles) == ["parent", "teacher"]
    # Switching back to the teacher role shows the teacher's pupils.
    membership_id = _membership_id(app, "teacher@oakfield.example", Role.TEACHER)
    tom.submit("/account/role", {"membership_id": membership_id}, page="/account")
    assert tom.get("/", follow_redirects=True).request.path == "/staff/"


def _membership_id(app, email, role):
    with app.app_context():
        return db.session.scalar(
            sa.select(Membership.id).join(User).where(User.email == email, Membership.role == role)
        )


def test_pupil_invitation_links_the_pupil_account(login, demo, mailbox, app):
    amelia = demo.pupil("Amelia", "Clarke")
    senco = login("senco@oakfield.example")
    senco.submit(
        f"/senco/pupils/{amelia.id}/invite",
        {
            "who": "pupil",
            "full_name": "Amelia Clarke",
            "email": "amelia@oakfield.example",
            "relationship": "parent",
            "locale": "en",
        },
    )
    link = mailbox.link(mailbox.messages[0], "/invitations/")
    pupil = app.test_client()
    pupil.submit(
        link,
        {
            "full_name": "Amelia Clarke",
            "locale": "en",
            "password": "purple dragon kite",
            "confirm": "purple dragon kite",
        },
    )
    home = pupil.get("/", follow_redirects=True)
    assert home.request.path == "/me/"
    assert "Hello, Amelia!" in home.text


def test_change_password_on_the_account_page(login, app):
    client = login("parent@oakfield.example")
    wrong = client.submit(
        "/account/password",
        {
            "pw-current_password": "not-it-at-all",
            "pw-password": "green kettle river",
            "pw-confirm": "green kettle river",
        },
        page="/account",
    )
    assert wrong.status_code == 400 and "current password is not right" in wrong.text
    ok = client.submit(
        "/account/password",
        {
            "pw-current_password": PASSWORD,
            "pw-password": "green kettle river",
            "pw-confirm": "green kettle river",
        },
        page="/account",
    )
    assert ok.status_code == 302
    assert client.get("/families/").status_code == 200  # this device stays signed in
    assert (
        app.test_client()
        .submit("/login", {"email": "parent@oakfield.example", "password": "green kettle river"})
        .status_code
        == 302
    )
