"""Find every page a person can reach by following links, and the forms on each page.

The crawl reads the server's HTML (what a browser without JavaScript sees), so a page that
appears in any menu, card or table is found the day it is added. It never presses a
button: buttons live in POST forms, and the crawler only ever sends GET requests.
"""

from __future__ import annotations

import gzip
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter, RequestRedirect

# How many different URLs of one route (same endpoint, same query keys) to visit: enough to
# see a route with different data (two pupils, two schools), few enough to stay fast.
PER_ROUTE = 2
# More than this many pages for one person and the crawl stops taking second instances of a
# route (every route is still visited once).
MAX_PAGES = 60
# Text a person types. A POST form with one of these is a form that validates what is typed,
# so an empty submission must come back with an error summary.
TEXT_INPUT_TYPES = {
    "",
    "text",
    "email",
    "password",
    "search",
    "tel",
    "url",
    "number",
    "date",
    "time",
    "datetime-local",
    "month",
    "week",
}
# A form whose text fields may all be left empty (an optional note, a skippable step) says so
# with this attribute, and the crawler does not send it empty.
ACCEPTS_EMPTY = "data-accepts-empty"


def gzip_size(body: bytes) -> int:
    """Bytes on the wire when the body is gzip-compressed as a server would (level 6)."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


@dataclass
class Form:
    index: int  # the form's position among the page's <form> elements
    method: str
    action: str
    text_fields: list[str]
    has_submit: bool
    accepts_empty: bool

    @property
    def submitted_empty(self) -> bool:
        """Whether the crawl sends this form empty to see its error state."""
        return (
            self.method == "post"
            and self.has_submit
            and bool(self.text_fields)
            and not self.accepts_empty
        )


@dataclass
class Page:
    url: str
    status: int
    content_type: str
    route: str
    body: bytes
    found_on: str
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    @property
    def missing_targets(self) -> list[str]:
        """In-page links (#id) to an id the page does not have."""
        return [target for target in self.fragments if target and target not in self.ids]

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


class _Parser(HTMLParser):
    """Links, in-page links, ids and forms of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._forms_seen = 0

    def handle_starttag(self, tag, attrs):
        a = {name: (value if value is not None else "") for name, value in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a and "download" not in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(
                index=self._forms_seen,
                method=a.get("method", "get").lower(),
                action=a.get("action", ""),
                text_fields=[],
                has_submit=False,
                accepts_empty=ACCEPTS_EMPTY in a,
            )
            self._forms_seen += 1
            self.forms.append(self._form)
        elif self._form is not None:
            kind = a.get("type", "").lower()
            if tag == "textarea" or (tag == "input" and kind in TEXT_INPUT_TYPES):
                self._form.text_fields.append(a.get("name", ""))
            elif (tag == "button" and kind in ("", "submit")) or (
                tag == "input" and kind in ("submit", "image")
            ):
                self._form.has_submit = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse(page: Page) -> None:
    parser = _Parser()
    parser.feed(page.body.decode("utf-8", "replace"))
    page.ids = parser.ids
    for href in parser.links:
        if href.startswith("#"):
            page.fragments.append(href[1:])
        else:
            page.links.append(href)
    page.forms = parser.forms
    for form in page.forms:
        form.action = urljoin(page.url, form.action) if form.action else page.url


class Crawler:
    """Breadth-first over links from a person's home, one GET per URL.

    `fetch(url)` returns (final_url, status, content_type, body) after redirects.
    """

    def __init__(self, origin: str, adapter: MapAdapter, fetch, school_slug: str | None):
        self.origin = origin
        self.adapter = adapter
        self.fetch = fetch
        self.school_slug = school_slug
        self.pages: list[Page] = []
        self.broken: list[tuple[str, str, int]] = []  # (found on, link, status)
        self.skipped: set[str] = set()

    def route_of(self, url: str) -> str | None:
        """`endpoint?query-keys` for a portal URL, or None if it is not a page to visit."""
        parts = urlsplit(url)
        try:
            endpoint, args = self.adapter.match(parts.path, method="GET")
        except RequestRedirect as redirect:
            return self.route_of(redirect.new_url)
        except HTTPException:
            return "unknown"  # still fetched: a link to nowhere is a broken link
        if endpoint == "assets":
            return None
        # Another school's pages are that school's business, not this person's.
        slug = args.get("slug") or args.get("school_slug")
        if self.school_slug and slug and slug != self.school_slug:
            return None
        keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
        return endpoint + ("?" + "&".join(keys) if keys else "")

    def normalise(self, base: str, href: str) -> str | None:
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None  # mailto:, tel:
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None  # another website
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))

    def crawl(self, start: str = "/", also: list[tuple[str, int]] = ()) -> list[Page]:
        """Follow links from `start`; `also` adds (path, expected status) with no link to them."""
        first = self.origin + start
        expected = {self.origin + path: status for path, status in also}
        fresh: deque[tuple[str, str]] = deque([(first, "")])  # routes not seen yet
        fresh.extend((url, "") for url in expected)
        again: deque[tuple[str, str]] = deque()  # more instances of seen routes
        queued = {first, *expected}
        fetched: set[str] = set()
        per_route: dict[str, int] = {}
        while fresh or (again and len(self.pages) < MAX_PAGES):
            url, found_on = fresh.popleft() if fresh else again.popleft()
            route = self.route_of(url)
            if route is None:
                continue
            if per_route.get(route, 0) >= PER_ROUTE:
                continue
            final, status, content_type, body = self.fetch(url)
            final = self.normalise(final, final) or final
            if status != expected.get(url, status) or (status >= 400 and url not in expected):
                self.broken.append((found_on, url, status))
                continue
            if final in fetched:
                continue  # a redirect to a page already in hand
            fetched.add(final)
            queued.add(final)
            route = self.route_of(final) or route
            if per_route.get(route, 0) >= PER_ROUTE:
                continue
            per_route[route] = per_route.get(route, 0) + 1
            page = Page(final, status, content_type, route, body, found_on)
            self.pages.append(page)
            if not page.is_html:
                continue
            parse(page)
            for href in page.links:
                target = self.normalise(final, href)
                if target is None or target in queued:
                    continue
                target_route = self.route_of(target)
                if target_route is None:
                    self.skipped.add(target)
                    continue
                queued.add(target)
                if per_route.get(target_route, 0) == 0 and not any(
                    self.route_of(u) == target_route for u, _ in fresh
                ):
                    fresh.append((target, final))
                else:
                    again.append((target, final))
        return self.pages
