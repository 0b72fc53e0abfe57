"""What an attacker found (issue 9), each as it was tried: the portal now holds."""

import io
import logging
import re
import traceback
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    EmailMessage,
    Invitation,
    Membership,
    Pupil,
    Role,
    User,
    utcnow,
)

SENCO = "senco@oakfield.example"
PASSWORD = "demo-pass-2026"
HUGE = "9" * 23


# -- 1. Links in emails, and the Host header ----------------------------------------------


def _post_as_host(client, url: str, data: dict, host: str):
    """Open the form and send it with the same Host header, as a browser sent there would."""
    page = client.get(url, headers={"Host": host})
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    token = match.group(1) if match else ""
    return client.post(url, data={**data, "csrf_token": token}, headers={"Host": host})


def test_a_forged_host_is_refused_and_no_reset_link_is_sent(client, demo, mailbox):
    response = _post_as_host(client, "/password/forgotten", {"email": SENCO}, "evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.text
    assert mailbox.messages == []


def test_a_forged_forwarded_host_behind_a_proxy_is_refused(app, demo, mailbox):
    from werkzeug.middleware.proxy_fix import ProxyFix

    original = app.wsgi_app
    app.wsgi_app = ProxyFix(original, x_for=1, x_proto=1, x_host=1)
    try:
        client = app.test_client()
        token = client.csrf_token("/password/forgotten")
        response = client.post(
            "/password/forgotten",
            data={"email": SENCO, "csrf_token": token},
            headers={"X-Forwarded-Host": "evil.example"},
        )
    finally:
        app.wsgi_app = original
    assert response.status_code == 400
    assert mailbox.messages == []


def test_the_public_out_of_date_form_refuses_a_forged_host(app, client, demo, mailbox):
    from portal.models import Service

    with app.app_context():
        sid = db.session.scalars(sa.select(Service.id).where(Service.name.like("Portage%"))).first()
    url = f"/schools/oakfield/local-offer/services/{sid}/out-of-date"
    response = _post_as_host(client, url, {"note": "Closed now"}, "evil.example")
    assert response.status_code == 400
    assert mailbox.messages == []


def test_links_in_emails_use_public_url_whatever_host_the_request_named(app, demo, mailbox):
    app.config["PUBLIC_URL"] = "https://send.example-trust.org.uk"
    app.config["TRUSTED_HOSTS"] = ["send.example-trust.org.uk", "localhost", "portal.internal"]
    try:
        client = app.test_client()
        sent = _post_as_host(client, "/password/forgotten", {"email": SENCO}, "portal.internal")
        assert sent.status_code == 200
    finally:
        app.config["PUBLIC_URL"] = "http://localhost"
        app.config["TRUSTED_HOSTS"] = ["localhost"]
    [message] = mailbox.to(SENCO)
    assert "https://send.example-trust.org.uk/password/reset/" in mailbox.body(message)
    assert "portal.internal" not in mailbox.body(message)


def test_without_public_url_no_link_is_made_from_the_request(app):
    from portal.mail import external_url

    app.config["PUBLIC_URL"] = ""
    try:
        with (
            app.test_request_context("/", headers={"Host": "localhost"}),
            pytest.raises(RuntimeError, match="PUBLIC_URL is not set"),
        ):
            external_url("auth.login")
    finally:
        app.config["PUBLIC_URL"] = "http://localhost"


def test_public_url_is_required_outside_the_demo(monkeypatch):
    from portal.config import ConfigError, from_environment

    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.delenv("PORTAL_DEMO", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    with pytest.raises(ConfigError, match="PUBLIC_URL is not set"):
        from_environment()
    monkeypatch.setenv("PUBLIC_URL", "send.example-trust.org.uk")
    with pytest.raises(ConfigError, match="PUBLIC_URL must be a web address"):
        from_environment()
    monkeypatch.setenv("PUBLIC_URL", "https://send.example-trust.org.uk/")
    monkeypatch.setenv("TRUSTED_HOSTS", "10.0.0.5")
    config = from_environment()
    assert config["PUBLIC_URL"] == "https://send.example-trust.org.uk"
    from portal.config import trusted_hosts

    assert trusted_hosts(config) == ["10.0.0.5", "send.example-trust.org.uk"]


# -- 2. The installation's administrator holds no school role ---------------------------


def test_the_installation_admin_cannot_invite_itself_as_senco(app, login, mailbox):
    admin = login("admin@portal.example")
    with app.app_context():
        school_id = db.session.scalar(sa.select(Pupil.school_id).limit(1))
    response = admin.submit(
        f"/admin/schools/{school_id}/senco",
        {"senco-full_name": "Portal Administrator", "senco-email": "Admin@Portal.example"},
        page=f"/admin/schools/{school_id}",
    )
    assert response.status_code == 400
    assert "cannot also be a SENCO" in response.text
    assert mailbox.messages == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_a_senco_cannot_invite_the_installation_admin_either(login, mailbox):
    senco = login(SENCO)
    response = senco.submit(
        "/senco/staff",
        {"full_name": "Portal Administrator", "email": "admin@portal.example", "role": "senco"},
    )
    assert response.status_code == 400
    assert mailbox.messages == []


def test_an_invitation_to_the_admins_address_cannot_be_accepted(app, login, demo):
    from portal.auth.tokens import new_token

    token, hashed = new_token()
    with app.app_context():
        admin = db.session.scalars(
            sa.select(User).where(User.email == "admin@portal.example")
        ).one()
        school_id = db.session.scalar(sa.select(Pupil.school_id).limit(1))
        db.session.add(
            Invitation(
                school_id=school_id,
                email=admin.email,
                full_name="x",
                role=Role.SENCO,
                token_hash=hashed,
                expires_at=utcnow() + timedelta(days=1),
            )
        )
        db.session.commit()
    client = login("admin@portal.example")
    assert client.get(f"/invitations/{token}").status_code == 410
    assert client.submit(f"/invitations/{token}", {}, page="/account").status_code == 410
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Membership.id)).where(Membership.user_id == admin.id)
            )
            == 0
        )


