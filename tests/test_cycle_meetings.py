"""Meetings as the Code runs them: the class teacher leads (6.51, 6.67), a meeting counts
once it has been held with a parent there (6.65), a record is not shared empty (6.71), and
booking a closed day or a review after its due date warns."""

from datetime import date, timedelta

import sqlalchemy as sa
from cycle_helpers import add_meeting, one, school_day, section, weekend_day
from plans_helpers import hidden

from portal.models import (
    Contact,
    EmailMessage,
    InviteeRole,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingOutcome,
    MeetingRecord,
    ViewsRequest,
    utcnow,
)

TOM = "teacher@oakfield.example"
SENCO = "senco@oakfield.example"


def _booking(day: date, **overrides) -> dict:
    data = {
        "kind": "other",
        "day": day.isoformat(),
        "time": "15:30",
        "duration": "30",
        "place": "Year 3 classroom",
        "purpose": "How reading is going at home.",
        "interpreter_language": "",
        "ask_parents": "y",
        "due_on": (day - timedelta(days=2)).isoformat(),
        "form_version": "",
    }
    data.update(overrides)
    return data


def _term_dates(senco, year: int, dates: dict) -> dict:
    """The school-year page's form for one year, as a browser sends it: each year's fields
    are named with its year (terms-2026-autumn_starts)."""
    prefix = f"terms-{year}-"
    token = senco.csrf_token("/senco/school-year")
    sent = {"csrf_token": token, "academic_year": str(year), **dates}
    return {prefix + name: value for name, value in sent.items()}


def test_the_class_teacher_books_records_and_shares_a_meeting(app, login, demo, mailbox):
    amelia = demo.pupil("Amelia", "Clarke")
    sarah = demo.user("parent@oakfield.example")
    tom = login(TOM)
    page = tom.get(f"/staff/pupils/{amelia.id}").text
    assert f'href="/senco/pupils/{amelia.id}/meetings/new">Book a meeting' in page
    day = school_day(date.today(), days=8)
    form_url = f"/senco/pupils/{amelia.id}/meetings/new"
    booked = tom.submit(
        form_url, _booking(day, invitees=[f"user:{sarah.id}", f"user:{demo.user(TOM).id}"])
    )
    assert booked.status_code == 302, booked.text[:500]
    meeting = one(
        app, sa.select(Meeting).where(Meeting.pupil_id == amelia.id).order_by(Meeting.id.desc())
    )
    assert meeting.booked_by_id == demo.user(TOM).id
    assert [m["To"] for m in mailbox.messages] == ["parent@oakfield.example"]
    # Tom asked Sarah for her views before the meeting, as the SENCO would.
    asked = one(app, sa.select(ViewsRequest).where(ViewsRequest.meeting_id == meeting.id))
    assert (asked.user_id, asked.due_on) == (sarah.id, day - timedelta(days=2))
    # Tom is not linked to Yusuf: his meetings are not Tom's to book or open.
    yusuf = demo.pupil("Yusuf", "Rahman")
    assert tom.get(f"/senco/pupils/{yusuf.id}/meetings/new").status_code == 404

    # After the day: the meeting was held, Sarah came (the contact linked to her account).
    with app.app_context():
        from portal.extensions import db

        db.session.get(Meeting, meeting.id).starts_at = utcnow() - timedelta(hours=2)
        db.session.commit()
    url = f"/senco/meetings/{meeting.id}"
    page = tom.get(url).text
    contact = one(app, sa.select(Contact).where(Contact.pupil_id == amelia.id))
    assert f'value="contact:{contact.id}"' in page and "What happened" in page
    saved = tom.submit(
        f"{url}/outcome", {"outcome": "held", "attended": [f"contact:{contact.id}"]}, page=url
    )
    assert saved.status_code == 302
    came = one(app, sa.select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id))
    assert (came.role, came.contact_id, came.name) == (
        InviteeRole.PARENT,
        contact.id,
        "Sarah Clarke",
    )

    record_url = f"{url}/record"
    form = tom.get(record_url).text
    assert "Sarah Clarke" in form  # who came starts the record
    due = (date.today() + timedelta(days=14)).isoformat()
    written = tom.submit(
        record_url,
        {
            "attended": "Sarah Clarke, mother\nTom Evans, class teacher",
            "discussed": "Reading at home.",
            "agreed": "Keep reading every night.",
            "action_0_what": "Send home a new reading book",
            "action_0_who": "Tom Evans",
            "action_0_due": due,
            "support": "Daily 1:1 reading.",
        },
    )
    assert written.status_code == 302
    page = tom.get(record_url).text
    shared = tom.submit(
        f"{record_url}/share", {"version": hidden(page, "version")}, page=record_url
    )
    assert shared.status_code == 302
    record = one(app, sa.select(MeetingRecord).where(MeetingRecord.meeting_id == meeting.id))
    assert record.shared_by_id == demo.user(TOM).id
    family = (
        login("parent@oakfield.example")
        .get(f"/families/children/{amelia.id}/meetings/{meeting.id}/record")
        .text
    )
    assert "Send home a new reading book" in family, family
    assert "Who: <bdi" in family and ">Tom Evans</bdi>. By" in family


