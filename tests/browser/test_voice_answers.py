"""Answers by voice, pictures, symbol cards and the talking-mat board in a real Chromium.

Recording uses Chromium's fake microphone (--use-fake-device-for-media-stream plays a beep;
--use-fake-ui-for-media-stream says yes to the permission prompt). The page is a test-only
route (tests/voice/testapp.py) registered on this module's own live server, never in the
portal. Also: the board by keyboard, by a switch (Tab and Enter), by dragging and without
JavaScript; axe at 375 and 1280 px, in English and Urdu; the safeguarding lead's pages.
"""

import re
import shutil
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from browsing import CHROMIUM, VENDOR, WEIGHT_KEY, launch_chromium, run_vnu
from werkzeug.serving import WSGIRequestHandler, make_server

from portal.extensions import db
from portal.models import AlertSource, Pupil, User
from tests.voice.testapp import make_app

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "data" / "recordings"
SHOTS = Path(__file__).resolve().parent / "screenshots"
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not Path(CHROMIUM).exists() or not (VENDOR / "axe.min.js").exists():
        pytest.fail(
            "Chromium and tests/browser/vendor/axe.min.js are needed: run "
            "tests/browser/fetch-tools.sh"
        )
    folder = tmp_path_factory.mktemp("voice-browser")
    app = make_app(
        f"sqlite:///{folder / 'portal.db'}",
        FILE_STORAGE_PATH=str(folder / "files"),
        WTF_CSRF_SSL_STRICT=False,
        # The portal answers only its PUBLIC_URL's host: here 127.0.0.1 (port known below).
        PUBLIC_URL="http://127.0.0.1",
    )
    with app.app_context():
        db.create_all()
        from portal.demo import seed

        seed()
        ids = {p.given_name: p.id for p in db.session.scalars(sa.select(Pupil))}
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = origin
    yield app, origin, ids
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def chromium(playwright):
    browser, home = launch_chromium(playwright, "voice", tuple(MEDIA_ARGS))
    yield browser
    browser.close()
    shutil.rmtree(home, ignore_errors=True)


def signed_in(chromium, base, email, **options):
    context = chromium.new_context(**{**PHONE, **options})
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", "demo-pass-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