def test_even_a_membership_gives_the_admin_no_pupil_records(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        admin = db.session.scalars(
            sa.select(User).where(User.email == "admin@portal.example")
        ).one()
        db.session.add(Membership(user=admin, school_id=amelia.school_id, role=Role.SENCO))
        db.session.commit()
    client = login("admin@portal.example")
    assert client.get("/senco/").status_code == 403
    assert client.get(f"/staff/pupils/{amelia.id}").status_code in (403, 404)
    assert client.get("/", follow_redirects=True).request.path == "/admin/schools"


# -- 9. Smaller findings -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/senco/?page={HUGE}",
        f"/senco/audit?page={HUGE}",
        f"/senco/register?page={HUGE}",
        f"/local-offer/manage?page={HUGE}",
        f"/senco/pupils/{HUGE}/edit",
    ],
)
def test_a_huge_page_number_is_not_an_error(login, url):
    response = login(SENCO).get(url)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize(
    ("family_name", "plain"),
    [("Łukasiewicz", "plan-lukasiewicz-amelia-"), ('O"Brien', "plan-o-brien-amelia-")],
)
def test_a_pdf_downloads_whatever_the_pupils_name(app, login, demo, family_name, plain):
    from urllib.parse import quote

    from plans_helpers import plan_of

    from portal.models import PlanStatus

    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        db.session.get(Pupil, amelia.id).family_name = family_name
        db.session.commit()
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    response = login("parent@oakfield.example").get(
        f"/families/children/{amelia.id}/plans/{plan.id}/plan.pdf"
    )
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    assert header.startswith(f'attachment; filename="{plain}')
    assert header.isascii() and header.count('"') == 2
    assert f"filename*=UTF-8''{quote(f'plan-{family_name.lower()}-amelia-', safe='')}" in header


