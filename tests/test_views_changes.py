"""What pupils and the adults beside them stumbled on (issue 16, "Pupil views"): each point
as a person meets it, through HTTP."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Meeting, Plan, Respondent, ViewsStatus, utcnow
from tests.voices_helpers import sent_views, views_for, views_request_id, walk_pupil_form


def test_changing_sent_views_does_not_unsend_them(login, demo, app):
    pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, pupil, Respondent.PUPIL)
    sent = sent_views(app, rid)[-1]
    tyler = login("tyler@riverside.example")
    tyler.submit(f"/views/{rid}/", {})  # "Change my answers"
    tyler.submit(f"/views/{rid}/q/job", {"answer": "A mechanic", "action": "stop"})
    home = tyler.get("/me/").text
    assert "Thank you! You told us what you think." in home
    assert "You started to change your answers. The school still sees the answers you sent." in home
    assert "You have started. Your answers are saved." not in home
    david = login("senco@riverside.example")
    meetings = david.get("/senco/meetings").text
    row = meetings[meetings.index("Tyler Brooks") :]
    assert re.search(r">1 of 2</td>", row[: row.index("</tr>")])  # Tyler's, not his dad's
    meeting_id = re.search(
        r'href="/senco/meetings/(\d+)"', david.get(f"/staff/pupils/{pupil.id}").text
    )[1]
    meeting = david.get(f"/senco/meetings/{meeting_id}").text
    assert f"/staff/pupils/{pupil.id}/views/{sent.id}" in meeting
    assert "a change is started, not sent yet" in meeting
    # What staff read is still what was sent.
    page = david.get(f"/staff/pupils/{pupil.id}/views/{sent.id}").text
    assert "I want to be a bike mechanic" in page and "A mechanic" not in page


def test_a_new_version_replaces_the_old_inbox_item_and_says_it_is_a_change(login, demo, app):
    pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, pupil, Respondent.PUPIL)
    tyler = login("tyler@riverside.example")
    for words in ("A mechanic", "A bus driver", "A chef"):
        tyler.submit(f"/views/{rid}/", {})
        tyler.submit(f"/views/{rid}/q/job?change=1", {"answer": words})
        tyler.submit(f"/views/{rid}/check", {})
    assert len(sent_views(app, rid)) == 4
    inbox = login("senco@riverside.example").get("/senco/inbox?show=all&kind=pupil_views").text
    titles = re.findall(r'<p class="inbox__title"><a href="([^"]+)">([^<]+)</a>', inbox)
    assert titles == [
        (
            f"/staff/pupils/{pupil.id}/views/{sent_views(app, rid)[-1].id}",
            "Changed views from Tyler Brooks",
        )
    ]
    old = sent_views(app, rid)[0]
    page = login("senco@riverside.example").get(f"/staff/pupils/{pupil.id}/views/{old.id}").text
    assert "These views were changed." in page and "Read the newer version" in page


def test_my_answers_has_a_change_link_for_each_answer(login, demo, app):
    pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, pupil, Respondent.PUPIL)
    sent = sent_views(app, rid)[-1]
    tyler = login("tyler@riverside.example")
    given = tyler.get(f"/views/given/{sent.id}").text
    links = re.findall(rf'href="/views/{rid}/q/([\w-]+)\?change=1"', given)
    assert {"good_at", "job", "feel", "safe", "happen"} <= set(links)
    assert len(links) == len(set(links)) >= 15
    # Opening it starts nothing; saving it makes the change and goes back to the check page.
    page = tyler.get(f"/views/{rid}/q/job?change=1").text
    assert "I want to be a bike mechanic" in page and "Check my answers" in page
    assert len(views_for(app, rid)) == 1
    saved = tyler.submit(f"/views/{rid}/q/job?change=1", {"answer": "A mechanic", "action": "next"})
    assert saved.headers["Location"].endswith(f"/views/{rid}/check")
    draft = [v for v in views_for(app, rid) if v.status is ViewsStatus.DRAFT][0]
    assert draft.answers["job"]["text"] == "A mechanic" and draft.supersedes_id == sent.id
    # Two taps: Change, then Send.
    tyler.submit(f"/views/{rid}/check", {})
    assert sent_views(app, rid)[-1].answers["job"]["text"] == "A mechanic"


def test_the_staff_pupil_page_says_views_are_half_done(login, demo, app):
    zofia = demo.pupil("Zofia", "Nowak")
    for who in ("teacher@oakfield.example", "senco@oakfield.example"):
        page = login(who).get(f"/staff/pupils/{zofia.id}").text
        section = page[page.index('id="views"') :]
        assert "No views have been sent yet." not in section
        assert re.search(
            r"views for the meeting on .+ are half done: 3 of 9 questions answered", section
        )
        assert "Started with Tom Evans" in section and "Carry on with Zofia" in section


def test_the_pupils_questions_in_their_language_the_adults_pages_in_theirs(login, demo, app):
    zofia = demo.pupil("Zofia", "Nowak")
    rid = views_request_id(app, zofia, Respondent.PUPIL)
    tom = login("teacher@oakfield.example")
    start = tom.get(f"/views/{rid}/").text
    assert "Show the questions to the pupil in" in start
    assert "Zofia&#39;s home language is Polish." in start
    tom.submit(f"/views/{rid}/", {"pupil_language": "pl"})
    page = tom.get(f"/views/{rid}/q/good_at").text
    assert '<html lang="en' in page  # Tom's page
    assert "You are helping Zofia give their views." in page  # the note to Tom, in English
    assert '<div data-listen-root lang="pl" dir="ltr">' in page
    assert "Co umiesz robić dobrze?" in page and "Nie wiem" in page  # Zofia's part, in Polish
    assert "What are you good at?" not in page
    helped_url = f"/views/{rid}/helped"
    walk_pupil_form(tom, rid, "good_at")
    helped = tom.get(helped_url).text
    assert "Who helped and how" in helped and 'selected value="pl"' in helped
    urdu = login("ami@oakfield.example")
    yusuf = demo.pupil("Yusuf", "Rahman")
    yusuf_rid = views_request_id(app, yusuf, Respondent.PUPIL)
    urdu.submit(f"/views/{yusuf_rid}/", {"pupil_language": "en"})
    mixed = urdu.get(f"/views/{yusuf_rid}/q/good_at").text
    assert '<html lang="ur" dir="rtl">' in mixed and 'lang="en" dir="ltr"' in mixed
    assert "What are you good at?" in mixed


def test_a_pupils_goals_page_never_says_a_past_date(login, demo, app):
    """Tyler's plan's review date is past (demo); his meeting is booked: that date is shown."""
    pupil = demo.pupil("Tyler", "Brooks")
    with app.app_context():
        plan = db.session.scalars(sa.select(Plan).where(Plan.pupil_id == pupil.id)).first()
        assert plan.review_date < utcnow().date()
        past = plan.review_date
    page = login("tyler@riverside.example").get("/me/goals").text
    assert past.strftime("%-d %B %Y") not in page
    assert "We will talk about how it is going on" in page
    assert "Tell us how your goals are going" in page
    with app.app_context():
        for meeting in db.session.scalars(sa.select(Meeting).where(Meeting.pupil_id == pupil.id)):
            meeting.cancelled_at = utcnow()
        db.session.commit()
    later = login("tyler@riverside.example").get("/me/goals").text
    assert "We will talk about how it is going at your next meeting." in later


def test_every_demo_meeting_is_on_a_school_day(app, demo):
    zone = ZoneInfo("Europe/London")
    with app.app_context():
        meetings = db.session.scalars(sa.select(Meeting)).all()
        assert meetings
        for meeting in meetings:
            local = meeting.starts_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
            assert local.weekday() < 5, (meeting.id, local)
        assert all(m.starts_at > utcnow() - timedelta(days=400) for m in meetings)


def test_a_weekend_demo_meeting_moves_to_a_school_day(app, demo):
    from portal.demo import context, voice

    with app.app_context():
        meeting = db.session.scalars(sa.select(Meeting).where(Meeting.starts_at > utcnow())).first()
        local = meeting.starts_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(
            ZoneInfo("Europe/London")
        )
        saturday = local + timedelta(days=(5 - local.weekday()) % 7)
        meeting.starts_at = saturday.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
        db.session.commit()
        voice._school_days(context.Demo())
        db.session.commit()
        moved = db.session.get(Meeting, meeting.id)
        after = moved.starts_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(
            ZoneInfo("Europe/London")
        )
        assert after.weekday() == 0 and (after.date() - saturday.date()).days == 2
        assert after.time() == saturday.time()
