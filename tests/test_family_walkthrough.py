"""What families stumbled on, walked through again (issue 16): what is asked of them on their
home page, help already running before a plan is shared, one next review date, dates and
times as people write them, a phone number for a phone call and the day the school will
reply, and Polish and Urdu that read as written by a person."""

import io
import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from pypdf import PdfReader
from querycount import count_queries
from voices_helpers import views_request_id

from portal.concerns import services as concerns
from portal.extensions import db
from portal.models import (
    Concern,
    Meeting,
    MeetingKind,
    Plan,
    PlanStatus,
    Provision,
    Respondent,
    ViewsRequest,
    today,
    utcnow,
)
from tests.test_concerns import ANSWERS, start
from tests.test_meetings import booking

SARAH = "parent@oakfield.example"
KATARZYNA = "rodzic@oakfield.example"
NADIA = "ami@oakfield.example"
# Raw timestamps: seconds, a zone, or a Latin "PM" among Urdu letters.
SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
ZONE = re.compile(r"(?:\+|−|-)(?:0\d|1[0-4])00\b|\bGMT\b|\bUTC\b")
LATIN_DAY_PERIOD = re.compile(r"\d:\d{2}\s*(?:AM|PM|am|pm)")
LATIN_COMMA_IN_URDU = re.compile(r"[\u0600-\u06FF]\s*,|,\s*[\u0600-\u06FF]")