def test_deeply_nested_json_is_explained_not_an_error(login):
    client = login(SENCO)
    deep = b"[" * 100_000 + b"]" * 100_000
    data = {"feed_file": (io.BytesIO(deep), "feed.json")}
    response = client.submit("/local-offer/manage/import", data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "nested too deeply" in response.text


def test_a_request_too_big_gets_a_friendly_page(app, login):
    client = login(SENCO)
    big = b"note=" + b"a" * app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/local-offer/manage/import", data=big, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "That file is too big" in response.text
    assert "25 MB at most" in response.text


def test_reset_requests_are_limited_and_a_new_link_ends_the_old_ones(app, client, demo, mailbox):
    for _ in range(5):
        response = client.submit("/password/forgotten", {"email": "parent@oakfield.example"})
        assert response.status_code == 200 and "Check your email" in response.text
    messages = mailbox.to("parent@oakfield.example")
    assert len(messages) == app.config["PASSWORD_RESETS_PER_HOUR"]
    links = [mailbox.link(m, "/password/reset/") for m in messages]
    assert [client.get(link).status_code for link in links] == [410, 410, 200]


def test_the_person_is_told_by_email_when_their_password_changes(login, mailbox):
    client = login("parent@oakfield.example")
    client.submit(
        "/account/password",
        {
            "pw-current_password": PASSWORD,
            "pw-password": "green kettle river",
            "pw-confirm": "green kettle river",
        },
        page="/account",
    )
    [message] = mailbox.to("parent@oakfield.example")
    assert "Your password was changed" in message["Subject"]
    body = mailbox.body(message)
    assert "green kettle river" not in body
    assert "/password/forgotten" in body


def test_seed_demo_refuses_outside_the_demo(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "This is not the demo" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    result = runner.invoke(args=["seed-demo", "--allow-production"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) > 0


def test_the_csrf_page_never_links_to_the_referer(client, demo):
    response = client.post(
        "/password/forgotten",
        data={"email": SENCO},
        headers={"Referer": "https://evil.example/phish"},
    )
    assert response.status_code == 400
    assert "evil.example" not in response.text
    assert 'href="/password/forgotten"' in response.text


def test_an_email_not_sent_is_logged_without_its_words_or_address(app, client, demo, caplog):
    assert not app.config.get("MAIL_SERVER")
    with caplog.at_level(logging.INFO, logger="portal.mail"):
        client.submit("/password/forgotten", {"email": SENCO})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "was not sent: MAIL_SERVER is not set" in logged
    assert "/password/reset/" not in logged and SENCO not in logged and "Priya" not in logged
    with app.app_context():
        email = db.session.scalars(sa.select(EmailMessage)).one()
        assert email.sent_at is None


def test_failed_sql_is_logged_without_its_parameters(app, demo):
    with app.app_context():
        db.session.add(User(email=SENCO, full_name="Priya Duplicate"))
        with pytest.raises(sa.exc.IntegrityError) as error:
            db.session.commit()
        db.session.rollback()
    logged = "".join(traceback.format_exception(error.value))  # what a log would print
    assert "Priya Duplicate" not in logged
    assert SENCO not in logged


def test_security_txt_says_where_to_report_a_problem(app, client):
    app.config["SECURITY_CONTACT"] = "security@trust.example"
    try:
        response = client.get("/.well-known/security.txt")
    finally:
        app.config["SECURITY_CONTACT"] = ""
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    fields = dict(line.split(": ", 1) for line in response.text.splitlines())
    assert fields["Contact"] == "mailto:security@trust.example"
    assert fields["Canonical"] == "http://localhost/.well-known/security.txt"
    from datetime import datetime

    expires = datetime.fromisoformat(fields["Expires"].removesuffix("Z"))
    assert utcnow() < expires < utcnow() + timedelta(days=366)
    assert client.get("/.well-known/security.txt").status_code == 404  # no contact: no file
