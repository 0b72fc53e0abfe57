"""What needs the SENCO's attention: unread concerns and views with how long they have
waited, the Inbox tab's count (issue 16), and the list costing the same however big the
school is (issue 13): a fixed number of queries, the same rows loaded, as the data grows
tenfold."""

import re
from contextlib import contextmanager
from datetime import date, timedelta

import sqlalchemy as sa
from cycle_helpers import section
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    AnnualReview,
    ChangeSource,
    Concern,
    ConcernStatus,
    EhcPlan,
    FormVersion,
    InviteeRole,
    Meeting,
    MeetingAttendee,
    MeetingInvitee,
    MeetingKind,
    MeetingOutcome,
    Outcome,
    OutcomeResult,
    Plan,
    PlanStatus,
    Pupil,
    Respondent,
    SenChange,
    SenField,
    SenStatus,
    UserSession,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)

SENCO = "senco@oakfield.example"


def test_unread_concerns_and_views_wait_on_the_attention_list(login, demo):
    senco = login(SENCO)
    home = senco.get("/senco/").text
    # Sarah Clarke's concern about Amelia has waited three days unread.
    unread = section(home, "unread-concerns")
    assert "Amelia Clarke" in unread and "CN-A7K-3PQ, waiting 3 days" in unread
    # The Inbox tab says how many things wait to be read.
    assert '<span class="nav__count">1<span class="visually-hidden"> item not read yet' in home
    # Tyler's views wait for David at Riverside.
    riverside = login("senco@riverside.example").get("/senco/").text
    assert "Tyler Brooks" in section(riverside, "unread-views")
    assert "the pupil&#39;s own views, waiting 1 day" in section(riverside, "unread-views")
    assert '<span class="nav__count">1<span' in riverside


@contextmanager
def counting():
    """Count the SELECTs sessions run and the rows they return."""
    seen = {"queries": 0, "rows": 0}

    def execute(state):
        if not state.is_select:
            return None
        result = state.invoke_statement()
        if any(mapper.class_ is UserSession for mapper in state.all_mappers):
            result = result.unique()  # who is signed in comes with their memberships, joined
        frozen = result.freeze()
        seen["queries"] += 1
        seen["rows"] += len(frozen.data)
        return frozen()

    event.listen(Session, "do_orm_execute", execute)
    try:
        yield seen
    finally:
        event.remove(Session, "do_orm_execute", execute)


