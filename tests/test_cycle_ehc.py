"""EHC annual reviews: the plan's date, the local authority and its case officer; the review
due within 12 months of the plan or the last review; its steps with their dates on the
attention list; the report (PDF); and what parents are told about asking for an EHC needs
assessment themselves."""

import io
from datetime import date, timedelta

import sqlalchemy as sa
from cycle_helpers import one, section, utc
from pypdf import PdfReader

from portal.ehc.services import a_year_after
from portal.models import AnnualReview, Contact, EhcPlan, Meeting, MeetingKind, Recommendation

SENCO = "senco@oakfield.example"


def test_the_clock_runs_12_months_from_the_plan_or_the_last_review():
    assert a_year_after(date(2025, 12, 10)) == date(2026, 12, 10)
    assert a_year_after(date(2024, 2, 29)) == date(2025, 2, 28)  # no 29 February next year
    assert a_year_after(date(2025, 12, 31)) == date(2026, 12, 31)


def test_the_due_date_follows_the_plan_and_the_last_review_around_the_boundary(app, login, demo):
    jayden = demo.pupil("Jayden", "Clarke")
    senco = login(SENCO)
    url = f"/senco/pupils/{jayden.id}/ehc-plan"
    today = date.today()
    details = {
        "issued_on": (today - timedelta(days=365)).isoformat(),
        "local_authority": "Northshire County Council",
        "case_officer_name": "Joanne Reid",
        "case_officer_email": "joanne.reid@northshire.example",
        "case_officer_phone": "01632 960 418",
        "last_reviewed_on": "",
    }
    assert senco.submit(url, details).status_code == 302
    review = one(
        app,
        sa.select(AnnualReview).where(
            AnnualReview.pupil_id == jayden.id, AnnualReview.completed_at.is_(None)
        ),
    )
    # A plan a year old today: its first review is due today, not overdue yet.
    assert review.due_on == a_year_after(today - timedelta(days=365))
    page = senco.get(f"/senco/annual-reviews/{review.id}").text
    assert (
        "Overdue"
        not in page.split('id="steps"')[1]
        .split("</table>")[0]
        .split("Hold the annual review meeting")[1]
        .split("</tr>")[0]
    )
    # A day older: overdue, and on the attention list with its due date.
    details["issued_on"] = (today - timedelta(days=367)).isoformat()
    senco.submit(url, details)
    review = one(app, sa.select(AnnualReview).where(AnnualReview.id == review.id))
    assert review.due_on < today
    row = page = senco.get(f"/senco/annual-reviews/{review.id}").text
    assert "Overdue" in row
    # The last review moves the clock on: due 12 months after it.
    details["last_reviewed_on"] = (today - timedelta(days=30)).isoformat()
    senco.submit(url, details)
    review = one(app, sa.select(AnnualReview).where(AnnualReview.id == review.id))
    assert review.due_on == a_year_after(today - timedelta(days=30))
    # Bad dates are refused with a clear message.
    details["last_reviewed_on"] = (today - timedelta(days=400)).isoformat()
    bad = senco.submit(url, details)
    assert bad.status_code == 400 and "The last review cannot be before the plan" in bad.text


def test_the_steps_have_dates_from_the_meeting_and_are_on_the_attention_list(app, login, demo):
    jayden = demo.pupil("Jayden", "Clarke")
    senco = login(SENCO)
    review = one(app, sa.select(AnnualReview).where(AnnualReview.pupil_id == jayden.id))
    meeting_day = review.due_on + timedelta(days=11)  # the demo: due day 10, booked day 21
    page = senco.get(f"/senco/annual-reviews/{review.id}").text
    from flask_babel import format_date

    with app.test_request_context():
        papers_due = format_date(meeting_day - timedelta(days=14), "long")
        report_due = format_date(meeting_day + timedelta(days=14), "long")
    steps = page.split('id="steps"', 1)[1].split("</table>", 1)[0]
    assert papers_due in steps and report_due in steps
    assert "The meeting is booked after the review is due" in page
    home = senco.get("/senco/").text
    assert papers_due in section(home, "ehc-papers") and "Jayden Clarke" in section(
        home, "ehc-papers"
    )
    assert "Jayden Clarke" in section(home, "ehc-meeting")
    assert "Jayden Clarke" not in section(home, "ehc-advice")  # asked for three days ago
    # Saying the papers went out takes the step off the list.
    sent = senco.submit(
        f"/senco/annual-reviews/{review.id}/steps",
        {
            "advice_requested_on": review.advice_requested_on.isoformat(),
            "papers_sent_on": date.today().isoformat(),
        },
        page=f"/senco/annual-reviews/{review.id}",
    )
    assert sent.status_code == 302
    assert "Jayden Clarke" not in section(senco.get("/senco/").text, "ehc-papers")
    future = senco.submit(
        f"/senco/annual-reviews/{review.id}/steps",
        {"report_sent_on": (date.today() + timedelta(days=3)).isoformat()},
        page=f"/senco/annual-reviews/{review.id}",
    )
    assert future.status_code == 400 and "The date cannot be in the future" in future.text


