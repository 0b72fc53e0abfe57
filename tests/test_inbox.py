"""The SENCO's inbox and each pupil's timeline: what is in them, in which order, filters,
read receipts, the registry other features add to, and fixed query counts."""

import re
from datetime import datetime, timedelta

import sqlalchemy as sa

from portal import links
from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, oldest_unread_first, timeline
from portal.models import (
    Concern,
    ConcernStatus,
    FormVersion,
    Meeting,
    MeetingKind,
    Pupil,
    Respondent,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)
from tests.querycount import count_queries
from tests.voices_helpers import views_request_id


def test_inbox_holds_new_concerns_and_views_oldest_unread_first(login, demo, app):
    senco = login("senco@oakfield.example")
    page = senco.get("/senco/inbox").text
    assert "Concern about Amelia Clarke" in page
    assert "Concern about Zofia Nowak" in page  # replied, still open
    assert "Not read yet" in page and "raised 3 days ago" in page
    assert "CN-A7K-3PQ" in page and "written in Polish" in page
    assert "Tyler" not in page  # another school's pupil
    # Oldest unread first: Amelia's (unread) comes before Zofia's (read and replied).
    assert page.index("Concern about Amelia Clarke") < page.index("Concern about Zofia Nowak")
    assert "2 items · 1 not read" in page

    riverside = login("senco@riverside.example").get("/senco/inbox").text
    assert "Views from Tyler Brooks" in riverside and "Amelia" not in riverside


def test_inbox_filters_by_type_and_year_group(login, demo, app):
    senco = login("senco@oakfield.example")
    year2 = senco.get("/senco/inbox?year=2").text
    assert "Zofia Nowak" in year2 and "Amelia Clarke" not in year2
    views_only = senco.get("/senco/inbox?kind=pupil_views").text
    assert "Concern about" not in views_only and "Nothing here." in views_only
    partial = senco.get("/senco/inbox?year=3", headers={"HX-Request": "true"}).text
    assert "<html" not in partial and "Amelia Clarke" in partial
    odd = senco.get("/senco/inbox?year=banana&kind=nothing&sort=sideways")
    assert odd.status_code == 200


def test_opening_an_item_marks_it_read_and_the_read_list_keeps_it(login, demo, app):
    senco = login("senco@oakfield.example")
    with app.app_context():
        amelia_concern = db.session.scalar(
            sa.select(Concern.id).where(Concern.reference == "CN-A7K-3PQ")
        )
    senco.get(f"/senco/concerns/{amelia_concern}")
    page = senco.get("/senco/inbox").text
    assert "2 items · 0 not read" in page
    senco.submit(
        f"/senco/concerns/{amelia_concern}/close",
        {"summary": "Dyslexia screening booked for next week."},
        page=f"/senco/concerns/{amelia_concern}",
    )
    assert "Amelia" not in senco.get("/senco/inbox").text
    everything = senco.get("/senco/inbox?show=all&sort=newest").text
    assert "Concern about Amelia Clarke" in everything and "Closed" in everything
    assert everything.index("Amelia Clarke") < everything.index("Zofia Nowak")  # newest first


