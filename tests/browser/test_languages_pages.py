"""The language pages in a real Chromium, with axe-core (WCAG 2.2 AA) at phone and desktop
widths: the list of languages, the words page and the "wrong or unclear phrase" form in
scripts that run both ways, and the SENCO's page for typing in a translation (reached
from the inbox only when a family has asked, so the crawl does not always find it)."""

import pytest
import sqlalchemy as sa
from test_local_offer_a11y import _page, _violations  # noqa: E402  (tests/browser is on the path)

from portal.extensions import db
from portal.languages import services
from portal.models import MeetingRecord, Pupil, TranslatedKind, TranslationRequest, User

pytestmark = pytest.mark.browser

PAGES = [
    (None, "/language?next=/login", "en"),
    (None, "/language?next=/login", "ar"),
    (None, "/language?next=/login", "bn"),
    (None, "/help/words", "ur"),
    (None, "/help/words", "ar"),
    (None, "/help/words", "pa"),
    (None, "/help/translation?page=/login", "en"),
    (None, "/help/translation?page=/help/words&school=oakfield", "ar"),
    (None, "/help/translation?page=/help/words&school=oakfield", "so"),
    ("senco@oakfield.example", "/senco/translation-requests/{request}", "en"),
    # The school's words in the family's language: bank phrases, typed translations, the
    # "ask" buttons, the report's sections.
    ("ami@oakfield.example", "/families/children/{yusuf}/plan", "ur"),
    ("rodzic@oakfield.example", "/families/children/{zofia}/meetings/{zofia_meeting}/record", "pl"),
    ("senco@oakfield.example", "/local-offer/report/translations", "en"),
    ("senco@oakfield.example", "/local-offer/report/translations/ar", "en"),
    (None, "/schools/oakfield/sen-information-report", "pl"),
]
FORMS_WITH_ERRORS = [
    (None, "/help/translation?page=/login", "en"),
    (None, "/help/translation?page=/login", "ur"),
    ("senco@oakfield.example", "/senco/translation-requests/{request}", "en"),
    ("senco@oakfield.example", "/local-offer/report/translations/ar", "en"),
]


@pytest.fixture
def request_id(live_server):
    """Nadia Rahman asks for Yusuf's last meeting record in Urdu; taken away afterwards."""
    with live_server.app.app_context():
        nadia = db.session.scalar(sa.select(User).where(User.email == "ami@oakfield.example"))
        yusuf = db.session.scalar(sa.select(Pupil).where(Pupil.given_name == "Yusuf"))
        record = db.session.scalar(
            sa.select(MeetingRecord).where(MeetingRecord.pupil_id == yusuf.id).limit(1)
        )
        asked = services.ask_for_translation(
            TranslatedKind.MEETING_RECORD, record.id, yusuf, "ur", nadia
        )
        made = asked.id
    yield made
    with live_server.app.app_context():
        db.session.execute(sa.delete(TranslationRequest).where(TranslationRequest.id == made))
        db.session.commit()


def _ids(live_server, request_id) -> dict:
    with live_server.app.app_context():
        yusuf = db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == "Yusuf"))
        zofia = db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == "Zofia"))
        meeting = db.session.scalar(
            sa.select(MeetingRecord.meeting_id).where(
                MeetingRecord.pupil_id == zofia, MeetingRecord.shared_at.is_not(None)
            )
        )
    return {"request": request_id, "yusuf": yusuf, "zofia": zofia, "zofia_meeting": meeting}


@pytest.mark.parametrize("width", [375, 1280])
def test_language_pages_have_no_axe_violations(browser, live_server, request_id, width):
    server = live_server.origin
    problems = {}
    visits = [(who, path, lang, False) for who, path, lang in PAGES]
    visits += [(who, path, lang, True) for who, path, lang in FORMS_WITH_ERRORS]
    groups: dict[tuple, list] = {}
    for who, path, lang, submit in visits:
        groups.setdefault((who, lang), []).append(
            (path.format(**_ids(live_server, request_id)), submit)
        )
    for (who, lang), pages in groups.items():
        context, page = _page(browser, server, who, lang, width)
        for url, submit in pages:
            response = page.goto(server + url)
            assert response.status == 200, url
            if submit:
                page.click("main form[method=post] button[type=submit] >> nth=-1")
                page.wait_for_selector(".error-summary")
            found = _violations(page)
            if found:
                problems[f"{url} ({lang}{', with errors' if submit else ''})"] = found
        context.close()
    assert problems == {}


def test_the_language_list_fits_a_phone_and_works_without_javascript(browser, live_server):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 812}, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.origin + "/help/words")
    with page.expect_navigation():  # without waiting, the next line can meet no document
        page.click("a.language")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing sideways
    choices = page.locator(".language-list__choice")
    assert choices.count() >= 3
    for n in range(choices.count()):
        box = choices.nth(n).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    with page.expect_navigation():
        page.click(".language-list__choice[value=ar]")
    assert page.url.endswith("/help/words")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    context.close()
