"""The crawler's rules, on a made-up site: what it follows, what it leaves, which forms it
sends empty. (No browser: the pages come from a dictionary.)"""

import pytest
from crawler import PER_ROUTE, Crawler, Page, parse

from portal import create_app
from portal.config import for_tests

ORIGIN = "http://portal.test"


def page(*links: str, forms: str = "") -> tuple[int, str, bytes]:
    anchors = "".join(f'<a href="{href}">link</a>' for href in links)
    return 200, "text/html; charset=utf-8", f"<main id='main'>{anchors}{forms}</main>".encode()


@pytest.fixture(scope="module")
def adapter():
    return create_app(for_tests("sqlite://")).url_map.bind("portal.test")


def crawl(adapter, site: dict, school="oakfield", also=()):
    fetched = []

    def fetch(url):
        fetched.append(url)
        path = url.removeprefix(ORIGIN)
        status, content_type, body = site.get(path, (404, "text/html", b"<p>Not found</p>"))
        return url, status, content_type, body

    crawler = Crawler(ORIGIN, adapter, fetch, school)
    crawler.crawl("/", also=list(also))
    return crawler, [url.removeprefix(ORIGIN) for url in fetched]


def test_follows_links_and_leaves_what_is_not_a_page(adapter):
    site = {
        "/": page(
            "/help/words",
            "mailto:office@oakfield.example",
            "tel:01632960123",
            "https://www.northshire.example/send-local-offer",
            "/assets/css/portal.0123456789.css",
            "/schools/riverside/brand.css",
            "/schools/oakfield/brand.css",
            "#main",
        ),
        "/help/words": page("/", "/privacy#cookies"),
        "/privacy": page(),
        "/schools/oakfield/brand.css": (200, "text/css", b":root{}"),
    }
    crawler, fetched = crawl(adapter, site)
    assert fetched == ["/", "/help/words", "/schools/oakfield/brand.css", "/privacy"]
    assert [p.path for p in crawler.pages if p.is_html] == ["/", "/help/words", "/privacy"]
    assert crawler.pages[0].fragments == ["main"]
    assert not crawler.broken


def test_a_link_to_nowhere_is_reported(adapter):
    crawler, _ = crawl(adapter, {"/": page("/help/words", "/gone")})
    assert crawler.broken == [
        (ORIGIN + "/", ORIGIN + "/help/words", 404),
        (ORIGIN + "/", ORIGIN + "/gone", 404),
    ]


def test_pages_without_links_come_with_the_status_they_should_answer(adapter):
    site = {"/": page(), "/password/reset/abc": page("/login"), "/login": page()}
    crawler, _ = crawl(adapter, site, also=[("/password/reset/abc", 200), ("/nope", 404)])
    assert [p.path for p in crawler.pages] == ["/", "/password/reset/abc", "/nope", "/login"]
    assert not crawler.broken
    crawler, _ = crawl(adapter, site, also=[("/password/reset/gone", 200)])
    assert crawler.broken == [("", ORIGIN + "/password/reset/gone", 404)]


def test_a_few_instances_of_each_route_and_every_route_once(adapter):
    pupils = [f"/staff/pupils/{n}" for n in range(1, 30)]
    site = {"/": page(*pupils, "/help/words"), "/help/words": page()}
    site.update({url: page() for url in pupils})
    crawler, fetched = crawl(adapter, site)
    assert fetched == ["/", "/staff/pupils/1", "/help/words", "/staff/pupils/2"]
    assert PER_ROUTE == 2
    # Different query keys make a different view of a route (a filter, the next page).
    site = {"/": page("/senco/audit", "/senco/audit?page=2", "/senco/audit?page=3")}
    site.update({url: page() for url in ("/senco/audit", "/senco/audit?page=2")})
    _, fetched = crawl(adapter, site)
    assert fetched == ["/", "/senco/audit", "/senco/audit?page=2", "/senco/audit?page=3"]


FORMS = """
<form method="post" action="/logout"><button>Sign out</button></form>
<form method="post"><input name="email" type="email"><button type="submit">Send</button></form>
<form method="post" data-accepts-empty><textarea name="note"></textarea><button>Save</button></form>
<form method="get"><input name="q"><button>Search</button></form>
<form method="post"><input type="hidden" name="id"><button type="submit">Remove</button></form>
<form method="post"><input name="name"></form>
"""


def test_only_forms_that_check_typed_text_are_sent_empty():
    found = Page(ORIGIN + "/staff", 200, "text/html", "", page(forms=FORMS)[2], "")
    parse(found)
    assert [form.index for form in found.forms if form.submitted_empty] == [1]
    assert found.forms[0].action == ORIGIN + "/logout"
    assert found.forms[1].action == ORIGIN + "/staff"
    assert found.forms[1].text_fields == ["email"]