def test_a_record_with_nothing_agreed_is_not_shared(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    meeting_id = add_meeting(
        app,
        amelia,
        starts_at=utcnow() - timedelta(days=2),
        parents=[demo.user("parent@oakfield.example")],
    )
    senco = login(SENCO)
    url = f"/senco/meetings/{meeting_id}/record"
    assert (
        senco.submit(url, {"attended": "Sarah Clarke", "discussed": "Reading."}).status_code == 302
    )
    page = senco.get(url).text
    refused = senco.submit(f"{url}/share", {"version": hidden(page, "version")}, page=url)
    assert refused.status_code == 400
    html = refused.text.replace("&#39;", "'")
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "The record cannot be shared yet" in summary
    assert 'href="#agreed">Write what was agreed: at least one outcome or decision.' in summary
    assert (
        'href="#action_0_what">Add at least one action: what will be done, who will do it and by when.'
        in summary
    )
    assert 'href="#support">Write the help that was agreed' in summary
    record = one(app, sa.select(MeetingRecord).where(MeetingRecord.meeting_id == meeting_id))
    assert record.shared_at is None
    assert one(app, sa.select(EmailMessage).where(EmailMessage.kind == "record_shared")) is None

    # An action without who or by when is named, and what was typed is kept.
    half = senco.submit(
        url,
        {
            "version": hidden(page, "version"),
            "attended": "Sarah Clarke",
            "discussed": "Reading.",
            "agreed": "More reading.",
            "action_0_what": "Lend a book",
            "support": "Reading group.",
        },
    )
    assert half.status_code == 400
    assert "Action 1: say who will do it" in half.text and 'value="Lend a book"' in half.text


def test_a_meeting_counts_once_held_with_a_parent_there(app, login, demo, make):
    """Code 6.65: meetings held with the parents, not invitations sent."""
    from portal.models import Role, SenStatus

    oakfield = demo.school("oakfield")
    mum = make.person("sam.mum@example.org", Role.PARENT, oakfield, name="Jo Pupil")
    sam = make.pupil(oakfield, sen_status=SenStatus.SEN_SUPPORT, parents=(mum,))
    senco = login(SENCO)
    home = senco.get("/senco/").text
    assert "Sam Pupil" in section(home, "no-meeting-term")

    # Invited, but not held: still no meeting this term.
    invited = add_meeting(app, sam, starts_at=utcnow() - timedelta(days=3), parents=[mum])
    home = senco.get("/senco/").text
    assert "Sam Pupil" in section(home, "no-meeting-term")
    assert "Sam Pupil" in section(home, "no-outcome")  # and nobody said what happened

    # Held, but no parent came: still none.
    url = f"/senco/meetings/{invited}"
    senco.submit(f"{url}/outcome", {"outcome": "held", "others": "Ms Ahmed"}, page=url)
    home = senco.get("/senco/").text
    assert "Sam Pupil" in section(home, "no-meeting-term")
    assert "Sam Pupil" not in section(home, "no-outcome")
    assert "Sam Pupil" in section(home, "no-record")  # held, with no record shared

    # Held with Jo there: it counts, this term and this year.
    senco.submit(f"{url}/outcome", {"outcome": "held", "attended": [f"user:{mum.id}"]}, page=url)
    home = senco.get("/senco/attention?section=no-meeting-term").text
    assert "Sam Pupil" not in home


def test_fewer_than_three_a_year_counts_term_by_term(app, login, demo, make):
    """With the school's own terms: a pupil with no meeting in the autumn or spring terms
    can no longer meet the parents three times this year with one a term."""
    from portal.models import Role, SenStatus

    oakfield = demo.school("oakfield")
    mum = make.person("kim.mum@example.org", Role.PARENT, oakfield, name="Kim Mum")
    make.pupil(oakfield, "Kim", "Spring", sen_status=SenStatus.EHC_PLAN, parents=(mum,))
    both = make.pupil(oakfield, "Ana", "Twice", sen_status=SenStatus.SEN_SUPPORT, parents=(mum,))
    senco = login(SENCO)
    today = date.today()
    year = today.year if today.month >= 9 else today.year - 1
    # Today in the spring term: autumn is over.
    terms = {
        "autumn_starts": date(year, 9, 3).isoformat(),
        "autumn_ends": (today - timedelta(days=20)).isoformat(),
        "spring_starts": (today - timedelta(days=10)).isoformat(),
        "spring_ends": (today + timedelta(days=40)).isoformat(),
        "summer_starts": (today + timedelta(days=55)).isoformat(),
        "summer_ends": (today + timedelta(days=120)).isoformat(),
    }
    saved = senco.post("/senco/school-year/terms", data=_term_dates(senco, year, terms))
    assert saved.status_code == 302, saved.text[:500]
    # Ana met the parents in the autumn term (a held meeting, the parent there).
    autumn = add_meeting(app, both, starts_at=utcnow() - timedelta(days=30), parents=[mum])
    url = f"/senco/meetings/{autumn}"
    senco.submit(f"{url}/outcome", {"outcome": "held", "attended": [f"user:{mum.id}"]}, page=url)
    page = senco.get("/senco/attention?section=few-meetings").text
    few = section(page, "few-meetings")
    # Kim: none in autumn, none yet in spring, one term left: at most two this year.
    assert "Kim Spring" in few and "autumn 0, spring 0, summer 0" in few
    # Ana: one in autumn, spring and summer to come: three are still possible.
    assert "Ana Twice" not in few
    this_term = section(
        senco.get("/senco/attention?section=no-meeting-term").text, "no-meeting-term"
    )
    assert "Ana Twice" in this_term and "autumn 1, spring 0, summer 0" in this_term


def test_a_contact_without_an_account_counts_as_the_parent_there(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    senco = login(SENCO)
    added = senco.submit(
        f"/senco/records/pupils/{amelia.id}/contacts/new",
        {
            "title": "Mr",
            "given_name": "Mark",
            "family_name": "Clarke",
            "relationship_to_pupil": "father",
            "parental_responsibility": "y",
            "email": "",
            "phone": "07700 900111",
            "language": "en",
            "contact_order": "2",
        },
    )
    assert added.status_code == 302, added.text[:800]
    mark = one(app, sa.select(Contact).where(Contact.given_name == "Mark"))
    assert mark.user_id is None
    meeting_id = add_meeting(app, amelia, starts_at=utcnow() - timedelta(days=1))
    url = f"/senco/meetings/{meeting_id}"
    assert f'value="contact:{mark.id}"' in senco.get(url).text
    senco.submit(
        f"{url}/outcome", {"outcome": "held", "attended": [f"contact:{mark.id}"]}, page=url
    )
    came = one(app, sa.select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id))
    assert came.role is InviteeRole.PARENT and came.name == "Mark Clarke" and came.user_id is None


def test_what_happened_is_said_after_the_meeting_has_begun(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    meeting_id = add_meeting(app, amelia, starts_at=utcnow() + timedelta(days=3))
    senco = login(SENCO)
    url = f"/senco/meetings/{meeting_id}"
    assert "What happened" not in senco.get(url).text
    early = senco.submit(f"{url}/outcome", {"outcome": "held"}, page=url)
    assert early.status_code == 302
    meeting = one(app, sa.select(Meeting).where(Meeting.id == meeting_id))
    assert meeting.outcome is None
    # After it: "held" needs who came, and the interpreter when one was booked.
    with app.app_context():
        from portal.extensions import db

        row = db.session.get(Meeting, meeting_id)
        row.starts_at, row.interpreter_needed, row.interpreter_language = (
            utcnow() - timedelta(hours=1),
            True,
            "pl",
        )
        db.session.commit()
    empty = senco.submit(f"{url}/outcome", {"outcome": "held"}, page=url)
    assert empty.status_code == 400
    assert "Tick who came" in empty.text and "Say whether the interpreter was there" in empty.text
    nothing = senco.submit(f"{url}/outcome", {}, page=url)
    assert nothing.status_code == 400 and "Say what happened" in nothing.text
    rearranged = senco.submit(
        f"{url}/outcome", {"outcome": "rearranged", "note": "Now on Friday"}, page=url
    )
    assert rearranged.status_code == 302
    assert (
        one(app, sa.select(Meeting).where(Meeting.id == meeting_id)).outcome
        is MeetingOutcome.REARRANGED
    )
    assert "Book the new date" in senco.get(url).text


def test_booking_a_weekend_or_a_holiday_warns_before_it_books(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    senco = login(SENCO)
    url = f"/senco/pupils/{amelia.id}/meetings/new"
    saturday = weekend_day(date.today() + timedelta(days=3))
    before = one(app, sa.select(sa.func.count(Meeting.id)))
    warned = senco.submit(url, _booking(saturday))
    assert warned.status_code == 200
    assert "Check the date before you book" in warned.text
    assert "is a Saturday: the school is closed." in warned.text
    assert one(app, sa.select(sa.func.count(Meeting.id))) == before  # nothing booked yet
    # Saving again, having seen the warning, books it.
    again = senco.submit(
        url, {**_booking(saturday), "warned_for": hidden(warned.text, "warned_for")}
    )
    assert again.status_code == 302
    # A day in the school's own half term warns too.
    today = date.today()
    year = today.year if today.month >= 9 else today.year - 1
    half = school_day(today, days=10)
    terms = {
        "autumn_starts": (today - timedelta(days=60)).isoformat(),
        "autumn_ends": (today + timedelta(days=30)).isoformat(),
        "autumn_half_starts": half.isoformat(),
        "autumn_half_ends": (half + timedelta(days=4)).isoformat(),
        "spring_starts": (today + timedelta(days=45)).isoformat(),
        "spring_ends": (today + timedelta(days=110)).isoformat(),
        "summer_starts": (today + timedelta(days=125)).isoformat(),
        "summer_ends": (today + timedelta(days=210)).isoformat(),
    }
    saved = senco.post("/senco/school-year/terms", data=_term_dates(senco, year, terms))
    assert saved.status_code == 302
    holiday = senco.submit(url, _booking(half))
    assert holiday.status_code == 200 and "is in the half-term holiday." in holiday.text
    term_day = school_day(today, days=2)
    if not (half <= term_day <= half + timedelta(days=4)):
        assert senco.submit(url, _booking(term_day)).status_code == 302  # no warning


def test_a_review_booked_after_its_due_date_warns(app, login, demo):
    """Issue 16: Jayden's annual review is due in 10 days and booked for day 21."""
    jayden = demo.pupil("Jayden", "Clarke")
    senco = login(SENCO)
    meeting = one(
        app,
        sa.select(Meeting)
        .where(Meeting.pupil_id == jayden.id, Meeting.starts_at > utcnow())
        .order_by(Meeting.starts_at),
    )
    with app.app_context():  # 10 days after the demo was made, which may be yesterday
        from portal.meetings.warnings import review_due_on

        due = review_due_on(jayden, MeetingKind.EHC_ANNUAL_REVIEW)
    assert date.today() + timedelta(days=9) <= due <= date.today() + timedelta(days=10)
    page = senco.get(f"/senco/meetings/{meeting.id}").text
    assert "This review is due on " in page and ": " in page
    from flask_babel import format_date

    with app.test_request_context():
        assert f"This review is due on {format_date(due, 'long')}" in page
    # Booking another annual review after the due date warns; one before does not.
    url = f"/senco/pupils/{jayden.id}/meetings/new"
    late = senco.submit(url, _booking(school_day(date.today(), days=12), kind="ehc_annual_review"))
    assert late.status_code == 200 and "is after it is due" in late.text
    in_time = senco.submit(
        url, _booking(school_day(date.today(), days=2), kind="ehc_annual_review")
    )
    assert in_time.status_code == 302 or "is after it is due" not in in_time.text


def test_the_school_year_page_names_each_years_form_by_its_year(app, login, demo):
    """This year's and next year's term dates are two forms on one page, each of one form
    class with the year as its prefix (terms-2026-...): labels and error links reach the
    right year, no id is there twice (the HTML checker found them twice), and either
    year's dates save the same way."""
    import re
    from collections import Counter

    senco = login(SENCO)
    page = senco.get("/senco/school-year").text
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, n in ids.items() if n > 1] == []
    years = [int(y) for y in re.findall(r'name="terms-(\d+)-academic_year"', page)]
    assert len(years) == 2 and years[1] == years[0] + 1
    assert 'name="academic_year"' not in page and "next-" not in page
    for year in years:
        terms = {
            "autumn_starts": date(year, 9, 2).isoformat(),
            "autumn_ends": date(year, 12, 18).isoformat(),
            "spring_starts": date(year + 1, 1, 5).isoformat(),
            "spring_ends": date(year + 1, 3, 26).isoformat(),
            "summer_starts": date(year + 1, 4, 13).isoformat(),
            "summer_ends": date(year + 1, 7, 21).isoformat(),
        }
        saved = senco.post("/senco/school-year/terms", data=_term_dates(senco, year, terms))
        assert saved.status_code == 302, saved.text[:500]
        assert saved.headers["Location"].endswith(f"#year-{year}")
        shown = senco.get("/senco/school-year").text
        assert f'name="terms-{year}-autumn_ends" type="date" value="{year}-12-18"' in shown
        # Left empty, that year's form answers 400 with its own fields named in the summary.
        terms["autumn_starts"] = ""
        refused = senco.post("/senco/school-year/terms", data=_term_dates(senco, year, terms))
        assert refused.status_code == 400
        assert f'href="#terms-{year}-autumn_starts"' in refused.text
    # A year the page does not show is refused.
    other = _term_dates(senco, years[0] + 5, {"autumn_starts": "2030-09-02"})
    assert senco.post("/senco/school-year/terms", data=other).status_code == 400
