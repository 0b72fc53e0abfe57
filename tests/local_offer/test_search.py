"""Searching the directory: words, plurals and case, ranking, filters, pages, htmx."""

import re
from datetime import timedelta

import pytest

from portal.local_offer import search
from portal.models import today

URL = "/schools/elmwood/local-offer"


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="service-result__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def unescape(text: str) -> str:
    return text.replace("&#39;", "'").replace("&amp;", "&")


# --- The words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Therapies", "therapy"),
        ("SERVICES", "service"),
        ("clubs", "club"),
        ("classes", "class"),
        ("coaches", "coach"),
        ("children's", "child"),
        ("Café", "cafe"),
        ("autistic", "autism"),
        ("ASD", "autism"),
        ("counsellors", "counselling"),
        ("bus", "bus"),
        ("dyslexia", "dyslexia"),
        ("needs", "need"),
    ],
)
def test_words_fold_case_accents_and_plurals(typed, stored):
    assert search.words(typed) == [stored]


def test_stopwords_are_not_searched():
    assert search.query_words("help for my child with speech") == ["child", "speech"]


def test_index_is_space_padded_distinct_words():
    assert search.index("Youth clubs", "youth club") == " youth club "
    assert search.index(None, "") == ""


# --- Ranking and filters, as a family would search ---------------------------------------


@pytest.fixture
def directory(school, add_service):
    add_service(
        school,
        "Family Support Line",
        description="Advice on many things, including speech and language worries.",
        categories=["advice"],
    )
    add_service(
        school,
        "Speech and Language Therapy",
        description="Therapists help children who find talking hard.",
        categories=["therapy"],
        all_needs=False,
        need_codes=["SLCN"],
        min_age=0,
        max_age=18,
    )
    add_service(
        school,
        "Occupational Therapies",
        description="Help with everyday tasks.",
        categories=["therapy"],
        all_needs=False,
        areas=["sensory_physical"],
        min_age=0,
        max_age=18,
        cost="paid",
    )
    add_service(
        school,
        "Riverside Youth Club",
        description="Evening youth clubs for teenagers.",
        categories=["activities"],
        min_age=11,
        max_age=19,
        cost="paid",
    )
    add_service(
        school,
        "Teen Counselling",
        description="Talk to a counsellor about worries.",
        categories=["mental_health"],
        all_needs=False,
        need_codes=["SEMH"],
        min_age=11,
        max_age=25,
    )
    add_service(
        school,
        "Closed Playgroup",
        description="A speech and language playgroup that has closed.",
        status="inactive",
    )
    return school


def test_name_matches_rank_above_description_matches(client, directory):
    html = unescape(client.get(URL, query_string={"q": "speech"}).get_data(as_text=True))
    assert titles(html)[:2] == ["Speech and Language Therapy", "Family Support Line"]
    assert "2 services found" in html


def test_plurals_and_case_do_not_matter(client, directory):
    for typed in ("THERAPY", "therapies", "Therapist"):
        html = client.get(URL, query_string={"q": typed}).get_data(as_text=True)
        assert set(titles(html)) == {"Speech and Language Therapy", "Occupational Therapies"}
    html = client.get(URL, query_string={"q": "youth clubs"}).get_data(as_text=True)
    assert titles(html)[0] == "Riverside Youth Club"


def test_services_matching_every_word_come_first(client, directory):
    html = client.get(URL, query_string={"q": "language therapy"}).get_data(as_text=True)
    found = titles(html)
    assert found[0] == "Speech and Language Therapy"
    assert "Occupational Therapies" in found  # one word of two still counts, lower down


def test_the_start_of_a_word_is_enough(client, directory):
    html = client.get(URL, query_string={"q": "couns"}).get_data(as_text=True)
    assert titles(html) == ["Teen Counselling"]


def test_hidden_services_are_never_shown(client, directory):
    html = client.get(URL, query_string={"q": "playgroup"}).get_data(as_text=True)
    assert titles(html) == []
    assert "No services match" in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"area": "communication"},
            {"Speech and Language Therapy", "Family Support Line", "Riverside Youth Club"},
        ),
        ({"area": "semh"}, {"Teen Counselling", "Family Support Line", "Riverside Youth Club"}),
        (
            {"age": "5"},
            {"Family Support Line", "Speech and Language Therapy", "Occupational Therapies"},
        ),
        ({"age": "20"}, {"Family Support Line", "Teen Counselling"}),
        ({"category": "therapy"}, {"Speech and Language Therapy", "Occupational Therapies"}),
        ({"free": "y"}, {"Family Support Line", "Speech and Language Therapy", "Teen Counselling"}),
        ({"q": "therapy", "free": "y"}, {"Speech and Language Therapy"}),
        ({"area": "semh", "age": "12", "category": "mental_health"}, {"Teen Counselling"}),
    ],
)
def test_filters(client, directory, filters, expected):
    html = unescape(client.get(URL, query_string=filters).get_data(as_text=True))
    assert set(titles(html)) == expected


def test_a_wrong_age_is_explained_and_ignored(client, directory):
    html = client.get(URL, query_string={"age": "seven"}).get_data(as_text=True)
    assert "Enter an age from 0 to 25 in whole years" in html
    assert 'aria-invalid="true"' in html
    assert "5 services found" in html


def test_unknown_filter_values_are_ignored(client, directory):
    response = client.get(URL, query_string={"area": "nonsense", "category": "x", "page": "-3"})
    assert response.status_code == 200
    assert "5 services found" in response.get_data(as_text=True)


