"""Back after filtering a list shows the whole page, not just the rows htmx swapped in.

The SENCO filters the pupil list (htmx swaps the rows and pushes the address), opens a
pupil, and presses Back. Then, with htmx's own history cache emptied (as when it is full or
the browser cleared it), Back makes htmx ask the server for the page again with
HX-History-Restore-Request: the answer must be the whole page, or the screen would be left
with rows and no header, menu or filters.
"""

from browsing import DESKTOP, sign_in

SENCO = "senco@oakfield.example"


def _is_swap(response) -> bool:
    headers = response.request.headers
    return "/senco/?" in response.url and headers.get("hx-request") == "true"


def _whole_page(page) -> dict:
    return page.evaluate(
        """() => ({
            header: !!document.querySelector("header"),
            nav: !!document.querySelector("nav"),
            heading: document.querySelector("main h1")?.textContent.trim(),
            filters: !!document.querySelector("main form.filters"),
            rows: document.querySelectorAll("#pupil-results tbody tr").length,
            year: document.querySelector("#year")?.value,
        })"""
    )


def test_back_after_filtering_the_pupil_list_shows_the_whole_page(live_server, browser):
    context = browser.new_context(locale="en-GB", viewport=DESKTOP)
    page = context.new_page()
    try:
        sign_in(page, live_server, SENCO)
        page.goto(live_server.url("/senco/"))

        with page.expect_response(_is_swap):
            page.select_option("#year", "3")
        page.wait_for_url("**/senco/?*year=3*")
        assert _whole_page(page)["rows"] >= 1

        # Open a pupil, then Back.
        page.click("#pupil-results tbody a >> nth=0")
        page.wait_for_url("**/staff/pupils/*")
        page.go_back()
        page.wait_for_url("**/senco/?*year=3*")
        shown = _whole_page(page)
        assert shown["header"] and shown["nav"] and shown["filters"], shown
        assert shown["heading"] == "Pupils" and shown["rows"] >= 1 and shown["year"] == "3"

        # Filter again, lose htmx's history cache, and go Back: htmx asks the server.
        with page.expect_response(_is_swap):
            page.select_option("#year", "4")
        page.wait_for_url("**/senco/?*year=4*")
        page.evaluate("() => localStorage.removeItem('htmx-history-cache')")
        with page.expect_response(
            lambda r: r.request.headers.get("hx-history-restore-request") == "true"
        ) as restore:
            page.go_back()
        body = restore.value.text()
        assert body.lstrip().lower().startswith("<!doctype html>") and "<html" in body
        page.wait_for_url("**/senco/?*year=3*")
        page.wait_for_function("() => document.querySelector('main form.filters') !== null")
        shown = _whole_page(page)
        assert shown["header"] and shown["nav"] and shown["filters"], shown
        assert shown["heading"] == "Pupils" and shown["rows"] >= 1
    finally:
        context.close()