def test_teacher_reading_views_does_not_count_as_the_school_reading_them(login, demo, app):
    zofia = demo.pupil("Zofia", "Nowak")
    rid = views_request_id(app, zofia, Respondent.PUPIL)
    tom = login("teacher@oakfield.example")
    tom.submit(f"/views/{rid}/", {})
    for key in ("learning", "friends", "safe"):
        tom.submit(f"/views/{rid}/q/{key}", {"feeling": "ok", "action": "next"})
    for key in ("important", "helps", "hard", "better", "happen"):
        tom.submit(f"/views/{rid}/q/{key}", {"answer": "", "choice": "not_sure"})
    tom.submit(
        f"/views/{rid}/helped",
        {"helped_by": "Tom Evans", "methods": ["observed"], "action": "next"},
    )
    tom.submit(f"/views/{rid}/check", {})
    with app.app_context():
        views = db.session.scalar(sa.select(Views).where(Views.request_id == rid))
    staff_page = tom.get(f"/staff/pupils/{zofia.id}").text
    assert f"/staff/pupils/{zofia.id}/views/{views.id}" in staff_page
    read = tom.get(f"/staff/pupils/{zofia.id}/views/{views.id}").text
    assert "Drawing horses" in read and "An adult watched and wrote down what they showed" in read
    with app.app_context():
        assert db.session.get(Views, views.id).status is ViewsStatus.SUBMITTED
    senco = login("senco@oakfield.example")
    inbox_page = senco.get("/senco/inbox?kind=pupil_views").text
    assert "Views from Zofia Nowak" in inbox_page and "gathered with Tom Evans" in inbox_page
    senco.get(f"/staff/pupils/{zofia.id}/views/{views.id}")
    with app.app_context():
        assert db.session.get(Views, views.id).status is ViewsStatus.READ


def test_timeline_has_everything_about_the_pupil_in_date_order(login, demo, app):
    senco = login("senco@oakfield.example")
    zofia = demo.pupil("Zofia", "Nowak")
    page = senco.get(f"/senco/pupils/{zofia.id}/timeline").text
    assert "SEN support review" in page and "Concern about Zofia Nowak" in page
    # Newest first: the meeting to come, then the concern raised last week.
    assert page.index("SEN support review") < page.index("Concern about Zofia Nowak")
    assert "Amelia" not in page
    assert (
        login("teacher@oakfield.example").get(f"/senco/pupils/{zofia.id}/timeline").status_code
        == 404
    )


def test_other_features_add_sources_to_the_inbox_and_the_timeline(login, demo, app):
    class Note:
        """A new feature's object: its web layer says where it is shown."""

    links.register(Note, "school", lambda note: links.to("main.home"))

    def notes(query: InboxQuery):
        pupil = db.session.scalars(
            sa.select(Pupil).where(Pupil.school_id == query.school_id).limit(1)
        ).one()
        return [
            Item(
                kind="test_note",
                when=utcnow(),
                title="A note from a test",
                subject=Note(),
                pupil=pupil,
                unread=True,
            )
        ]

    def pupil_notes(pupil, viewer):
        return [
            Item(
                kind="test_note",
                when=utcnow() + timedelta(days=400),
                title="A future note",
                subject=Note(),
                pupil=pupil,
            )
        ]

    inbox.add("test_note", "Test notes", notes, order=99)
    timeline.add("test_note", "Test notes", pupil_notes, order=99)
    try:
        senco = login("senco@oakfield.example")
        page = senco.get("/senco/inbox").text
        assert "A note from a test" in page and "Test notes" in page
        assert '<option value="test_note">Test notes</option>' in page
        only = senco.get("/senco/inbox?kind=test_note").text
        assert "A note from a test" in only and "Concern about" not in only
        zofia = demo.pupil("Zofia", "Nowak")
        timeline_page = senco.get(f"/senco/pupils/{zofia.id}/timeline").text
        assert timeline_page.index("A future note") < timeline_page.index("SEN support review")
        assert '<a href="/">A future note</a>' in timeline_page  # where links.register said
    finally:
        inbox._sources.pop("test_note")
        timeline._sources.pop("test_note")


def test_oldest_unread_first_orders_by_waiting_time():
    now = datetime(2026, 11, 20, 12)
    items = [
        Item("a", now - timedelta(days=1), "read, newest", "/", None, unread=False),
        Item("a", now - timedelta(days=5), "unread, oldest", "/", None, unread=True),
        Item("a", now - timedelta(days=2), "unread, newer", "/", None, unread=True),
        Item("a", now - timedelta(days=9), "read, oldest", "/", None, unread=False),
    ]
    assert [i.title for i in oldest_unread_first(items)] == [
        "unread, oldest",
        "unread, newer",
        "read, newest",
        "read, oldest",
    ]


