"""The provision map a page at a time (issue 13): its totals are the whole filtered school's,
its pager keeps the filters, and the CSV still has every row."""

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    BroadArea,
    GroupSize,
    Outcome,
    Plan,
    PlanStatus,
    Provision,
    Pupil,
    School,
    SenStatus,
    today,
    utcnow,
)

SENCO = "senco@oakfield.example"


@pytest.fixture
def three_a_page(monkeypatch):
    from portal.plans import maps

    monkeypatch.setattr(maps, "MAP_PAGE_SIZE", 3)


def _without_tokens(page: str) -> str:
    return re.sub(r'("X-CSRFToken": ?"|name="csrf_token" value=")[^"]+', r"\1", page)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True)[1:])))


def _add_help(app, descriptions: list[str], *, year=2, staff="Mr Lee") -> None:
    """A pupil with SEN support for each description, each with that help in a shared plan."""
    with app.app_context():
        school = db.session.scalar(sa.select(School).where(School.slug == "oakfield"))
        for n, description in enumerate(descriptions):
            pupil = Pupil(
                school_id=school.id,
                given_name=f"Helped{n:02d}",
                family_name="Pupil",
                date_of_birth=date(2016, 1, 1),
                year_group=year,
                sen_status=SenStatus.SEN_SUPPORT,
            )
            plan = Plan(
                pupil=pupil,
                status=PlanStatus.SHARED,
                shared_at=utcnow() - timedelta(days=20),
                review_date=today() + timedelta(days=60),
            )
            outcome = Outcome(plan=plan, description="Read", area=BroadArea.COGNITION)
            plan.provisions = [
                Provision(
                    outcome=outcome,
                    description=description,
                    group_size=GroupSize.SMALL_GROUP,
                    sessions_per_week=2,
                    minutes_per_session=30,
                    delivered_by=staff,
                )
            ]
            db.session.add_all([pupil, plan, outcome])
        db.session.commit()


def _summary(html: str) -> str:
    return " ".join(html.split('<div id="map-results"', 1)[-1].split("</p>", 1)[0].split())


def _footer(html: str) -> list[str]:
    foot = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', foot)


