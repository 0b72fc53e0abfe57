"""The inbox's work is one page's (issue 13): the database chooses the page's items from
every source's sort keys, and only those are loaded. Whatever the page number and however
large the school, a page runs the same statements and turns the same rows into objects.

The school is made by `flask seed-load`, once with 30 pupils and once with 300, and the inbox
shows a few items a page, so both fill every page asked for.
"""

import re
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from querycount import count_queries
from signing_in import signed_in_client

from portal.extensions import db
from portal.models import AlertSource, Concern, ConcernStatus, SafetyAlert, utcnow
from portal.models.base import Base

SMALL = ("--schools", "1", "--pupils", "30")
LARGE = ("--schools", "1", "--pupils", "300")  # the school ten times
SENCO = "senco1@school1.load.example"
PAGE = 4
PAGES = [
    "/senco/inbox?show=all",
    "/senco/inbox?show=all&page=3",
    "/senco/inbox?show=all&sort=newest",
    "/senco/inbox?show=all&sort=newest&page=3",
    "/senco/inbox?show=all&kind=parent_views",
    "/senco/inbox?show=all&kind=parent_views&page=3",
]
# What an inbox item is about: each page shows PAGE of them, and loads no more.
SUBJECTS = {"Concern", "Views", "PlanQuestion", "Worry", "SafetyAlert"}
SUBJECTS |= {"SubjectAccessRequest", "TranslationRequest"}
# Views bring their pupil, request, meeting and author; every request its signed-in person,
# session, membership and school.
MOST_AN_ITEM_LOADS = 5
SIGNED_IN = 4


@pytest.fixture
def few_a_page(app, monkeypatch):
    from portal.senco import routes

    monkeypatch.setattr(routes, "INBOX_PAGE_SIZE", PAGE)
    app.config["PORTAL_DEMO"] = True  # seed-load runs only on a demo installation
    yield
    app.config["PORTAL_DEMO"] = False


def work(app, trust: tuple[str, ...]) -> dict[str, tuple[int, Counter]]:
    """Each page's statements and the rows it turned into objects, by model."""
    result = app.test_cli_runner().invoke(args=["seed-load", *trust, "--audit-per-pupil", "1"])
    assert result.exit_code == 0, result.output
    client = signed_in_client(app, SENCO)
    found = {}
    for url in PAGES:
        assert client.get(url).status_code == 200, url  # warm: the user's memberships
        loaded: Counter = Counter()

        def count(target, context, loaded=loaded):
            loaded[type(target).__name__] += 1

        sa.event.listen(Base, "load", count, propagate=True)
        try:
            with app.app_context(), count_queries(db.engine) as statements:
                page = client.get(url).text
        finally:
            sa.event.remove(Base, "load", count)
        assert page.count('<li class="inbox__item') == PAGE, url  # a full page each time
        found[url] = (len(statements), loaded)
    return found


def test_an_inbox_page_does_the_same_work_whatever_the_page_and_the_school(app, few_a_page):
    small = work(app, SMALL)
    app.extensions["test_snapshots"].restore("empty")
    large = work(app, LARGE)
    report = "\n".join(f"{url}: {small[url]} -> {large[url]}" for url in PAGES)
    for url in PAGES:
        (small_statements, small_rows), (large_statements, large_rows) = small[url], large[url]
        # The same statements in a school ten times the size...
        assert small_statements == large_statements, report
        # ...and exactly the page's items loaded, in both: not every source's first
        # `page * PAGE` (page 3 once loaded 12 of each kind to show 4).
        for rows in (small_rows, large_rows):
            assert sum(rows[name] for name in SUBJECTS) == PAGE, report
        # With them what each item shows (its pupil, who wrote, the meeting it was for) and
        # the signed-in person's rows; nothing that grows with the roll.
        for rows in (small_rows, large_rows):
            assert sum(rows.values()) <= SIGNED_IN + PAGE * MOST_AN_ITEM_LOADS, report
    # A later page costs what the first does.
    for first, later in zip(PAGES[::2], PAGES[1::2], strict=True):
        assert large[first][0] == large[later][0], report


def test_items_at_the_same_moment_are_each_on_one_page_only(login, demo, app, monkeypatch):
    """Ties come in the order they were made: on PostgreSQL, which sorts ties as it finds
    them, a page and the next could both show one item and never show another."""
    from portal.senco import routes

    monkeypatch.setattr(routes, "INBOX_PAGE_SIZE", 4)
    at = utcnow() - timedelta(days=2)
    with app.app_context():
        school, sarah = demo.school("oakfield"), demo.user("parent@oakfield.example")
        amelia = demo.pupil("Amelia", "Clarke")
        for n in range(10):
            db.session.add(
                Concern(
                    school_id=school.id,
                    pupil_id=amelia.id,
                    raised_by_id=sarah.id,
                    reference=f"CN-TIE-{n:03d}",
                    status=ConcernStatus.READ,
                    area="other",
                    submitted_at=at,
                )
            )
        db.session.commit()
    senco = login("senco@oakfield.example")
    for sort in ("", "newest"):
        shown = []
        for page in (1, 2, 3, 4):
            text = senco.get(f"/senco/inbox?kind=concern&sort={sort}&page={page}").text
            shown += [int(n) for n in re.findall(r"CN-TIE-(\d+)", text)]
        assert shown == list(range(10)), (sort, shown)


def test_an_open_safety_alert_stays_above_everything_whatever_the_sort(login, demo, app):
    tyler = demo.pupil("Tyler", "Brooks")
    with app.app_context():
        for days, dealt_with in ((30, False), (20, True)):
            db.session.add(
                SafetyAlert(
                    school_id=tyler.school_id,
                    pupil_id=tyler.id,
                    source=AlertSource.FEELING_UNSAFE,
                    raised_at=utcnow() - timedelta(days=days),
                    first_seen_at=utcnow() - timedelta(days=days),  # read long ago
                    dealt_with_at=utcnow() - timedelta(days=days - 1) if dealt_with else None,
                )
            )
        db.session.commit()
    senco = login("senco@riverside.example")  # Riverside's safeguarding lead
    for url in ("/senco/inbox?show=all", "/senco/inbox?show=all&sort=newest"):
        items = re.findall(r'<li class="inbox__item.*?</li>', senco.get(url).text, re.S)
        assert len(items) > 2, url
        # The open one first, though read and older than everything; the one dealt with
        # takes its place by date, below something newer.
        assert "Not dealt with yet" in items[0], url
        assert not any("Not dealt with yet" in item for item in items[1:]), url
        assert any("Dealt with" in item for item in items[2:]), url


def test_the_page_chosen_is_kept_only_until_something_changes(login, demo, app):
    senco = login("senco@oakfield.example")
    before = senco.get("/senco/inbox?sort=newest").text  # chosen, and kept (portal.kept)
    assert "CN-NEW-001" not in before
    with app.app_context():
        db.session.add(
            Concern(
                school_id=demo.school("oakfield").id,
                pupil_id=demo.pupil("Amelia", "Clarke").id,
                raised_by_id=demo.user("parent@oakfield.example").id,
                reference="CN-NEW-001",
                status=ConcernStatus.RECEIVED,
                area="other",
                submitted_at=utcnow(),
            )
        )
        db.session.commit()
    items = re.findall(
        r'<li class="inbox__item.*?</li>', senco.get("/senco/inbox?sort=newest").text, re.S
    )
    assert "CN-NEW-001" in items[0]