def add_activity(app, demo, count: int, start: int = 0) -> None:
    """More concerns, views and meetings for Oakfield's pupils with SEN."""
    with app.app_context():
        school = demo.school("oakfield")
        sarah = demo.user("parent@oakfield.example")
        pupils = db.session.scalars(
            sa.select(Pupil).where(Pupil.school_id == school.id).order_by(Pupil.id)
        ).all()
        for n in range(start, start + count):
            pupil = pupils[n % len(pupils)]
            meeting = Meeting(
                school_id=school.id,
                pupil_id=pupil.id,
                kind=MeetingKind.OTHER,
                starts_at=utcnow() + timedelta(days=n + 1),
                place="Room 1",
            )
            db.session.add(meeting)
            db.session.flush()
            request = ViewsRequest(
                school_id=school.id,
                pupil_id=pupil.id,
                meeting_id=meeting.id,
                respondent=Respondent.PARENT,
                user_id=sarah.id,
            )
            db.session.add(request)
            db.session.flush()
            db.session.add(
                Views(
                    school_id=school.id,
                    pupil_id=pupil.id,
                    request_id=request.id,
                    respondent=Respondent.PARENT,
                    form_version=FormVersion.PARENT,
                    status=ViewsStatus.SUBMITTED,
                    answers={"going_well": {"text": f"Answer {n}"}},
                    author_id=sarah.id,
                    submitted_at=utcnow() - timedelta(hours=n),
                )
            )
            db.session.add(
                Concern(
                    school_id=school.id,
                    pupil_id=pupil.id,
                    raised_by_id=sarah.id,
                    reference=f"CN-TST-{n:03d}",
                    status=ConcernStatus.RECEIVED,
                    area="other",
                    submitted_at=utcnow() - timedelta(hours=n),
                )
            )
        db.session.commit()


def queries_for(client, app, url) -> int:
    client.get(url)  # warm up: the first request loads the signed-in user's memberships
    with app.app_context(), count_queries(db.engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_busy_pages_run_a_fixed_number_of_queries(login, demo, app):
    senco = login("senco@oakfield.example")
    sarah = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    pages = [
        (senco, "/senco/inbox?show=all"),
        (senco, "/senco/meetings"),
        (senco, f"/senco/pupils/{amelia.id}/timeline"),
        (senco, f"/staff/pupils/{amelia.id}"),
        (sarah, f"/families/children/{amelia.id}"),
    ]
    add_activity(app, demo, 1)  # one of each kind, so every eager load has rows to load
    before = {url: queries_for(client, app, url) for client, url in pages}
    add_activity(app, demo, 24, start=1)
    after = {url: queries_for(client, app, url) for client, url in pages}
    assert after == before, (before, after)
    # One row each for a link and its person, the sources counted together (issue 13); the
    # family's child page also asks for the help already running and the next review
    # (issue 16), and its many-to-one rows (who agreed the plan, the SENCOs' accounts, each
    # record's meeting) come joined to their lists: 22 at most, as issue 13 asked.
    assert max(before.values()) <= 22, before


def test_the_inbox_is_shown_a_page_at_a_time_oldest_unread_first(login, demo, app):
    add_activity(app, demo, 30)  # 30 concerns and 30 sets of views, one an hour apart
    senco = login("senco@oakfield.example")
    first = senco.get("/senco/inbox?kind=concern").text
    assert "Showing 1 to 25." in first and "Page 1 of 2" in first
    assert 'href="/senco/inbox?page=2&amp;kind=concern"' in first
    second = senco.get("/senco/inbox?kind=concern&page=2").text
    assert "Showing 26 to " in second and "Previous page" in second
    tst = lambda page: [int(n) for n in re.findall(r"CN-TST-(\d+)", page)]  # noqa: E731
    # Every one of them once, what has waited longest (the highest number) first.
    assert sorted(tst(first) + tst(second), reverse=True) == tst(first) + tst(second)
    assert sorted(tst(first) + tst(second)) == list(range(30))
    newest = senco.get("/senco/inbox?sort=newest&kind=concern").text
    assert tst(newest)[:3] == [0, 1, 2]