def _grow(app, school_id: int, start: int, count: int) -> None:
    """`count` pupils with something in every list of the attention panel."""
    now = utcnow()
    today = date.today()
    with app.app_context():
        parent_id = db.session.scalar(
            sa.text("SELECT id FROM user_account WHERE email = 'parent@oakfield.example'")
        )
        for n in range(start, start + count):
            ehc = n % 2 == 0
            pupil = Pupil(
                school_id=school_id,
                given_name=f"Grow{n:04d}",
                family_name="Pupil",
                date_of_birth=date(2017, 1, 1 + n % 28),
                year_group=4,
                sen_status=SenStatus.EHC_PLAN if ehc else SenStatus.SEN_SUPPORT,
            )
            db.session.add(pupil)
            db.session.flush()
            plan = Plan(
                pupil_id=pupil.id,
                status=PlanStatus.SHARED,
                review_date=today - timedelta(days=1 + n % 5),
                shared_at=now - timedelta(days=30),
            )
            plan.outcomes = [
                Outcome(
                    description="Read ten words",
                    draft_result=OutcomeResult.PARTLY,
                    drafted_at=now,
                )
            ]
            db.session.add(plan)
            past = Meeting(
                school_id=school_id,
                pupil_id=pupil.id,
                kind=MeetingKind.OTHER,
                starts_at=now - timedelta(days=3),
            )
            held = Meeting(
                school_id=school_id,
                pupil_id=pupil.id,
                kind=MeetingKind.OTHER,
                starts_at=now - timedelta(days=5),
                outcome=MeetingOutcome.HELD,
            )
            held.attendees = [MeetingAttendee(role=InviteeRole.STAFF, name="Ms Ahmed")]
            upcoming = Meeting(
                school_id=school_id,
                pupil_id=pupil.id,
                kind=MeetingKind.EHC_ANNUAL_REVIEW if ehc else MeetingKind.SEN_SUPPORT_REVIEW,
                starts_at=now + timedelta(days=20),
            )
            upcoming.invitees = [
                MeetingInvitee(user_id=parent_id, role=InviteeRole.PARENT, name="A parent")
            ]
            db.session.add_all([past, held, upcoming])
            db.session.flush()
            request = ViewsRequest(
                school_id=school_id,
                pupil_id=pupil.id,
                meeting_id=upcoming.id,
                respondent=Respondent.PARENT,
                user_id=parent_id,
                form_version=FormVersion.PARENT,
            )
            db.session.add(request)
            db.session.flush()
            db.session.add_all(
                [
                    Views(
                        school_id=school_id,
                        pupil_id=pupil.id,
                        request_id=request.id,
                        respondent=Respondent.PARENT,
                        form_version=FormVersion.PARENT,
                        status=ViewsStatus.SUBMITTED,
                        author_id=parent_id,
                        submitted_at=now - timedelta(days=2),
                    ),
                    Concern(
                        school_id=school_id,
                        pupil_id=pupil.id,
                        raised_by_id=parent_id,
                        status=ConcernStatus.RECEIVED,
                        submitted_at=now - timedelta(days=4),
                        reference=f"CN-G{n:04d}",
                    ),
                    SenChange(
                        pupil_id=pupil.id,
                        field=SenField.PROVISION,
                        from_value="N",
                        to_value="K",
                        effective_date=today,
                        source=ChangeSource.FORM,
                        family_notice_needed=True,
                    ),
                ]
            )
            if ehc:
                plan_row = EhcPlan(
                    pupil_id=pupil.id,
                    issued_on=today - timedelta(days=360),
                    local_authority="Northshire County Council",
                )
                db.session.add(plan_row)
                db.session.flush()
                db.session.add(
                    AnnualReview(
                        pupil_id=pupil.id,
                        ehc_plan_id=plan_row.id,
                        due_on=today + timedelta(days=5),
                        meeting_id=upcoming.id,
                    )
                )
        db.session.commit()


def _measure(app, client, url):
    with app.app_context(), counting() as seen:
        response = client.get(url)
        assert response.status_code == 200
    return seen["queries"], seen["rows"], response.text


def test_the_attention_list_costs_the_same_as_the_school_grows_tenfold(app, login, demo):
    school_id = demo.pupil("Amelia", "Clarke").school_id
    senco = login(SENCO)
    # The pupil list is filtered to nobody, so what is measured is the attention panel.
    url = "/senco/?q=nobody-by-this-name"
    _grow(app, school_id, 0, 12)
    queries, loaded, html = _measure(app, senco, url)
    lists = html.count('<h3 id="')
    shown = set(re.findall(r'<h3 id="([\w-]+)"', html))
    assert {
        "unread-concerns",
        "unread-views",
        "overdue",
        "drafted",
        "not-agreed",
        "ehc-advice",
        "ehc-papers",
        "ehc-meeting",
        "no-outcome",
        "no-record",
        "no-meeting-term",
        "family-not-told",
    } <= shown
    _grow(app, school_id, 12, 108)  # ten times as many
    queries_after, loaded_after, html_after = _measure(app, senco, url)
    assert (queries_after, loaded_after) == (queries, loaded)
    assert html_after.count('<h3 id="') == lists
    # The counts are the database's: 120 grown pupils' meetings with no outcome, and
    # Yusuf's check-in from the demo.
    assert "(121)" in section(html_after, "no-outcome")
    assert section(html_after, "no-outcome").count("<li>") == 5
