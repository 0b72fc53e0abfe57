"""The staff pupil page at trust scale (issue 13): each history section shows its latest
few, the rest are one click away a page at a time, and the page does the same work however
long the pupil's history grows."""

import re
from datetime import date, timedelta
from itertools import count

import pytest
import sqlalchemy as sa
from querycount import count_queries
from test_audit_reads import events
from test_page_work import rows_loaded

from portal.extensions import db
from portal.models import (
    ChangeSource,
    Concern,
    ConcernStatus,
    FormVersion,
    Meeting,
    MeetingKind,
    MeetingOutcome,
    ParentLink,
    Pupil,
    Respondent,
    SenChange,
    SenField,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)
from portal.staff import routes as staff_routes

TEACHER = "teacher@oakfield.example"
SENCO = "senco@oakfield.example"
_serial = count(1)


def add_history(app, pupil_id: int, how_many: int) -> None:
    """`how_many` more of everything the pupil page lists, each older than the last, all
    older than a day ago: past meetings with views asked of the pupil and a parent and sent,
    concerns from the parent, and changes of SEN history."""
    with app.app_context():
        pupil = db.session.get(Pupil, pupil_id)
        parent_id = db.session.scalar(
            sa.select(ParentLink.user_id).where(ParentLink.pupil_id == pupil_id).limit(1)
        )
        oldest = db.session.scalar(
            sa.select(sa.func.min(Meeting.starts_at)).where(Meeting.pupil_id == pupil_id)
        )
        start = min(oldest or utcnow(), utcnow()) - timedelta(days=1)
        for _ in range(how_many):
            n = next(_serial)
            when = start - timedelta(days=n)
            meeting = Meeting(
                school_id=pupil.school_id,
                pupil_id=pupil_id,
                kind=MeetingKind.SEN_SUPPORT_REVIEW,
                starts_at=when,
                outcome=MeetingOutcome.HELD,
            )
            db.session.add(meeting)
            db.session.flush()
            for respondent, author, version in (
                (Respondent.PUPIL, pupil.user_id or parent_id, FormVersion.PRIMARY),
                (Respondent.PARENT, parent_id, FormVersion.PARENT),
            ):
                request = ViewsRequest(
                    school_id=pupil.school_id,
                    pupil_id=pupil_id,
                    meeting_id=meeting.id,
                    respondent=respondent,
                    user_id=author if respondent is Respondent.PARENT else pupil.user_id,
                )
                db.session.add(request)
                db.session.flush()
                db.session.add(
                    Views(
                        school_id=pupil.school_id,
                        pupil_id=pupil_id,
                        request_id=request.id,
                        respondent=respondent,
                        form_version=version,
                        status=ViewsStatus.READ,
                        author_id=author,
                        answers={},
                        submitted_at=when - timedelta(days=3),
                    )
                )
            db.session.add(
                Concern(
                    school_id=pupil.school_id,
                    pupil_id=pupil_id,
                    raised_by_id=parent_id,
                    reference=f"CN-T{n:02d}-{n:03d}"[:12],
                    status=ConcernStatus.CLOSED,
                    submitted_at=when,
                )
            )
            db.session.add(
                SenChange(
                    pupil_id=pupil_id,
                    field=SenField.NEEDS,
                    from_value="",
                    to_value="SLCN",
                    effective_date=date(2000, 1, 1) - timedelta(days=n),
                    source=ChangeSource.FORM,
                    reason=f"History entry {n}",
                )
            )
        db.session.commit()


def latest(app, statement) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(statement))


def meeting_ids(app, pupil_id: int) -> list[int]:
    return latest(
        app,
        sa.select(Meeting.id)
        .where(Meeting.pupil_id == pupil_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()),
    )


def views_ids(app, pupil_id: int, respondents) -> list[int]:
    return latest(
        app,
        sa.select(Views.id)
        .where(
            Views.pupil_id == pupil_id,
            Views.status.in_((ViewsStatus.SUBMITTED, ViewsStatus.READ)),
            Views.respondent.in_(respondents),
        )
        .order_by(Views.submitted_at.desc(), Views.id.desc()),
    )