def test_the_map_is_paged_and_its_totals_are_the_whole_schools(app, login, demo, three_a_page):
    # Seven year 2 pupils: five in one group (one row), two with help of their own.
    _add_help(app, ["Maths booster"] * 5 + ["Lego therapy", "Zones of regulation"])
    senco = login(SENCO)
    everything = _csv(senco.get("/senco/provision-map.csv?year=2"))
    body, total = everything[1:-1], everything[-1]
    assert len(body) == 3 and total[0] == "Total" and total[6] == "7"

    # Year 2 with one pupil a row besides the group: one page, and totals equal to the CSV's.
    only = senco.get("/senco/provision-map?year=2").get_data(as_text=True)
    assert "3 pieces of help, 7 pupils." in _summary(only) and "Showing" not in _summary(only)
    assert 'aria-label="Pages of this list"' not in only
    assert _footer(only) == [total[8], total[9]] == ["3", "7"]

    # The whole school: more rows than a page. Every page shows the same totals, counting the
    # pupils and hours of the rows on the other pages.
    school = _csv(senco.get("/senco/provision-map.csv"))
    rows, school_total = school[1:-1], school[-1]
    pages = -(-len(rows) // 3)
    assert pages >= 3
    seen = []
    for page in range(1, pages + 1):
        html = senco.get(f"/senco/provision-map?page={page}").get_data(as_text=True)
        summary = _summary(html)
        assert f"{len(rows)} pieces of help, {school_total[6]} pupils." in summary
        first, last = 3 * page - 2, min(3 * page, len(rows))
        assert f"Showing {first} to {last}." in summary
        assert f"Page {page} of {pages}" in html
        assert _footer(html) == [school_total[8], school_total[9]]
        seen += map(unescape, re.findall(r"<tr>\s*<td>([^<]+)", html.split("<tbody>", 1)[1]))
    # Every row once, in the CSV's order, across the pages.
    assert seen == [row[0] for row in rows]
    # A page past the end is the last one; page "x" is the first.
    past = senco.get("/senco/provision-map?page=99").get_data(as_text=True)
    assert f"Page {pages} of {pages}" in past and "No help matches" not in past
    assert "Page 1 of" in senco.get("/senco/provision-map?page=x").get_data(as_text=True)


def test_the_pager_keeps_the_filters_and_works_with_htmx(app, login, demo, three_a_page):
    _add_help(app, [f"Reading group {n}" for n in range(7)], staff="Mrs Khan")
    senco = login(SENCO)
    first = senco.get("/senco/provision-map?staff=khan&year=2").get_data(as_text=True)
    assert "7 pieces of help, 7 pupils." in _summary(first)
    assert 'href="/senco/provision-map?page=2&amp;staff=khan&amp;year=2"' in first
    assert 'data-hx-get="/senco/provision-map?page=2&amp;staff=khan&amp;year=2"' in first
    # The CSV link keeps the filters, not the page: the download is the whole map.
    second = senco.get(
        "/senco/provision-map?page=2&staff=khan&year=2", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" not in second and "Page 2 of 3" in second
    assert "Reading group 3" in second and "Reading group 0" not in second
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert 'href="/senco/provision-map.csv?staff=khan&amp;year=2"' in second
    rows = _csv(senco.get("/senco/provision-map.csv?staff=khan&year=2"))
    assert len(rows) == 1 + 7 + 1  # the header, every row, the total


def test_help_written_differently_is_one_row(app, login, demo):
    """The database groups help as the map did in Python: case and spaces aside, the same
    words are the same help, in any alphabet."""
    _add_help(
        app,
        [
            "Maths booster",
            "maths  BOOSTER ",
            "Ćwiczenia z logopedą",
            "ĆWICZENIA Z LOGOPEDĄ",
            "Ćwiczenia\tz logopedą",
        ],
    )
    rows = _csv(login(SENCO).get("/senco/provision-map.csv?year=2"))
    # Each row is shown in one of the ways it was written.
    assert sorted((" ".join(r[0].lower().split()), r[6], r[8], r[9]) for r in rows[1:-1]) == [
        ("maths booster", "2", "1", "2"),
        ("ćwiczenia z logopedą", "3", "1", "3"),
    ]
    assert rows[-1][6:] == ["5", "", "2", "5"]


def test_a_page_of_the_map_does_the_same_work_when_the_school_grows_tenfold(
    app, login, demo, three_a_page
):
    """The same statements and the same rows loaded for a page of the map, and the same
    statements for the CSV, with 3 or 30 more pupils with help; the totals count them all."""
    from querycount import count_queries
    from test_page_work import rows_loaded

    senco = login(SENCO)

    def work(url: str) -> tuple[int, int, str]:
        senco.get(url)  # warm: the user's memberships
        app.extensions["kept"].clear()  # the work of making the page, not of a kept one
        with app.app_context(), count_queries(db.engine) as statements, rows_loaded() as rows:
            response = senco.get(url)
        assert response.status_code == 200
        return len(statements), len(rows), _summary(response.get_data(as_text=True))

    # Help of their own, after the demo's in the map's order: the first page stays the same.
    _add_help(app, [f"Zz help {n:02d}" for n in range(3)])
    small, small_csv = work("/senco/provision-map"), work("/senco/provision-map.csv")
    _add_help(app, [f"Zz help {n:02d}" for n in range(3, 30)])
    large, large_csv = work("/senco/provision-map"), work("/senco/provision-map.csv")
    assert large[:2] == small[:2] and large_csv[0] == small_csv[0]
    assert small[0] <= 12, small
    # What the page says does change: the totals are the school's.
    assert small[2] != large[2] and "30 pupils" not in small[2]
    pieces = int(re.search(r"(\d+) pieces of help", large[2]).group(1))
    assert pieces == int(re.search(r"(\d+) pieces of help", small[2]).group(1)) + 27


def test_a_page_of_the_map_is_never_older_than_the_data(app, login, demo, three_a_page):
    """The page's rows are kept between views (portal.kept, as the register's): help added
    anywhere in the school is on the next view of every page."""
    senco = login(SENCO)
    first = senco.get("/senco/provision-map?page=2").get_data(as_text=True)
    again = senco.get("/senco/provision-map?page=2").get_data(as_text=True)
    assert _without_tokens(again) == _without_tokens(first)  # a form's token has its second
    before = int(re.search(r"(\d+) pieces of help", _summary(first)).group(1))
    _add_help(app, ["Zz new help"])
    after = senco.get("/senco/provision-map?page=2").get_data(as_text=True)
    assert f"{before + 1} pieces of help" in _summary(after)