def test_the_report_and_completing_the_review(app, login, demo):
    jayden = demo.pupil("Jayden", "Clarke")
    sarah = demo.user("parent@oakfield.example")
    senco = login(SENCO)
    review = one(app, sa.select(AnnualReview).where(AnnualReview.pupil_id == jayden.id))
    url = f"/senco/annual-reviews/{review.id}"
    # Nothing is complete yet: each missing part is named.
    refused = senco.submit(f"{url}/complete", {}, page=url)
    assert refused.status_code == 400
    assert "The annual review cannot be completed yet" in refused.text
    assert "Record the annual review meeting as held." in refused.text
    assert "Choose what the school recommends." in refused.text
    # The booked meeting (the demo's, linked when it was booked) was held with Sarah, moved
    # earlier: time passes in the database, the rest goes through the pages.
    held_on = date.today() - timedelta(days=1)
    meeting_id = review.meeting_id
    with app.app_context():
        from portal.extensions import db

        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.kind is MeetingKind.EHC_ANNUAL_REVIEW and sarah.id in {
            i.user_id for i in meeting.invitees
        }
        meeting.starts_at = utc(held_on)
        db.session.commit()
    meeting_url = f"/senco/meetings/{meeting_id}"
    assert "Open the annual review" in senco.get(meeting_url).text
    contact = one(app, sa.select(Contact).where(Contact.pupil_id == jayden.id))
    held = senco.submit(
        f"{meeting_url}/outcome",
        {"outcome": "held", "attended": [f"contact:{contact.id}"]},
        page=meeting_url,
    )
    assert held.status_code == 302
    page = senco.get(url).text
    progress = [name for name in page.split('name="') if name.startswith("progress_")]
    assert progress  # a box for each outcome of the school's working copy
    data = {
        name.split('"', 1)[0]: "Takes turns in a group game with one prompt." for name in progress
    }
    amend = senco.submit(f"{url}/report", {**data, "recommendation": "amend"}, page=url)
    assert amend.status_code == 400 and "Say why the plan should be amended or ceased" in amend.text
    saved = senco.submit(
        f"{url}/report",
        {
            **data,
            "child_views": "I like the quiet room. Assembly is still too loud.",
            "parent_views": "He is calmer at home and has a friend now.",
            "recommendation": "amend",
            "recommendation_reasons": "Add an outcome on joining a club.",
        },
        page=url,
    )
    assert saved.status_code == 302
    senco.submit(
        f"{url}/steps",
        {
            "advice_requested_on": (held_on - timedelta(days=20)).isoformat(),
            "papers_sent_on": (held_on - timedelta(days=15)).isoformat(),
            "report_sent_on": date.today().isoformat(),
        },
        page=url,
    )
    pdf = senco.get(f"{url}/report.pdf")
    assert pdf.status_code == 200 and pdf.headers["Cache-Control"] == "no-store"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    text = " ".join(text.split())  # a long name may wrap onto a second line
    for words in (
        "Annual review report for Jayden Clarke",
        "Takes turns in a group game",
        "Assembly is still too loud",
        "He is calmer at home",
        "Amend the plan",
        "Northshire County Council",
    ):
        assert words in text, words
    done = senco.submit(f"{url}/complete", {}, page=url)
    assert done.status_code == 302, done.text.split('class="error-summary"')[-1][:600]
    following = one(
        app,
        sa.select(AnnualReview).where(
            AnnualReview.pupil_id == jayden.id, AnnualReview.completed_at.is_(None)
        ),
    )
    assert following.due_on == a_year_after(held_on)
    plan = one(app, sa.select(EhcPlan).where(EhcPlan.pupil_id == jayden.id))
    assert plan.last_reviewed_on == held_on
    completed = one(app, sa.select(AnnualReview).where(AnnualReview.id == review.id))
    assert completed.recommendation is Recommendation.AMEND


def test_parents_are_told_they_can_ask_for_an_ehc_needs_assessment(login, demo):
    sarah = login("parent@oakfield.example")
    amelia = sarah.get(f"/families/children/{demo.pupil('Amelia', 'Clarke').id}").text
    assert "Asking the council for an EHC needs assessment" in amelia
    assert (
        "you can ask the local council for an Education, Health and Care (EHC) needs assessment yourself"
        in amelia
    )
    assert 'href="https://localoffer.northshire.example/ehc-needs-assessment"' in amelia
    assert "Northshire SENDIASS can help you for free" in amelia
    jayden = sarah.get(f"/families/children/{demo.pupil('Jayden', 'Clarke').id}").text
    assert "The next annual review is due by" in jayden
    assert "Asking the council for an EHC needs assessment" not in jayden
