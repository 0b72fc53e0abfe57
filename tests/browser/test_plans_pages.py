"""Plan pages in a real Chromium at 375 px: axe finds nothing, nothing scrolls sideways,
rows of the plan edit in place with htmx and on their own pages without JavaScript.

Uses the live demo site of the pupil-views browser tests and the suite's one browser.
"""

import sqlalchemy as sa
from playwright.sync_api import expect
from test_pupil_views import check_page, signed_in, site  # noqa: F401 (fixtures)

from portal.extensions import db
from portal.models import Outcome, Plan, PlanStatus, Pupil


def _plan_id(app, given: str, status: PlanStatus) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(Plan.id)
            .join(Pupil, Pupil.id == Plan.pupil_id)
            .where(Pupil.given_name == given, Plan.status == status)
        )


def test_the_senco_pages_are_clean_on_a_phone(site, browser):  # noqa: F811
    app, base = site
    draft = _plan_id(app, "Zofia", PlanStatus.DRAFT)
    shared = _plan_id(app, "Amelia", PlanStatus.SHARED)
    context, page = signed_in(browser, base, "senco@oakfield.example")
    for name, path in [
        ("plans-senco-home", "/senco/"),
        ("plans-draft", f"/senco/plans/{draft}"),
        ("plans-shared", f"/senco/plans/{shared}"),
        ("plans-details", f"/senco/plans/{draft}/details"),
        ("plans-review", f"/senco/plans/{shared}/review"),
        ("plans-provision-map", "/senco/provision-map"),
        ("plans-register", "/senco/register"),
        ("plans-attention", "/senco/attention"),  # linked from home only when a list is long
    ]:
        page.goto(base + path)
        check_page(page, name)
    context.close()


def test_families_and_pupils_see_clean_pages_in_their_language(site, browser):  # noqa: F811
    app, base = site
    context, page = signed_in(browser, base, "ami@oakfield.example")
    with app.app_context():
        yusuf = db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == "Yusuf"))
    page.goto(f"{base}/families/children/{yusuf}/plan")
    assert page.get_attribute("html", "dir") == "rtl"
    # What the school wrote in English reads left to right inside the Urdu page.
    assert page.locator(".family-list__title").first.get_attribute("dir") == "ltr"
    check_page(page, "plans-family-ur")
    context.close()

    context, page = signed_in(browser, base, "tyler@riverside.example")
    page.goto(f"{base}/me/goals")
    check_page(page, "plans-my-goals")
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.easy-read p')).fontSize)"
    )
    assert size >= 20  # at least 1.25rem on pupil pages
    context.close()


def test_a_row_is_edited_in_place_with_htmx(site, browser):  # noqa: F811
    app, base = site
    draft = _plan_id(app, "Zofia", PlanStatus.DRAFT)
    context, page = signed_in(browser, base, "senco@oakfield.example")
    page.goto(f"{base}/senco/plans/{draft}")
    before = page.url
    page.click("#outcomes-list a.row__change")
    page.wait_for_selector("#outcomes-list form")
    assert page.url == before  # swapped in place, no page load
    check_page(page, "plans-row-editing")
    page.fill("#outcomes-list textarea >> nth=0", "Zofia will retell a story in 6-word sentences")
    page.click("#outcomes-list button:has-text('Save')")
    page.wait_for_selector("#outcomes-list .row__saved")
    # Focus follows the saved row, so keyboard users stay where they were.
    expect(page.locator("#outcomes-list .row__title").first).to_be_focused()
    with app.app_context():
        assert db.session.scalar(
            sa.select(Outcome.description).where(Outcome.plan_id == draft)
        ).endswith("6-word sentences")
    context.close()


def test_a_row_is_edited_on_its_own_page_without_javascript(site, browser):  # noqa: F811
    app, base = site
    draft = _plan_id(app, "Zofia", PlanStatus.DRAFT)
    context, page = signed_in(browser, base, "senco@oakfield.example", java_script_enabled=False)
    page.goto(f"{base}/senco/plans/{draft}")
    page.click("#outcomes-list a.row__change")
    page.wait_for_url(f"**/senco/plans/{draft}/outcomes/*")
    page.fill("main textarea >> nth=0", "Zofia will answer who, what and where questions")
    page.click("main button:has-text('Save')")
    page.wait_for_url(f"**/senco/plans/{draft}#outcome-*")
    assert "Zofia will answer who, what and where questions" in page.content()
    context.close()


def test_the_nothing_yet_line_goes_when_a_row_is_added_with_htmx(site, browser):  # noqa: F811
    app, base = site
    draft = _plan_id(app, "Zofia", PlanStatus.DRAFT)
    context, page = signed_in(browser, base, "senco@oakfield.example")
    page.goto(f"{base}/senco/plans/{draft}")
    before = page.url
    empty = page.locator("#advice-list .rows__empty")
    expect(empty).to_be_visible()
    page.click("summary:has-text('Add advice from a specialist')")
    page.fill("#new-advice-adviser", "Speech and language therapist, Northshire NHS")
    page.fill("#new-advice-given_on", "2026-10-01")
    page.fill("#new-advice-summary", "Short daily sessions retelling picture stories.")
    page.click("#new-advice button:has-text('Save')")
    page.wait_for_selector("#advice-list .row__title")
    assert page.url == before  # added in place
    expect(empty).to_be_hidden()
    context.close()


def test_the_senco_lists_are_one_card_a_row_on_a_phone(site, browser):  # noqa: F811
    app, base = site
    context, page = signed_in(browser, base, "senco@oakfield.example")
    for path, label in [
        ("/senco/", "SEN status"),
        ("/senco/register", "SEN status"),
        ("/senco/provision-map", "Group size"),
    ]:
        page.goto(base + path)
        wrap = page.locator(".table-wrap").first
        # Nothing to scroll sideways: every column is inside the phone's width.
        assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), path
        shown = page.locator("td[data-label]").first.evaluate(
            "e => getComputedStyle(e, '::before').content"
        )
        assert label in shown, path
    context.close()
