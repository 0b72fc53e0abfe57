"""Small pages for phones on slow data, measured in the browser.

The first visit to the sign-in page (an empty cache) may transfer at most 60 KB, counting
HTML, CSS, JavaScript, images and fonts as gzip-compressed; every page after that brings at
most 12 KB of compressed HTML, because everything else is already cached: static files have
fingerprinted names and may be kept for a year.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import DESKTOP, ROLES, WEIGHT_KEY
from crawler import gzip_size

FIRST_VISIT_LIMIT = 60 * 1024
PAGE_HTML_LIMIT = 12 * 1024
ONE_YEAR = 365 * 24 * 3600
FINGERPRINTED = re.compile(r"^/assets/.+\.[0-9a-f]{10}\.[A-Za-z0-9]+$")
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json)|image/svg\+xml)")


def _kb(size: int) -> str:
    return f"{size / 1024:5.1f} KB"


def test_first_visit_to_sign_in_is_small(browser, live_server, request):
    context = browser.new_context(locale="en-GB", viewport=DESKTOP)
    finished = []
    context.on("requestfinished", lambda item: finished.append(item))
    page = context.new_page()
    page.goto(live_server.url("/login"), wait_until="networkidle")
    files = {}
    for item in finished:
        response = item.response()
        if response is None or response.status >= 400:
            continue
        body = response.body()
        encoded = item.sizes()["responseBodySize"]
        files[item.url] = (response.headers.get("content-type", ""), body, encoded)
    # Headless Chromium does not always ask for the icon: count it as a phone would.
    for href in page.eval_on_selector_all("link[rel~=icon]", "els => els.map(e => e.href)"):
        if href not in files:
            response = context.request.get(href)
            files[href] = (response.headers.get("content-type", ""), response.body(), None)
    context.close()

    lines = ["First visit to the sign-in page (limit 60 KB compressed):"]
    total = 0
    for url, (content_type, body, encoded) in files.items():
        size = gzip_size(body) if COMPRESSIBLE.match(content_type) else len(body)
        total += size
        sent = f"{_kb(encoded)} sent" if encoded else "  (not fetched)"
        lines.append(f"  {_kb(size)} gzip  {_kb(len(body))} raw  {sent}  {urlsplit(url).path}")
    lines.append(f"  {_kb(total)} in all")
    request.config.stash.setdefault(WEIGHT_KEY, []).extend(lines)

    kinds = {content_type.split(";")[0] for content_type, _, _ in files.values()}
    assert {"text/html", "text/css"} <= kinds, f"the sign-in page did not load: {kinds}"
    assert total <= FIRST_VISIT_LIMIT, "\n".join(lines)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_html_is_small(site, role, request):
    sizes = []
    for report in [site.report(role)]:
        for page in report.html_pages:
            sizes.append((gzip_size(page.body), len(page.body), report.person.role, page.path))
        for visit in report.visits:
            if visit.kind == "error state" and visit.html_file:
                body = visit.html_file.read_bytes()
                sizes.append((gzip_size(body), len(body), visit.role, visit.where()))
    sizes.sort(reverse=True)
    lines = [f"HTML of {role}'s {len(sizes)} pages and error states, gzip (limit 12 KB):"]
    lines += [
        f"  {_kb(gz)} gzip  {_kb(raw)} raw  {role}: {where}" for gz, raw, role, where in sizes[:5]
    ]
    request.config.stash.setdefault(WEIGHT_KEY, []).extend(lines)
    assert sizes
    too_big = [
        f"{_kb(gz)} gzip  {role}: {where}" for gz, _, role, where in sizes if gz > PAGE_HTML_LIMIT
    ]
    assert not too_big, "Pages over 12 KB compressed:\n" + "\n".join(too_big)


@pytest.mark.parametrize("role", ROLES)
def test_static_files_are_fingerprinted_and_cached_for_a_year(site, live_server, role):
    seen = {}
    for report in [site.report(role)]:
        seen.update(report.resources)
    ours = {url: value for url, value in seen.items() if url.startswith(live_server.origin)}
    assert any("/assets/" in url for url in ours), "no static files were loaded"
    problems = []
    for url, (status, headers) in sorted(ours.items()):
        parts = urlsplit(url)
        cache = headers.get("cache-control", "")
        max_age = re.search(r"max-age=(\d+)", cache)
        versioned = FINGERPRINTED.match(parts.path) or "v" in parse_qs(parts.query)
        if status not in (200, 304):
            problems.append(f"{parts.path} answered {status}")
        if not versioned:
            problems.append(f"{parts.path} has no fingerprint in its name")
        if not max_age or int(max_age.group(1)) < ONE_YEAR or "immutable" not in cache:
            problems.append(f"{parts.path} is cached as {cache!r}, not for a year, immutable")
        content_type = headers.get("content-type", "")
        if COMPRESSIBLE.match(content_type) and headers.get("content-encoding") != "gzip":
            length = int(headers.get("content-length", "0") or 0)
            if length > 1024:
                problems.append(f"{parts.path} ({length} bytes) is sent without compression")
    assert not problems, "\n".join(problems)
