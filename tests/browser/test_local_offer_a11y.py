"""The Local Offer's pages in a real Chromium: zero axe-core violations (WCAG 2.2 AA) at phone
and desktop widths, in English and Urdu, and the htmx search that updates in place.

`LOCAL_OFFER_PAGES` lists the feature's pages for a site-wide crawl to reuse.
"""

from pathlib import Path

import pytest
import sqlalchemy as sa
from browsing import sign_in_at

from portal.extensions import db
from portal.models import OutOfDateReport, Pupil, Service

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# (who signs in or None, path with {placeholders}, language)
LOCAL_OFFER_PAGES = [
    (None, "/", "en"),
    (None, "/schools/oakfield", "en"),
    (None, "/schools/oakfield/local-offer", "en"),
    (None, "/schools/oakfield/local-offer?q=autism&area=communication&age=7&free=y", "en"),
    (None, "/schools/oakfield/local-offer?page=2", "ur"),
    (None, "/schools/oakfield/local-offer/services/{salt}", "en"),
    (None, "/schools/oakfield/local-offer/services/{stale}", "ur"),
    (None, "/schools/oakfield/local-offer/services/{salt}/out-of-date", "pl"),
    (None, "/schools/oakfield/sen-information-report", "en"),
    (None, "/schools/riverside/sen-information-report", "ur"),
    ("parent@oakfield.example", "/find-help", "en"),
    ("parent@oakfield.example", "/families/children/{amelia}", "en"),
    ("parent@oakfield.example", "/families/children/{amelia}/services", "en"),
    ("senco@riverside.example", "/senco/", "en"),
    ("senco@oakfield.example", "/local-offer/manage", "en"),
    ("senco@oakfield.example", "/local-offer/manage/{reported}", "en"),
    ("senco@oakfield.example", "/local-offer/manage/new", "en"),
    ("senco@oakfield.example", "/local-offer/manage/import", "en"),
    ("senco@oakfield.example", "/local-offer/report", "en"),
]
# Forms shown again with their errors: (who, path, language).
FORMS_WITH_ERRORS = [
    (None, "/schools/oakfield/local-offer/services/{salt}/out-of-date", "en"),
    ("senco@oakfield.example", "/local-offer/manage/new", "en"),
    ("senco@oakfield.example", "/local-offer/manage/import", "en"),
]


@pytest.fixture
def server(live_server):
    """The browser suite's live server (its own database, the demo school loaded)."""
    return live_server.origin


@pytest.fixture
def ids(live_server) -> dict:
    with live_server.app.app_context():

        def service(name):
            return db.session.scalar(sa.select(Service.id).where(Service.name == name))

        return {
            "salt": service("Children's Speech and Language Therapy"),
            "stale": service("Northshire Wheelchair Service"),
            "reported": db.session.scalar(sa.select(OutOfDateReport.service_id)),
            "amelia": db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == "Amelia")),
        }


def _page(browser, server, who, language, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=width < 600,
        has_touch=width < 600,
        locale=language,
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    if who:
        sign_in_at(page, server, who)
    return context, page


def _violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


@pytest.mark.parametrize("width", [375, 1280])
def test_local_offer_pages_have_no_axe_violations(browser, server, ids, width):
    problems = {}
    visits = [(who, path, language, False) for who, path, language in LOCAL_OFFER_PAGES]
    visits += [(who, path, language, True) for who, path, language in FORMS_WITH_ERRORS]
    # One browser context per person and language: each signs in once.
    groups: dict[tuple, list] = {}
    for who, path, language, submit in visits:
        groups.setdefault((who, language), []).append((path.format(**ids), submit))
    for (who, language), pages in groups.items():
        context, page = _page(browser, server, who, language, width)
        for url, submit in pages:
            response = page.goto(server + url)
            assert response.status == 200, url
            if submit:
                page.click("main form[method=post] button[type=submit] >> nth=-1")
                page.wait_for_selector(".error-summary")
            found = _violations(page)
            if found:
                problems[f"{url} ({language}{', with errors' if submit else ''})"] = found
        context.close()
    assert problems == {}


def test_the_search_updates_in_place_and_the_address_keeps_it(browser, server):
    context, page = _page(browser, server, None, "en", 375)
    page.goto(server + "/schools/oakfield/local-offer")
    page.evaluate("window.notReloaded = true")
    page.fill("#q", "speech therapy")
    page.press("#q", "Enter")
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('q') === 'speech therapy'"
    )
    page.wait_for_function(
        "() => document.querySelector('#results-status').textContent.includes('found')"
    )
    assert page.evaluate("window.notReloaded") is True
    first = page.inner_text(".service-result__title >> nth=0")
    assert first == "Children's Speech and Language Therapy"
    assert page.locator("h1").count() == 1
    # A filter change updates the results too, and the address keeps both.
    page.click("summary.filters__summary")
    page.select_option("#category", "therapy")
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('category') === 'therapy'"
    )
    assert "area=" not in page.url  # only the filters in use are in the address
    assert page.evaluate("new URL(location.href).searchParams.get('q')") == "speech therapy"
    assert page.evaluate("window.notReloaded") is True
    # The address alone brings the same results back, as a plain page.
    page.goto(page.url)
    assert page.inner_text(".service-result__title >> nth=0") == first
    assert page.input_value("#q") == "speech therapy"
    context.close()


def test_the_directory_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.goto(server + "/schools/oakfield/local-offer")
    page.fill("#q", "counselling")
    page.click("main form button[type=submit]")
    page.wait_for_url("**q=counselling**")
    assert "counselling" in page.inner_text(".service-list").lower()
    page.click(".service-result__title a >> nth=0")
    assert page.locator("h1").inner_text().startswith("Talk It Through")
    context.close()


def test_the_checker_finds_a_known_problem(browser):
    """Guards the tests above: axe really runs and reports what it finds."""
    context = browser.new_context(viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.set_content('<html><body><main><img src="x.png"><a href="#"></a></main></body></html>')
    found = " ".join(_violations(page))
    assert "image-alt" in found and "html-has-lang" in found and "link-name" in found
    context.close()
