"""Headers, cookies, CSRF and caching that protect families' data."""

import re


def test_security_headers_on_every_page(client, demo):
    for url in ("/", "/login", "/help/words", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(login):
    client = login("senco@oakfield.example")
    for url in ("/senco/", "/senco/staff", "/account", "/login"):
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url
        assert " onclick=" not in html and "hx-on" not in html, url


def test_post_without_csrf_token_is_refused(client, demo):
    response = client.post(
        "/login", data={"email": "parent@oakfield.example", "password": "demo-pass-2026"}
    )
    assert response.status_code == 400
    assert "This page was open too long" in response.text
    assert client.get("/families/").status_code == 302  # not signed in


def test_every_form_takes_its_csrf_field_from_the_one_macro():
    """templates/macros/forms.html csrf_field writes the hidden field (a form's own, with its
    prefix and no id; or the session's token): no template writes one of its own."""
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "portal" / "templates"
    own = re.compile(r'name="csrf_token"|\.csrf_token\(|\{\{ *\w+\.csrf_token *\}\}')
    wrong = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if path.name != "forms.html" and own.search(path.read_text())
    ]
    assert not wrong, wrong


def test_a_page_with_several_forms_names_each_csrf_field_once(login):
    """The account page holds the language and the password forms: each carries the token,
    and no id repeats (the HTML checker refuses a page that does)."""
    html = login("senco@oakfield.example").get("/account").text
    assert html.count('name="csrf_token"') >= 3  # sign out, language, password
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_htmx_requests_carry_the_token_in_a_header(login):
    client = login("senco@oakfield.example")
    page = client.get("/senco/").text
    header = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page)
    assert header
    token = header.group(1)
    refused = client.post(
        "/language", data={"locale": "pl", "next": "/senco/"}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 400
    accepted = client.post(
        "/language",
        data={"locale": "pl", "next": "/senco/"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert accepted.status_code == 302


def test_session_cookie_is_http_only_and_same_site(client, demo):
    response = client.submit(
        "/login", {"email": "parent@oakfield.example", "password": "demo-pass-2026"}
    )
    cookie = next(
        v
        for k, v in response.headers.items()
        if k == "Set-Cookie" and v.startswith("portal_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookies_outside_the_demo(monkeypatch):
    from portal.config import from_environment

    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("PUBLIC_URL", "https://send.example-trust.org.uk")
    monkeypatch.delenv("PORTAL_DEMO", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    assert from_environment()["SESSION_COOKIE_SECURE"] is True


def test_no_secret_key_is_a_clear_error(monkeypatch):
    import pytest

    from portal.config import ConfigError, from_environment

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_DEMO", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        from_environment()


def test_signed_in_pages_are_not_cached(login):
    client = login("parent@oakfield.example")
    assert client.get("/families/").headers["Cache-Control"] == "no-store"


def test_static_files_are_fingerprinted_and_cached_for_a_year(client, demo):
    page = client.get("/login").text
    css = re.search(r'href="(/assets/css/portal\.[0-9a-f]{10}\.css)"', page).group(1)
    with client.get(css) as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]
        year = response.headers["Cache-Control"]
    with client.get("/assets/css/portal.0000000000.css") as stale:
        assert stale.status_code == 200 and stale.headers["Cache-Control"] != year
    assert client.get("/assets/../portal/__init__.py").status_code == 404


def test_brand_colour_stylesheet_cannot_be_injected(login, demo, app):
    from portal.extensions import db
    from portal.models import School

    with app.app_context():
        school = db.session.get(School, demo.school("oakfield").id)
        school.brand_colour = "#}*{a:b"  # fits the column, is not a colour
        db.session.commit()
    css = login("senco@oakfield.example").get("/schools/oakfield/brand.css").text
    assert "*{" not in css and "#1d4f91" in css


def test_server_errors_show_the_translated_error_page():
    from portal import create_app
    from portal.config import for_tests

    app = create_app({**for_tests("sqlite://"), "TESTING": False})

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom-for-test", headers={"Accept-Language": "pl"})
    assert response.status_code == 500
    assert 'lang="pl"' in response.text
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("pl"):
        polish = gettext("Try again later. Nothing you saved has been lost.")
    assert polish != "Try again later. Nothing you saved has been lost."
    assert polish in response.text


def test_a_served_app_keeps_the_garbage_collector_off_its_own_objects():
    """A worker's own objects (modules, mappers, templates) are frozen once it has started,
    and young collections come after 10,000 new objects: a page of many rows no longer
    walks them all (portal.collect_garbage_less). The test suite's apps leave Python be."""
    import gc

    from portal import YOUNG_OBJECTS, create_app
    from portal.config import for_tests

    threshold = gc.get_threshold()
    try:
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)
        create_app(for_tests("sqlite://"))
        assert gc.get_freeze_count() == 0 and gc.get_threshold()[0] == 700
        create_app({**for_tests("sqlite://"), "TESTING": False})
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold() == (YOUNG_OBJECTS, 10, 10)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_behind_a_proxy_the_forwarded_address_is_used():
    from portal import create_app
    from portal.config import for_tests

    app = create_app({**for_tests("sqlite://"), "PROXY_COUNT": 1})

    @app.get("/whoami-for-test")
    def whoami():
        from flask import request

        return request.remote_addr

    client = app.test_client()
    response = client.get(
        "/whoami-for-test",
        headers={"X-Forwarded-For": "203.0.113.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert response.text == "203.0.113.7"