def check(page, name):
    """axe finds nothing, nothing is wider than the screen, targets are big enough."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"voice-{name}.png"), full_page=True)
    page.evaluate((VENDOR / "axe.min.js").read_text())
    result = page.evaluate("t => axe.run(document, {runOnly: {type: 'tag', values: t}})", WCAG)
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert not violations, (name, violations)
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    small = page.evaluate(
        """() => [...document.querySelectorAll('main button, main .card-choice__label, main a.button, main input[type=file]')]
              .filter(e => e.offsetParent !== null)
              .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
              .filter(([t, r]) => r.height < 44 || r.width < 44)"""
    )
    assert not small, (name, small)


def kept(page):
    return {
        el.get_attribute("data-kept"): {
            "type": el.get_attribute("data-type"),
            "size": int(el.get_attribute("data-size")),
            "duration": int(el.get_attribute("data-duration") or 0),
        }
        for el in page.query_selector_all("[data-kept]")
    }


# -- Recording -------------------------------------------------------------------------------


def test_recording_an_answer_playing_it_back_and_sending_it(site, chromium):
    app, base, ids = site
    context, page = signed_in(chromium, base, "tyler@riverside.example")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    record = page.get_by_role("button", name="Record my answer")
    assert record.is_visible()
    assert page.text_content("[data-file-label]").strip() == "Or choose a sound file"
    check(page, "recorder-ready")

    record.click()
    page.wait_for_selector("[data-state=recording]")
    assert page.is_visible("[data-stop]") and page.is_visible("[data-time]")
    assert "Recording." in page.text_content("[data-status]")
    page.wait_for_function("() => document.querySelector('[data-remaining]').textContent <= '1:57'")
    countdown = page.text_content("[data-remaining]")
    assert re.fullmatch(r"1:5\d", countdown), countdown
    page.screenshot(path=str(SHOTS / "voice-recorder-recording.png"))
    page.click("[data-stop]")

    page.wait_for_selector("[data-state=done]")
    assert page.is_visible("[data-playback]") and page.is_visible("[data-again]")
    assert page.evaluate("document.activeElement.matches('[data-playback]')")
    # The recording plays back before it is sent (a blob: address the page may play).
    page.wait_for_function("() => document.querySelector('[data-playback]').readyState >= 1")
    chosen = page.evaluate(
        "() => { const f = document.querySelector('#recording').files[0]; return [f.name, f.type, f.size]; }"
    )
    assert chosen[0] == "recording.webm" and chosen[1] == "audio/webm" and chosen[2] > 3000
    check(page, "recorder-done")

    page.click("form button[type=submit]:has-text('Send')")
    page.wait_for_selector("[data-result]")
    result = kept(page)["recording"]
    assert result["type"] == "audio/webm" and result["size"] == chosen[2]
    assert 3000 <= result["duration"] <= 8000, result
    # What was sent plays from the portal, through the access rule.
    src = page.get_attribute(".recorder__current audio", "src")
    served = page.request.get(base + src)
    assert served.status == 200 and len(served.body()) == chosen[2]
    assert not [p for p in problems if "Content Security Policy" in p], problems
    context.close()


def test_the_recorder_stops_itself_at_the_limit_and_can_record_again(site, chromium):
    app, base, ids = site
    context, page = signed_in(chromium, base, "tyler@riverside.example")
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    page.evaluate("document.querySelector('[data-recorder]').dataset.maxSeconds = '3'")
    page.click("[data-record]")
    page.wait_for_selector("[data-state=done]", timeout=10_000)  # nobody pressed Stop
    first = page.evaluate("document.querySelector('#recording').files[0].size")
    page.click("[data-again]")
    page.wait_for_selector("[data-state=recording]")
    assert page.evaluate("document.querySelector('#recording').files.length") == 0
    page.wait_for_selector("[data-state=done]", timeout=10_000)
    assert page.evaluate("document.querySelector('#recording').files[0].size") > first // 2
    context.close()


def test_without_the_microphone_the_file_input_is_the_way(site, chromium):
    app, base, ids = site
    context, page = signed_in(chromium, base, "tyler@riverside.example")
    context.add_init_script(
        "navigator.mediaDevices.getUserMedia = () => Promise.reject("
        "new DOMException('Permission denied', 'NotAllowedError'));"
    )
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    page.click("[data-record]")
    page.wait_for_function("() => document.querySelector('[data-recorder-live]').hidden")
    assert "The microphone did not work" in page.text_content("[data-status]")
    assert page.evaluate("document.activeElement.id") == "recording"
    assert page.text_content("[data-file-label]").strip() == "Choose a sound file"
    page.set_input_files("#recording", str(DATA / "chromium-2s.m4a"))
    assert "ready to send" in page.text_content("[data-status]")
    page.click("form button[type=submit]:has-text('Send')")
    page.wait_for_selector("[data-result]")
    assert kept(page)["recording"]["type"] == "audio/mp4"
    context.close()


def test_without_javascript_a_sound_file_and_a_picture_are_sent(site, chromium, tmp_path):
    app, base, ids = site
    context, page = signed_in(chromium, base, "teacher@oakfield.example", java_script_enabled=False)
    page.goto(f"{base}/test-voice/{ids['Amelia']}")
    assert page.is_hidden("[data-record]")
    assert page.is_visible("#recording") and page.is_visible("#picture")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "voice-no-js.png"), full_page=True)
    from tests.voice.media import jpeg_with_gps

    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(jpeg_with_gps(size=(1200, 900)))
    page.set_input_files("#recording", str(DATA / "chromium-2s.webm"))
    page.set_input_files("#picture", str(photo))
    page.click("#helps-cards-ear_defenders")  # the card: its checkbox covers it
    page.click("#feel-maths-not_sure")
    page.click("form button[type=submit]:has-text('Send')")
    page.wait_for_selector("[data-result]")
    result = kept(page)
    assert result["recording"]["type"] == "audio/webm"
    assert result["picture"]["type"] == "image/jpeg"
    assert page.is_visible("[data-card=ear_defenders]")
    assert page.is_visible("[data-board-value='maths=not_sure']")
    # The picture shown back is the cleaned copy, turned upright (900 x 1200).
    import io

    from PIL import Image

    served = page.request.get(base + page.get_attribute(".picture__image", "src"))
    assert Image.open(io.BytesIO(served.body())).size == (900, 1200)
    context.close()


def test_a_refused_file_says_why_and_keeps_the_rest(site, chromium, tmp_path):
    app, base, ids = site
    context, page = signed_in(chromium, base, "tyler@riverside.example")
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    fake = tmp_path / "answer.webm"
    fake.write_bytes(b"this is not a recording at all")
    page.set_input_files("#recording", str(fake))
    page.click("#helps-cards-more_time")
    page.click("form button[type=submit]:has-text('Send')")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.matches('.error-summary')")
    assert "This file is not a recording we can use." in page.text_content(".error-summary")
    assert page.is_checked("#helps-cards-more_time")
    check(page, "refused")
    context.close()


# -- The talking-mat board -------------------------------------------------------------------


def board_value(page, topic):
    return page.evaluate(
        "t => (document.querySelector(`input[name='feel-${t}']:checked`) || {}).value || ''",
        topic,
    )


def column_of(page, topic):
    return page.evaluate(
        "t => document.querySelector(`.board__card[data-topic='${t}']`).closest('ul').dataset.column",
        topic,
    )


def status(page):
    page.wait_for_timeout(120)  # the live region is cleared, then filled
    return page.text_content("[data-board-status]")


def test_the_board_by_keyboard(site, chromium):
    app, base, ids = site
    context, page = signed_in(
        chromium, base, "tyler@riverside.example", **DESKTOP, is_mobile=False, has_touch=False
    )
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    assert page.is_hidden("[data-board-fallback]") and page.is_visible("[data-board-live]")
    assert page.locator(".board__pile .board__card").count() == 12
    check(page, "board-desktop")

    page.focus(".board__card[data-topic=reading]")
    page.keyboard.press("Enter")
    assert page.get_attribute(".board__card[data-topic=reading]", "aria-pressed") == "true"
    assert status(page) == "Reading: picked up. Now choose where it goes."
    page.keyboard.press("ArrowRight")
    assert column_of(page, "reading") == "good" and board_value(page, "reading") == "good"
    assert status(page) == "Reading: Good."
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert board_value(page, "reading") == "not_good"
    page.keyboard.press("ArrowRight")  # no further to go
    assert board_value(page, "reading") == "not_good"
    assert page.evaluate("document.activeElement.dataset.topic") == "reading"
    page.keyboard.press("ArrowLeft")
    assert board_value(page, "reading") == "not_sure" and status(page) == "Reading: Not sure."
    context.close()


def test_the_board_with_a_switch_tab_and_enter_only(site, chromium):
    app, base, ids = site
    context, page = signed_in(chromium, base, "tyler@riverside.example")
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    page.focus(".board__card[data-topic=maths]")
    page.keyboard.press("Enter")  # pick it up
    # Tab on to the "Not good" column's button, as a switch steps through the page.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.put") == "not_good":
            break
    page.keyboard.press("Enter")
    assert board_value(page, "maths") == "not_good"
    assert status(page) == "Maths: Not good."
    # Focus moves to the next card still to sort, so the next press carries on.
    assert page.evaluate("document.activeElement.dataset.topic") == "reading"
    page.click("[data-put=good]")  # nothing picked up yet
    assert status(page) == "Pick a card first."
    check(page, "board-phone")
    page.click("form button[type=submit]:has-text('Send')")
    page.wait_for_selector("[data-result]")
    assert page.is_visible("[data-board-value='maths=not_good']")
    assert column_of(page, "maths") == "not_good"  # the board comes back as it was sent
    context.close()


def test_the_board_by_dragging(site, chromium):
    app, base, ids = site
    context, page = signed_in(
        chromium, base, "tyler@riverside.example", **DESKTOP, is_mobile=False, has_touch=False
    )
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    page.drag_and_drop(".board__card[data-topic=music]", ".board__column--good")
    assert column_of(page, "music") == "good" and board_value(page, "music") == "good"
    assert status(page) == "Music: Good."
    page.drag_and_drop(".board__card[data-topic=music]", ".board__pile")
    assert column_of(page, "music") == "" and board_value(page, "music") == ""
    assert status(page) == "Music: not sorted yet."
    context.close()


def test_the_board_in_urdu_is_right_to_left_and_its_arrows_too(site, chromium):
    app, base, ids = site
    context, page = signed_in(
        chromium, base, "ami@oakfield.example", **DESKTOP, is_mobile=False, has_touch=False
    )
    page.goto(f"{base}/test-voice/{ids['Yusuf']}")
    assert page.get_attribute("html", "dir") == "rtl"
    page.focus(".board__card[data-topic=reading]")
    page.keyboard.press("ArrowLeft")  # "onwards" in a right-to-left page
    assert board_value(page, "reading") == "good"
    page.keyboard.press("ArrowRight")
    assert board_value(page, "reading") == ""
    check(page, "board-urdu")
    context.close()


def test_the_board_without_javascript_is_three_choices_per_card(site, chromium):
    app, base, ids = site
    context, page = signed_in(chromium, base, "tyler@riverside.example", java_script_enabled=False)
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    assert page.is_hidden("[data-board-live]") and page.is_visible("[data-board-fallback]")
    # Keyboard only: Tab into the group, arrows choose within it.
    page.focus("#feel-art-good")
    page.keyboard.press("ArrowRight")
    assert page.is_checked("#feel-art-not_sure")
    page.click("#feel-pe-good")
    page.click("form button[type=submit]:has-text('Send')")
    page.wait_for_selector("[data-result]")
    assert page.is_visible("[data-board-value='art=not_sure']")
    assert page.is_visible("[data-board-value='pe=good']")
    context.close()


# -- Weight ----------------------------------------------------------------------------------


def test_a_page_with_a_card_bank_stays_light(site, chromium, request):
    """What a phone downloads for a page with one bank of answer cards, first visit."""
    app, base, ids = site
    signed, _ = signed_in(chromium, base, "tyler@riverside.example")
    # A new context with the same sign-in and an empty cache: a first visit.
    context = chromium.new_context(**PHONE, storage_state=signed.storage_state())
    signed.close()
    page = context.new_page()
    sizes = {}

    def remember(response):
        if response.request.method == "GET" and response.status == 200:
            # What came over the wire: gzipped where the portal gzips it.
            sizes[response.url] = max(0, response.request.sizes()["responseBodySize"])

    page.on("response", remember)
    page.goto(f"{base}/test-voice/{ids['Tyler']}?parts=cards")
    page.wait_for_load_state("networkidle")
    html = next(v for k, v in sizes.items() if "/test-voice/" in k)
    symbols = sum(v for k, v in sizes.items() if "/img/symbols/sym-" in k)
    scripts = [k for k in sizes if k.endswith(".js")]
    total = sum(sizes.values())
    lines = [
        f"card bank page (12 cards), gzip: HTML {html / 1024:.1f} KB, symbols "
        f"{symbols / 1024:.1f} KB, everything {total / 1024:.1f} KB in {len(sizes)} files",
    ]
    assert not any("recorder.js" in s or "board.js" in s for s in scripts), scripts
    assert html <= 12 * 1024 and symbols <= 16 * 1024 and total <= 60 * 1024
    sizes.clear()
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    page.wait_for_load_state("networkidle")
    full_html = next(v for k, v in sizes.items() if "/test-voice/" in k)
    lines.append(
        f"cards + recorder + picture + board page, gzip, with a warm cache: "
        f"HTML {full_html / 1024:.1f} KB, new files {sum(sizes.values()) / 1024:.1f} KB"
    )
    assert full_html <= 12 * 1024
    request.config.stash.setdefault(WEIGHT_KEY, []).extend(lines)
    print("\n".join(lines))
    context.close()


def test_who_a_pupil_can_talk_to_now(site, chromium):
    app, base, ids = site
    context, page = signed_in(chromium, base, "tyler@riverside.example")
    page.goto(f"{base}/test-voice/{ids['Tyler']}?parts=talk")
    assert page.is_visible("a[href='tel:08001111']")
    assert "David Okafor" in page.text_content(".talk-now")
    check(page, "talk-now")
    context.close()


# -- The safeguarding lead's pages -----------------------------------------------------------


def test_the_leads_alert_pages(site, chromium):
    app, base, ids = site
    from portal.safeguarding.services import raise_safety_alert

    with app.test_request_context():
        amelia = db.session.get(Pupil, ids["Amelia"])
        tom = db.session.scalars(
            sa.select(User).where(User.email == "teacher@oakfield.example")
        ).one()
        alert = raise_safety_alert(amelia, AlertSource.FEELING_UNSAFE, source_id=1, raised_by=tom)
        alert_id = alert.id
    context, page = signed_in(chromium, base, "head@oakfield.example")
    page.click("nav >> text=Safety alerts")
    page.wait_for_url("**/safeguarding/alerts")
    check(page, "alerts")
    page.click(f"a[href='/safeguarding/alerts/{alert_id}']")
    check(page, "alert")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.matches('.error-summary')")
    check(page, "alert-error")
    page.fill("#note", "Spoke with Amelia; her mum is coming in tomorrow.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/safeguarding/alerts")
    assert "Dealt with" in page.text_content("main")
    context.close()


def test_the_pages_are_valid_html(site, chromium, tmp_path):
    """The macros' HTML as the server sends it, and as board.js and recorder.js leave it."""
    app, base, ids = site
    from portal.safeguarding.services import raise_safety_alert

    with app.test_request_context():
        amelia = db.session.get(Pupil, ids["Amelia"])
        alert_id = raise_safety_alert(amelia, AlertSource.WORRY_UNSAFE, source_id=99).id
    files = []

    def save(name, html):
        path = tmp_path / f"{name}.html"
        path.write_text(html)
        files.append(path)

    context, page = signed_in(chromium, base, "tyler@riverside.example")
    for parts in ("all", "cards", "talk"):
        response = page.goto(f"{base}/test-voice/{ids['Tyler']}?parts={parts}")
        save(f"answers-{parts}", response.text())
    page.goto(f"{base}/test-voice/{ids['Tyler']}")
    page.focus(".board__card[data-topic=maths]")
    page.keyboard.press("ArrowRight")
    save("answers-scripted", page.content())
    context.close()
    context, page = signed_in(chromium, base, "head@oakfield.example")
    for path in ("/safeguarding/alerts", f"/safeguarding/alerts/{alert_id}"):
        save(path.strip("/").replace("/", "-"), page.goto(base + path).text())
    context.close()
    messages = run_vnu(files)
    assert not messages, [
        (m.get("url", "")[-40:], m.get("message"), m.get("extract")) for m in messages
    ]