def english_day(day: date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')} {day.year}"


def polish_day(day: date) -> str:
    """Babel's long Polish date with its weekday in brackets: "7 grudnia 2026 (poniedziałek)"."""
    return f"{format_date(day, 'long', locale='pl')} ({format_date(day, 'EEEE', locale='pl')})"


def due_on(app, request_id: int) -> date:
    with app.app_context():
        return db.session.get(ViewsRequest, request_id).due_on


def main(html: str) -> str:
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def text_of(html: str) -> str:
    """The words of a page as read: inline tags vanish, blocks are spaced."""
    html = re.sub(r"</?(?:a|bdi|strong|span|em|abbr)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


# --- What is asked of a family, on their home page ---------------------------------------


def test_the_family_home_says_what_the_school_is_waiting_for(app, login, demo):
    amelia, jayden = demo.pupil("Amelia", "Clarke"), demo.pupil("Jayden", "Clarke")
    with app.app_context():  # Jayden's plan is shared but not yet agreed
        plan = db.session.scalar(
            sa.select(Plan).where(Plan.pupil_id == jayden.id, Plan.status == PlanStatus.SHARED)
        )
        plan.family_agreed_at, plan.family_agreed_by_id = None, None
        db.session.commit()
    html = login(SARAH).get("/families/").text
    home = text_of(main(html))
    assert home.count("What we ask of you") == 2
    for child in (amelia, jayden):
        request_id = views_request_id(app, child, Respondent.PARENT, SARAH)
        due = due_on(app, request_id)
        assert f"We would like your views by {english_day(due)}." in home
        assert f'href="/families/views/{request_id}"' in html
    assert "The school has shared a plan and is waiting for you to say if you agree." in home
    assert "Next meeting:" in home


def test_the_polish_home_asks_by_a_date_that_needs_no_declension(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    request_id = views_request_id(app, zofia, Respondent.PARENT, KATARZYNA)
    due = due_on(app, request_id)
    home = text_of(main(login(KATARZYNA).get("/families/").text))
    assert f"Prosimy o Państwa opinię do {polish_day(due)}." in home
    # The pupil has no account: the parent is asked to help her give her views.
    assert f"Chcemy też usłyszeć zdanie dziecka (Zofia), do {polish_day(due)}." in home
    assert "do poniedziałek" not in home and "do niedziela" not in home


def test_a_family_with_nothing_to_do_is_told_so(app, login, demo):
    with app.app_context():  # Yusuf's parent has already sent her views
        for request in db.session.scalars(sa.select(ViewsRequest)):
            request.due_on = None
        meeting_ids = db.session.scalars(
            sa.select(Meeting.id).join(Meeting.pupil).where(Meeting.starts_at > utcnow())
        ).all()
        for meeting in db.session.scalars(sa.select(Meeting).where(Meeting.id.in_(meeting_ids))):
            meeting.cancelled_at = utcnow()
        db.session.commit()
    home = text_of(main(login(NADIA).get("/families/").text))
    assert "اس وقت آپ سے کچھ نہیں مانگا جا رہا۔" in home


def test_the_family_home_runs_the_same_queries_for_one_child_or_two(app, login, demo):
    counts = {}
    for email in (SARAH, NADIA):  # two children, one child: each with a meeting and asks
        client = login(email)
        client.get("/families/")
        with app.app_context(), count_queries(db.engine) as statements:
            assert client.get("/families/").status_code == 200
        counts[email] = len(statements)
    assert counts[SARAH] == counts[NADIA], counts


# --- Help already running, and one next review date --------------------------------------


def test_help_already_running_shows_before_the_plan_is_shared(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    with app.app_context():
        draft = db.session.scalar(sa.select(Plan).where(Plan.pupil_id == zofia.id))
        assert draft.status is PlanStatus.DRAFT
        group = draft.provisions[0]
        for name, starts in (
            ("Later reading club", today() + timedelta(days=7)),
            ("Undated", None),
        ):
            draft.provisions.append(
                Provision(
                    description=name,
                    group_size=group.group_size,
                    sessions_per_week=1,
                    minutes_per_session=30,
                    delivered_by="Mr Lee",
                    starts_on=starts,
                )
            )
        db.session.commit()
    page = text_of(main(login(KATARZYNA).get(f"/families/children/{zofia.id}").text))
    assert "Pomoc, która już trwa" in page  # "Help in place now"
    # The demo's help is the phrase bank's, so Katarzyna reads it in Polish (issue 14).
    assert "Zajęcia językowe w małej grupie z obrazkami i przedmiotami" in page
    assert "Mrs Khan, teaching assistant" in page
    # Help not started yet, or with no start date, and the draft's outcomes stay private.
    assert "Later reading club" not in page and "Undated" not in page
    assert "retell a short picture story" not in page
    # The name is never left undeclined after a preposition.
    assert "plan dla:" not in page
    assert "Szkoła nie udostępniła jeszcze Państwu planu." in page


def test_a_child_page_gives_one_next_review_date_from_the_booked_meeting(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        plan = db.session.scalar(
            sa.select(Plan).where(Plan.pupil_id == amelia.id, Plan.status == PlanStatus.SHARED)
        )
        meeting = db.session.scalar(
            sa.select(Meeting).where(
                Meeting.pupil_id == amelia.id,
                Meeting.kind == MeetingKind.SEN_SUPPORT_REVIEW,
                Meeting.starts_at > utcnow(),
            )
        )
        plan_date, meeting_day, meeting_id = plan.review_date, meeting.starts_at.date(), meeting.id
    assert plan_date != meeting_day
    sarah = login(SARAH)
    page = text_of(main(sarah.get(f"/families/children/{amelia.id}").text))
    assert page.count("Next review") == 1
    assert f"Next review: {english_day(meeting_day)}." in page
    assert english_day(plan_date) not in page and plan_date.strftime("%-d %B %Y") not in page
    plan_page = text_of(main(sarah.get(f"/families/children/{amelia.id}/plan").text))
    assert f"check how the help is going on {english_day(meeting_day)}" in plan_page
    pdf = sarah.get(f"/families/children/{amelia.id}/plans/{plan.id}/plan.pdf").data
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert meeting_day.strftime("%-d %B %Y") in pdf_text
    assert plan_date.strftime("%-d %B %Y") not in pdf_text

    # With the meeting cancelled, the plan's own date is the one given.
    with app.app_context():
        db.session.get(Meeting, meeting_id).cancelled_at = utcnow()
        db.session.commit()
    page = text_of(main(sarah.get(f"/families/children/{amelia.id}").text))
    assert f"Next review: {english_day(plan_date)}." in page


# --- Dates and times, formatted wherever they reach a person ---------------------------


def _pages(app, demo):
    zofia, yusuf = demo.pupil("Zofia", "Nowak"), demo.pupil("Yusuf", "Rahman")
    with app.app_context():
        records = {
            pupil.id: db.session.scalar(
                sa.select(Meeting.id).where(
                    Meeting.pupil_id == pupil.id, Meeting.starts_at < utcnow()
                )
            )
            for pupil in (zofia, yusuf)
        }
        concern = db.session.scalar(sa.select(Concern.id).where(Concern.pupil_id == zofia.id))
    return {
        KATARZYNA: [
            "/families/",
            f"/families/children/{zofia.id}",
            f"/families/children/{zofia.id}/meetings/{records[zofia.id]}/record",
            f"/families/concerns/{concern}",
        ],
        NADIA: [
            "/families/",
            f"/families/children/{yusuf.id}",
            f"/families/children/{yusuf.id}/plan",
            f"/families/children/{yusuf.id}/meetings/{records[yusuf.id]}/record",
        ],
    }


@pytest.mark.parametrize("who", [KATARZYNA, NADIA])
def test_no_page_shows_a_raw_timestamp(app, login, demo, who):
    client = login(who)
    for url in _pages(app, demo)[who]:
        page = text_of(main(client.get(url).text))
        assert not SECONDS.search(page), (url, SECONDS.search(page))
        assert not ZONE.search(page), (url, ZONE.search(page))
        assert not LATIN_DAY_PERIOD.search(page), (url, LATIN_DAY_PERIOD.search(page))
        if who == NADIA:
            assert not LATIN_COMMA_IN_URDU.search(page), (url, LATIN_COMMA_IN_URDU.search(page))


def test_a_meeting_record_says_when_in_the_readers_language(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    pages = _pages(app, demo)
    polish = text_of(main(login(KATARZYNA).get(pages[KATARZYNA][2]).text))
    with app.app_context():
        held = db.session.scalar(
            sa.select(Meeting.starts_at).where(
                Meeting.pupil_id == zofia.id, Meeting.starts_at < utcnow()
            )
        )
    assert f"{polish_day(held.date())}, godz. 15:00" in polish  # 15:00 UTC in November
    urdu = text_of(main(login(NADIA).get(pages[NADIA][3]).text))
    assert re.search(r"4:00 سہ پہر", urdu), urdu  # 15:00 UTC is 16:00 in September's BST
    assert "بجے" not in urdu


def test_pdfs_and_emails_carry_dates_without_seconds_or_zones(app, login, demo, mailbox):
    zofia = demo.pupil("Zofia", "Nowak")
    katarzyna = login(KATARZYNA)
    record = _pages(app, demo)[KATARZYNA][2]
    pdf = katarzyna.get(record + ".pdf").data
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert not SECONDS.search(pdf_text) and not ZONE.search(pdf_text)
    assert "godz. 15:00" in pdf_text

    # A meeting booked for Zofia: Katarzyna's email asks by a date Polish can say.
    senco = login("senco@oakfield.example")
    data = booking(zofia.id, invitees=[f"user:{demo.user(KATARZYNA).id}"])
    senco.submit(f"/senco/pupils/{zofia.id}/meetings/new", data)
    body = mailbox.body(mailbox.to(KATARZYNA)[-1])
    due = date.fromisoformat(data["due_on"])
    assert polish_day(due) in body, body
    assert not SECONDS.search(body)


# --- A phone call needs a number; the family is told when the school will reply ------


def _to_contact(client, pupil_id) -> int:
    concern_id = start(client, pupil_id)
    for step, data in ANSWERS.items():
        if step == "contact":
            break
        client.submit(f"/families/concerns/{concern_id}/{step}", {**data, "action": "continue"})
    return concern_id


def test_choosing_a_phone_call_asks_for_the_number(app, login, demo):
    sarah = login(SARAH)
    concern_id = _to_contact(sarah, demo.pupil("Amelia", "Clarke").id)
    url = f"/families/concerns/{concern_id}/contact"
    page = sarah.get(url).text
    assert "Your phone number, if you would like a phone call" in page
    assert 'autocomplete="tel"' in page

    missing = sarah.submit(
        url, {"contact_by": "phone", "contact_note": "After 5", "action": "continue"}
    )
    assert missing.status_code == 400
    assert "Enter the phone number we should call" in missing.text
    assert 'value="After 5"' in missing.text  # what was typed is kept

    wrong = sarah.submit(
        url, {"contact_by": "phone", "contact_phone": "call me", "action": "continue"}
    )
    assert wrong.status_code == 400 and "Enter a phone number like 07700 900123" in wrong.text
    assert 'value="call me"' in wrong.text

    done = sarah.submit(
        url, {"contact_by": "phone", "contact_phone": "07700 900123", "action": "continue"}
    )
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Concern, concern_id).contact_phone == "07700 900123"

    # Changing to an email lets the number go: nothing is kept that is not needed.
    sarah.submit(
        url, {"contact_by": "email", "contact_phone": "07700 900123", "action": "continue"}
    )
    with app.app_context():
        assert db.session.get(Concern, concern_id).contact_phone is None


def test_a_concern_asking_for_a_call_cannot_be_sent_without_a_number(app, login, demo):
    sarah = login(SARAH)
    concern_id = _to_contact(sarah, demo.pupil("Amelia", "Clarke").id)
    sarah.submit(
        f"/families/concerns/{concern_id}/contact", {"contact_by": "email", "action": "continue"}
    )
    with app.app_context():  # as a draft saved before the number was asked for
        db.session.get(Concern, concern_id).contact_by = "phone"
        db.session.commit()
    sent = sarah.submit(f"/families/concerns/{concern_id}/check", {})
    assert sent.status_code == 302 and sent.location.endswith(
        f"/families/concerns/{concern_id}/contact"
    )
    with app.app_context():
        assert db.session.get(Concern, concern_id).reference is None


def test_after_sending_the_family_knows_the_number_and_the_reply_date(app, login, demo):
    sarah = login(SARAH)
    concern_id = _to_contact(sarah, demo.pupil("Amelia", "Clarke").id)
    sarah.submit(
        f"/families/concerns/{concern_id}/contact",
        {"contact_by": "phone", "contact_phone": "07700 900123", "action": "continue"},
    )
    sarah.submit(f"/families/concerns/{concern_id}/check", {})
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        due = concerns.reply_due(concern)
        sent_day = concern.submitted_at.date()
    assert due.weekday() < 5 and (due - sent_day).days in (5, 6, 7)
    sent = text_of(main(sarah.get(f"/families/concerns/{concern_id}/sent").text))
    assert f"We will reply within 5 school days, by {english_day(due)}." in sent
    assert "We will phone you on 07700 900123." in sent
    page = text_of(main(sarah.get(f"/families/concerns/{concern_id}").text))
    assert f"The school will reply by {english_day(due)}." in page

    senco = login("senco@oakfield.example").get(f"/senco/concerns/{concern_id}").text
    assert 'href="tel:07700900123"' in senco and "07700 900123" in senco


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (datetime(2026, 11, 30, 9), date(2026, 12, 7)),  # Monday: the Monday after
        (datetime(2026, 12, 4, 16), date(2026, 12, 11)),  # Friday: the Friday after
        (datetime(2026, 12, 5, 10), date(2026, 12, 11)),  # Saturday: five weekdays on
    ],
)
def test_the_reply_date_counts_school_days(sent, due):
    assert concerns.reply_due(Concern(submitted_at=sent)) == due


def test_the_parents_concern_asks_formally_in_polish(app, login, demo):
    katarzyna = login(KATARZYNA)
    concern_id = _to_contact(katarzyna, demo.pupil("Zofia", "Nowak").id)
    page = katarzyna.get(f"/families/concerns/{concern_id}/would_like").text
    assert "Co Państwa zdaniem powinno się wydarzyć?" in page
    assert "Co chcesz" not in page
