"""The second sign-in step and sessions in a real Chromium: a parent sets up an app from the QR
code drawn on the server (under the strict Content-Security-Policy), signs in with its code
and then with a recovery code; a session is signed out from another device's account page.
Each page is checked with axe at phone width; phone screenshots are left for a person."""

import re

import pyotp
import sqlalchemy as sa
from browsing import AXE_RUN, AXE_TAGS, PASSWORD, PHONE, SCREENSHOTS, sign_in

from portal.extensions import db
from portal.models import User

EMAIL = "ami@oakfield.example"  # Nadia Rahman; put back as she was at the end


def _phone(browser):
    return browser.new_context(
        locale="en-GB", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )


def _axe(page, axe_source) -> list:
    page.evaluate(axe_source)
    return page.evaluate(AXE_RUN, AXE_TAGS)


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def _put_back(live_server) -> None:
    with live_server.app.app_context():
        from portal.auth import second_factor, sessions
        from portal.models import utcnow

        user = db.session.scalars(sa.select(User).where(User.email == EMAIL)).one()
        second_factor.disable(user)
        sessions.end_all(user, "signed_out", utcnow())
        db.session.commit()
        db.session.remove()
    live_server.set_locale(EMAIL, "ur")


def test_a_parent_sets_up_the_second_step_and_signs_in_with_it(browser, live_server, axe_source):
    live_server.set_locale(EMAIL, "en")
    context = _phone(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, EMAIL)
        page.goto(live_server.url("/account"))
        with page.expect_navigation():
            page.click("text=Set up a second step")
        assert page.url.endswith("/account/second-step")
        qr = page.locator("img.qr")
        assert qr.evaluate("img => img.complete && img.naturalWidth > 100"), (
            "the QR code did not draw: is its data: URI allowed by the CSP?"
        )
        assert qr.bounding_box()["width"] <= 375
        assert _axe(page, axe_source) == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        _shoot(page, "second-step-setup")

        secret = re.sub(r"\s", "", page.locator("code.secret").inner_text())
        page.fill("input[name=code]", "000000")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert page.locator(".error-summary").is_visible()
        assert _axe(page, axe_source) == []
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert page.url.endswith("/account/second-step/recovery-codes")
        codes = page.locator(".recovery-codes code").all_inner_texts()
        assert len(codes) == 10
        assert _axe(page, axe_source) == []
        _shoot(page, "second-step-recovery-codes")

        # Sign out, and in again: the code page comes after the password.
        page.goto(live_server.url("/"))
        with page.expect_navigation():
            page.click(".nav__signout button")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert page.url.endswith("/login/code")
        assert _axe(page, axe_source) == []
        _shoot(page, "second-step-code")
        page.fill("input[name=code]", codes[0])  # a recovery code, as if the phone were lost
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert page.url.endswith("/account/second-step")
        assert "You signed in with a recovery code. You have 9 left" in page.inner_text("main")
    finally:
        context.close()
        _put_back(live_server)


def test_a_session_is_signed_out_from_another_device(browser, live_server, axe_source):
    live_server.set_locale(EMAIL, "en")
    phone, laptop = _phone(browser), _phone(browser)
    try:
        on_phone, on_laptop = phone.new_page(), laptop.new_page()
        sign_in(on_phone, live_server, EMAIL)
        sign_in(on_laptop, live_server, EMAIL)
        on_laptop.goto(live_server.url("/account#sessions"))
        cards = on_laptop.locator("#sessions + p + ul .card")
        assert cards.count() >= 2
        assert on_laptop.get_by_text("This device", exact=True).count() == 1
        assert _axe(on_laptop, axe_source) == []
        _shoot(on_laptop, "account-sessions")
        with on_laptop.expect_navigation():
            on_laptop.locator(
                "form[action*='/account/sessions/'][action$='/end'] button"
            ).first.click()
        assert "That device has been signed out" in on_laptop.inner_text("main")

        on_phone.goto(live_server.url("/families/"))
        assert "/login" in on_phone.url, "the signed-out phone still opens the family pages"

        with on_laptop.expect_navigation():
            on_laptop.click("text=Sign out everywhere")
        assert on_laptop.url.endswith("/login")
        on_laptop.goto(live_server.url("/families/"))
        assert "/login" in on_laptop.url
    finally:
        phone.close()
        laptop.close()
        live_server.set_locale(EMAIL, "ur")
