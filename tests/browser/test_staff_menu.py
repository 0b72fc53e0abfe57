"""The SENCO's menu (issue 16): eleven entries wrapped onto three lines at 1280 px with
"Sign out" alone on the last. Grouped, it fits on one or two lines, and on a phone with
JavaScript off a group opens and its entries can be followed."""

from browsing import DESKTOP, PHONE, sign_in

SENCO = "senco@oakfield.example"


def _rows(page) -> list[list[str]]:
    """The menu's entries (its top-level items and Sign out), grouped by the line they sit on."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.nav__list > li, .nav__signout')].map(el => {
            const box = el.getBoundingClientRect();
            return {text: el.innerText.split('\\n')[0].trim(), top: box.top, bottom: box.bottom};
        })"""
    )
    rows: list[dict] = []
    for box in sorted(boxes, key=lambda b: b["top"]):
        row = next((r for r in rows if box["top"] < r["bottom"] - 4), None)
        if row is None:
            rows.append({"bottom": box["bottom"], "items": [box["text"]]})
        else:
            row["items"].append(box["text"])
            row["bottom"] = max(row["bottom"], box["bottom"])
    return [row["items"] for row in rows]


def test_the_senco_menu_fits_on_one_or_two_lines_at_1280(live_server, browser):
    context = browser.new_context(locale="en-GB", viewport=DESKTOP)
    page = context.new_page()
    try:
        sign_in(page, live_server, SENCO)
        page.goto(live_server.url("/senco/"))
        rows = _rows(page)
        assert len(rows) <= 2, rows
        assert all(len(row) > 1 for row in rows), rows  # Sign out never alone on a line
        labels = [item for row in rows for item in row]
        assert {"Inbox", "Pupils", "Meetings", "School", "Sign out"} <= set(labels), labels
        # Every page of the old menu is still one click away, inside its group.
        page.click("summary:has-text('School')")
        assert page.is_visible("a.nav__link:has-text('Audit log')")
        # The page's group is marked when one of its pages is open.
        page.goto(live_server.url("/senco/register"))
        assert page.locator(".nav__summary--current").inner_text().strip() == "Plans and records"
    finally:
        context.close()


def test_a_menu_group_opens_on_a_phone_without_javascript(live_server, browser):
    context = browser.new_context(
        locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, SENCO)
        page.goto(live_server.url("/senco/"))
        assert not page.is_visible("a.nav__link:has-text('Invitations')")
        page.tap("summary:has-text('School')")
        link = page.locator("a.nav__link:has-text('Invitations')")
        assert link.is_visible()
        box = link.bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        with page.expect_navigation():
            link.tap()
        assert page.url.endswith("/school/invitations") or "invitations" in page.url
    finally:
        context.close()