def test_results_are_paginated_and_links_keep_the_filters(client, school, add_service):
    for number in range(23):
        add_service(school, f"Playgroup {number:02d}", description="A playgroup.", min_age=2)
    first = client.get(URL, query_string={"q": "playgroups", "age": "3"}).get_data(as_text=True)
    assert len(titles(first)) == 10
    assert "23 services found" in first
    assert "Page 1 of 3" in first
    nxt = re.search(r'<a href="([^"]+)" [^>]*rel="next"', first).group(1).replace("&amp;", "&")
    assert "q=playgroups" in nxt and "age=3" in nxt and "page=2" in nxt
    second = client.get(nxt).get_data(as_text=True)
    assert "Page 2 of 3" in second
    assert not set(titles(first)) & set(titles(second))
    last = client.get(URL, query_string={"q": "playgroups", "age": "3", "page": "99"})
    assert "Page 3 of 3" in last.get_data(as_text=True)
    assert len(titles(last.get_data(as_text=True))) == 3


def test_each_result_links_to_its_page_keeping_the_search(client, directory):
    html = client.get(URL, query_string={"q": "speech"}).get_data(as_text=True)
    link = re.search(r'service-result__title"><a href="([^"]+)"', html).group(1)
    assert re.fullmatch(r"/schools/elmwood/local-offer/services/\d+\?q=speech", link)
    page = client.get(link).get_data(as_text=True)
    assert 'href="/schools/elmwood/local-offer?q=speech"' in page


def test_filters_work_without_javascript_as_a_plain_get_form(client, directory):
    html = client.get(URL).get_data(as_text=True)
    form = re.search(r'<form class="filters" method="get" action="([^"]+)"', html)
    assert form and form.group(1) == URL
    for name in ("q", "area", "age", "category", "free"):
        assert f'name="{name}"' in html
    assert 'type="submit"' in html


def test_htmx_gets_the_results_alone_and_the_url_is_pushed(client, directory):
    html = client.get(URL).get_data(as_text=True)
    assert 'data-hx-get="/schools/elmwood/local-offer"' in html
    assert 'data-hx-push-url="true"' in html and 'data-hx-target="#service-results"' in html
    assert 'data-hx-trigger="submit, change from:.filters select' in html
    swap = client.get(
        URL, query_string={"q": "speech", "area": "", "age": ""}, headers={"HX-Request": "true"}
    )
    # The address bar gets the filters in use only, the same as the links on the page.
    assert swap.headers["HX-Push-Url"] == "/schools/elmwood/local-offer?q=speech"
    partial = swap.get_data(as_text=True)
    assert "<html" not in partial and "<form" not in partial
    assert '<p id="results-status" data-hx-swap-oob="innerHTML">2 services found</p>' in partial
    assert len(titles(partial)) == 2
    assert "HX-Request" in swap.headers.get("Vary", "")


def test_a_history_restore_gets_the_whole_page(client, directory):
    response = client.get(
        URL,
        query_string={"q": "speech"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert "<html" in html and 'value="speech"' in html


def test_freshness_is_shown_and_old_entries_are_marked(client, school, add_service):
    add_service(school, "Fresh Group", last_checked=today() - timedelta(days=70))
    add_service(school, "Old Group", last_checked=today() - timedelta(days=400))
    add_service(school, "Unknown Group", last_checked=None)
    add_service(school, "Checked Today Group", last_checked=today())
    html = client.get(URL).get_data(as_text=True)
    blocks = dict(re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a></h3>(.*?)</li>', html, flags=re.S))
    assert "Last checked 2 months ago" in blocks["Fresh Group"]
    assert "Not checked for over a year" not in blocks["Fresh Group"]
    assert "Not checked for over a year" in blocks["Old Group"]
    assert "Last checked 1 year ago" in blocks["Old Group"]
    assert "Not checked for over a year" in blocks["Unknown Group"]
    assert "We do not know when this was last checked" in blocks["Unknown Group"]
    assert "Checked today" in blocks["Checked Today Group"]


def test_another_schools_services_are_not_in_this_directory(client, school, add_service, demo):
    add_service(school, "Elmwood Only Group")
    oakfield = client.get("/schools/oakfield/local-offer", query_string={"q": "elmwood"})
    assert titles(oakfield.get_data(as_text=True)) == []
    html = client.get(URL, query_string={"q": "elmwood"}).get_data(as_text=True)
    service_id = re.search(r"/local-offer/services/(\d+)", html).group(1)
    assert client.get(f"/schools/oakfield/local-offer/services/{service_id}").status_code == 404


def test_an_unknown_school_is_not_found(client):
    assert client.get("/schools/nowhere/local-offer").status_code == 404
    assert client.get("/schools/nowhere/sen-information-report").status_code == 404


def test_the_directory_page_runs_a_fixed_number_of_queries(
    client, school, add_service, count_queries
):
    def queries(params) -> int:
        with count_queries() as statements:
            assert client.get(URL, query_string=params).status_code == 200
        return len(statements)

    for number in range(3):
        add_service(school, f"Group {number}", need_codes=["SLCN"], all_needs=False)
    few = (queries({}), queries({"q": "group"}), queries({"area": "communication", "age": "4"}))
    for number in range(3, 30):
        add_service(school, f"Group {number}", need_codes=["SLCN"], all_needs=False)
    many = (queries({}), queries({"q": "group"}), queries({"area": "communication", "age": "4"}))
    assert few == many
    assert max(many) <= 10