def concern_ids(app, pupil_id: int) -> list[int]:
    return latest(
        app,
        sa.select(Concern.id)
        .where(Concern.pupil_id == pupil_id, Concern.status != ConcernStatus.DRAFT)
        .order_by(Concern.submitted_at.desc(), Concern.id.desc()),
    )


def shown(html: str, pattern: str) -> list[int]:
    return [int(i) for i in re.findall(pattern, html)]


def test_the_page_shows_the_latest_five_of_each_history_and_links_to_all_of_them(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    add_history(app, amelia.id, 8)
    senco = login(SENCO)
    page = senco.get(f"/staff/pupils/{amelia.id}").text

    meetings = meeting_ids(app, amelia.id)
    assert shown(page, r'href="/senco/meetings/(\d+)"') == meetings[:5]
    assert (
        f'<a href="/staff/pupils/{amelia.id}/meetings">All meetings ({len(meetings)})</a>' in page
    )
    views = views_ids(app, amelia.id, (Respondent.PUPIL, Respondent.PARENT))
    assert shown(page, rf'href="/staff/pupils/{amelia.id}/views/(\d+)"') == views[:5]
    assert f"All views ({len(views)})" in page
    concerns = concern_ids(app, amelia.id)
    assert shown(page, r'href="/senco/concerns/(\d+)"') == concerns[:5]
    assert f"All concerns ({len(concerns)})" in page
    reasons = latest(
        app,
        sa.select(SenChange.reason)
        .where(SenChange.pupil_id == amelia.id, SenChange.reason.is_not(None))
        .order_by(SenChange.effective_date.desc(), SenChange.id.desc()),
    )
    changes = len(latest(app, sa.select(SenChange.id).where(SenChange.pupil_id == amelia.id)))
    assert page.count('<td data-label="What changed">') == 5
    assert f"All SEN history ({changes})" in page

    # Each link reaches the whole list, newest first, including what the page left out.
    everything = senco.get(f"/staff/pupils/{amelia.id}/meetings").text
    assert "<h1>Meetings about Amelia Clarke</h1>" in everything
    assert shown(everything, r'href="/senco/meetings/(\d+)"') == meetings
    assert everything.count("2 of 2 sent") >= 8  # counted by the database, as on the page
    everything = senco.get(f"/staff/pupils/{amelia.id}/views").text
    assert "<h1>Views given about Amelia Clarke</h1>" in everything
    assert shown(everything, rf'href="/staff/pupils/{amelia.id}/views/(\d+)"') == views
    everything = senco.get(f"/staff/pupils/{amelia.id}/concerns").text
    assert shown(everything, r'href="/senco/concerns/(\d+)"') == concerns
    everything = senco.get(f"/staff/pupils/{amelia.id}/sen-history").text
    assert everything.count('<td data-label="What changed">') == changes
    places = [everything.index(f" · {reason}<") for reason in reasons]
    assert places == sorted(places)  # newest first
    assert f'href="/staff/pupils/{amelia.id}"' in everything  # and back


def test_a_short_history_shows_everything_and_no_link(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    page = login(SENCO).get(f"/staff/pupils/{zofia.id}").text
    assert len(meeting_ids(app, zofia.id)) <= 5
    assert shown(page, r'href="/senco/meetings/(\d+)"') == meeting_ids(app, zofia.id)
    assert f"/staff/pupils/{zofia.id}/meetings" not in page
    assert "All views (" not in page and "All concerns (" not in page


def test_the_whole_history_comes_a_page_at_a_time(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    add_history(app, amelia.id, 30)
    meetings = meeting_ids(app, amelia.id)
    senco = login(SENCO)
    first = senco.get(f"/staff/pupils/{amelia.id}/meetings").text
    assert shown(first, r'href="/senco/meetings/(\d+)"') == meetings[:25]
    assert "Showing 1 to 25." in first
    assert "Page 1 of 2" in first
    assert f'href="/staff/pupils/{amelia.id}/meetings?page=2" rel="next"' in first
    second = senco.get(f"/staff/pupils/{amelia.id}/meetings?page=2").text
    assert shown(second, r'href="/senco/meetings/(\d+)"') == meetings[25:]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert senco.get(f"/staff/pupils/{amelia.id}/meetings?page=3").status_code == 404


def test_a_teacher_sees_the_pupils_views_but_not_the_familys_concerns(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    add_history(app, amelia.id, 6)
    teacher = login(TEACHER)
    page = teacher.get(f"/staff/pupils/{amelia.id}").text
    own_views = views_ids(app, amelia.id, (Respondent.PUPIL,))
    assert shown(page, rf'href="/staff/pupils/{amelia.id}/views/(\d+)"') == own_views[:5]
    assert f"All views ({len(own_views)})" in page
    everything = teacher.get(f"/staff/pupils/{amelia.id}/views").text
    assert "<h1>Amelia&#39;s views</h1>" in everything
    assert shown(everything, rf'href="/staff/pupils/{amelia.id}/views/(\d+)"') == own_views
    # Only the pupil's own: the family's views are the SENCO's to read.
    assert everything.count("Views from Amelia<") == len(own_views)
    assert teacher.get(f"/staff/pupils/{amelia.id}/concerns").status_code == 404
    assert teacher.get(f"/staff/pupils/{amelia.id}/sen-history").status_code == 200


@pytest.mark.parametrize("section", ["meetings", "views", "concerns", "sen-history"])
def test_another_pupils_history_is_not_found(login, demo, section):
    yusuf = demo.pupil("Yusuf", "Rahman")  # not one of Tom's
    assert login(TEACHER).get(f"/staff/pupils/{yusuf.id}/{section}").status_code == 404
    other = demo.pupil("Amelia", "Clarke")  # Oakfield's, not Riverside's
    assert (
        login("senco@riverside.example").get(f"/staff/pupils/{other.id}/{section}").status_code
        == 404
    )


def test_reading_the_whole_history_is_audited(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    tom = demo.user(TEACHER)
    before = events(app, pupil_id=amelia.id, actor_id=tom.id)
    assert login(TEACHER).get(f"/staff/pupils/{amelia.id}/meetings").status_code == 200
    assert events(app, pupil_id=amelia.id, actor_id=tom.id) == [
        *before,
        ("pupil.view", tom.id, amelia.id),
    ]


def work(app, client, url: str) -> tuple[list[str], list[str]]:
    with app.app_context(), count_queries(db.engine) as statements, rows_loaded() as rows:
        assert client.get(url).status_code == 200, url
    return statements, sorted(rows)


def test_the_page_does_the_same_work_when_the_history_grows_tenfold(app, login, demo, monkeypatch):
    monkeypatch.setattr(staff_routes, "HISTORY_PAGE_SIZE", 5)
    amelia = demo.pupil("Amelia", "Clarke")
    add_history(app, amelia.id, 6)
    senco, teacher = login(SENCO), login(TEACHER)
    urls = [
        (senco, f"/staff/pupils/{amelia.id}"),
        (teacher, f"/staff/pupils/{amelia.id}"),
        *((senco, f"/staff/pupils/{amelia.id}/{s}") for s in staff_routes.HISTORY_SECTIONS),
        (teacher, f"/staff/pupils/{amelia.id}/views?page=2"),
    ]
    for client, url in urls:
        client.get(url)  # warm: the user's memberships
    small = [work(app, client, url) for client, url in urls]
    add_history(app, amelia.id, 54)  # 6 → 60
    large = [work(app, client, url) for client, url in urls]
    for (_client, url), (statements, rows), (grown, grown_rows) in zip(
        urls, small, large, strict=True
    ):
        assert grown == statements, url
        assert grown_rows == rows, url
    # The SENCO's page: what it shows in at most 19 statements (the session's and the
    # layout's 5, the page's 14), whatever the history.
    statements, rows = small[0]
    assert len(statements) <= 19, "\n\n".join(statements)
    assert rows.count("Meeting") == 5 and rows.count("SenChange") == 5
    assert "Concern" not in rows and "ViewsRequest" not in rows
