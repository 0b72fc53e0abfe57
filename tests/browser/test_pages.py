"""Every page each person can reach: accessible, valid HTML, fits a phone, forms explain errors.

The pages come from the crawl in conftest.py (links followed from each role's home), so a
new page is checked the day a link to it appears.
"""

import pytest
from browsing import AXE_RUN, AXE_TAGS, ROLES, run_vnu
from crawler import Page, parse


@pytest.mark.parametrize("role", ROLES)
def test_every_link_leads_somewhere(site, role):
    report = site.report(role)
    assert report.html_pages, f"the crawl as {role} found no pages"
    problems = [
        f"{link} (linked from {found_on or 'the start'}) answers {status}"
        for found_on, link, status in report.broken
    ]
    problems += [
        f"{visit.where()} answered {visit.status}, not {visit.expected_status}"
        for visit in report.visits
        if visit.kind == "page" and visit.status != visit.expected_status
    ]
    problems += [
        f"{page.path}: the link to #{target} goes nowhere (no element has that id)"
        for page in report.html_pages
        for target in page.missing_targets
    ]
    assert not problems, f"As {role}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_no_accessibility_violations(site, role):
    """axe-core's WCAG 2.2 A and AA rules: English, Urdu and Arabic at 375 px, English at
    1280 px (browsing.PASSES)."""
    report = site.report(role)
    problems = []
    for visit in report.visits:
        for violation in visit.violations:
            for node in violation["nodes"]:
                problems.append(
                    f"[{violation['rule']}] {violation['help']}\n"
                    f"    page:    {visit.where()}\n"
                    f"    element: {node['target']}  {node['html'][:200]}\n"
                    f"    {(node['summary'] or '').replace(chr(10), chr(10) + '    ')}"
                )
    assert not problems, f"As {role}, {len(problems)} accessibility problem(s):\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("role", ROLES)
def test_pages_fit_a_phone_screen(site, role):
    """No page scrolls sideways at 375 px (WCAG 1.4.10 Reflow); wide tables scroll in a box."""
    report = site.report(role)
    problems = [
        f"{visit.where()} is {visit.overflow} px wider than the screen"
        for visit in report.visits
        if visit.overflow > 0
    ]
    assert not problems, f"As {role}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_urdu_lines_have_room(site, role):
    """Nastaliq needs 1.8 times its size between lines or its lines collide (issue 16)."""
    report = site.report(role)
    problems = [
        f"{visit.where()}: {element}" for visit in report.visits for element in visit.cramped
    ]
    assert not problems, f"As {role}:\n" + "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("role", ROLES)
def test_forms_sent_empty_explain_what_is_wrong(site, role):
    """A form with text fields sent empty answers 400 with the error summary, focused."""
    report = site.report(role)
    problems = []
    for visit in report.visits:
        if visit.kind != "error state":
            continue
        if visit.status != 400:
            problems.append(
                f"{visit.where()} answered {visit.status}, not 400 with an error summary. "
                f"If an empty form is valid here, mark the <form> data-accepts-empty."
            )
        elif not visit.summary_shown:
            problems.append(f"{visit.where()} shows no error summary")
        elif not visit.summary_focused:
            problems.append(f"{visit.where()}: focus did not move to the error summary")
    assert not problems, f"As {role}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_error_summary_links_reach_their_fields(site, role):
    """Each link in an error summary moves to a field that exists on the page."""
    problems = []
    for report in [site.report(role)]:
        for visit in report.visits:
            if visit.kind != "error state" or visit.html_file is None:
                continue
            page = Page(visit.url, visit.status, "text/html", "", visit.html_file.read_bytes(), "")
            parse(page)
            problems += [
                f"{visit.where()}: #{target} is not on the page" for target in page.missing_targets
            ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_valid_html(site, role):
    """The W3C Nu HTML checker finds no errors on any page or error state, in each language."""
    visits = {
        visit.html_file.resolve().as_uri(): visit
        for report in [site.report(role)]
        for visit in report.visits
        if visit.html_file
    }
    assert visits
    messages = run_vnu([visit.html_file for visit in visits.values()])
    problems = []
    for message in messages:
        visit = visits.get(message.get("url", ""))
        where = f"{visit.role}: {visit.where()}" if visit else message.get("url", "")
        problems.append(
            f"{where} line {message.get('lastLine', '?')}: {message.get('message')}\n"
            f"    {message.get('extract', '').strip()[:200]}"
        )
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(problems)


BAD_PAGE = """<!doctype html>
<html><head><title>Broken on purpose</title></head>
<body><main><img src="data:,"><p id="twice">One</p><p id="twice">Two</p>
<a href="#nowhere"></a></main></body></html>
"""


def test_the_checkers_catch_known_problems(browser, axe_source, tmp_path):
    """axe-core and the Nu checker really run: a page broken on purpose fails both."""
    page = browser.new_page()
    page.set_content(BAD_PAGE)
    page.evaluate(axe_source)
    rules = {violation["rule"] for violation in page.evaluate(AXE_RUN, AXE_TAGS)}
    page.close()
    assert {"html-has-lang", "image-alt", "link-name"} <= rules, rules
    bad = tmp_path / "bad.html"
    bad.write_text(BAD_PAGE)
    messages = [message["message"] for message in run_vnu([bad])]
    assert any("Duplicate ID" in message for message in messages), messages
    assert any("alt" in message for message in messages), messages
