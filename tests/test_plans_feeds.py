"""Plans in the SENCO's inbox and on the pupil's timeline; the assessment linked to views."""

from datetime import timedelta

import sqlalchemy as sa
from plans_helpers import count_queries, hidden, plan_of, scalar

from portal.models import (
    FormVersion,
    Meeting,
    MeetingKind,
    Outcome,
    PlanQuestion,
    PlanStatus,
    ProgressNote,
    Respondent,
    Views,
    ViewsRequest,
    ViewsStatus,
    today,
    utcnow,
)

SENCO = "senco@oakfield.example"


def test_a_parents_question_lands_in_the_senco_inbox(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    parent = login("ami@oakfield.example")
    parent.submit(
        f"/families/children/{yusuf.id}/plans/{plan.id}/question",
        {"question": "Can the club be on Fridays?"},
    )
    question_id = scalar(app, sa.select(PlanQuestion.id))
    senco = login(SENCO)
    inbox = senco.get("/senco/inbox").get_data(as_text=True)
    assert "Question about the plan for Yusuf Rahman" in inbox
    assert "From Nadia Rahman · written in" in inbox
    assert f"/senco/plans/{plan.id}/questions/{question_id}" in inbox
    only = senco.get("/senco/inbox?kind=plan_question").get_data(as_text=True)
    assert "Question about the plan for Yusuf Rahman" in only and "Concern about" not in only

    # Opening it marks it read; replying takes it out of what still needs the SENCO.
    senco.get(f"/senco/plans/{plan.id}/questions/{question_id}")
    assert scalar(app, sa.select(PlanQuestion.read_at).where(PlanQuestion.id == question_id))
    senco.submit(f"/senco/plans/{plan.id}/questions/{question_id}", {"reply": "Yes."})
    inbox = senco.get("/senco/inbox").get_data(as_text=True)
    assert "Question about the plan for Yusuf Rahman" not in inbox
    everything = senco.get("/senco/inbox?show=all").get_data(as_text=True)
    assert "Question about the plan for Yusuf Rahman" in everything
    # Another school's SENCO never sees it.
    other = login("senco@riverside.example").get("/senco/inbox?show=all").get_data(as_text=True)
    assert "Yusuf" not in other


def test_the_timeline_has_plans_records_and_progress_notes(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    senco = login(SENCO)
    html = senco.get(f"/senco/pupils/{amelia.id}/timeline").get_data(as_text=True)
    assert "SEN support plan started" in html
    assert "SEN support plan shared with the family" in html
    assert "Sarah Clarke agreed with the plan" in html
    assert "Review recorded" in html
    assert "Record of the meeting: SEN support review" in html
    assert "Progress note: By the end of the spring term" in html
    assert "(Tom Evans)" in html


def test_the_timeline_does_not_grow_in_queries_with_notes(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    senco = login(SENCO)
    url = f"/senco/pupils/{amelia.id}/timeline"
    with count_queries(app) as before:
        senco.get(url)
    with app.app_context():
        from portal.extensions import db

        outcome = db.session.scalar(sa.select(Outcome).where(Outcome.plan_id == plan.id))
        for n in range(15):
            db.session.add(
                ProgressNote(
                    outcome_id=outcome.id,
                    plan_id=plan.id,
                    pupil_id=amelia.id,
                    noted_on=today() - timedelta(days=n),
                    note=f"Note {n}",
                )
            )
        db.session.commit()
    with count_queries(app) as after:
        senco.get(url)
    assert len(after) == len(before)


def _sent_parent_views(app, pupil, parent) -> int:
    with app.app_context():
        from portal.extensions import db

        meeting = Meeting(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            kind=MeetingKind.INITIAL,
            starts_at=utcnow() - timedelta(days=3),
        )
        request = ViewsRequest(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            meeting=meeting,
            respondent=Respondent.PARENT,
            user_id=parent.id,
        )
        views = Views(
            school_id=pupil.school_id,
            pupil_id=pupil.id,
            request=request,
            respondent=Respondent.PARENT,
            form_version=FormVersion.PARENT,
            status=ViewsStatus.SUBMITTED,
            author_id=parent.id,
            submitted_at=utcnow() - timedelta(days=4),
            answers={"hopes": {"text": "More talking at home"}},
        )
        db.session.add_all([meeting, request, views])
        db.session.commit()
        return views.id


def test_the_assessment_links_the_views_it_drew_on(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    mother = demo.user("rodzic@oakfield.example")
    views_id = _sent_parent_views(app, zofia, mother)
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    url = f"/senco/plans/{plan.id}/details"
    form = senco.get(url).get_data(as_text=True)
    assert "The views this plan draws on" in form and "Katarzyna Nowak, for the meeting on" in form
    data = {
        "version": hidden(form, "version"),
        "review_date": (today() + timedelta(days=40)).isoformat(),
    }
    # Someone else's views cannot be linked: the form refuses an id it did not offer.
    refused = senco.submit(url, {**data, "views": [str(views_id), "999999"]})
    assert refused.status_code == 400
    response = senco.submit(url, {**data, "views": [str(views_id)]})
    assert response.status_code == 302
    page = senco.get(f"/senco/plans/{plan.id}").get_data(as_text=True)
    assert f"/staff/pupils/{zofia.id}/views/{views_id}" in page
    from portal.models.plans import plan_views

    linked = scalar(app, sa.select(sa.func.count()).select_from(plan_views))
    assert linked == 1 + _demo_links(app)


def _demo_links(app) -> int:
    """Tyler's demo plan already links his own views."""
    from portal.models import Pupil
    from portal.models.plans import plan_views

    with app.app_context():
        from portal.extensions import db

        tyler = db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == "Tyler"))
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(plan_views)
            .join(Views, Views.id == plan_views.c.views_id)
            .where(Views.pupil_id == tyler)
        )


def test_the_meeting_page_leads_to_its_record(app, login, demo):
    from portal.models import MeetingRecord

    amelia = demo.pupil("Amelia", "Clarke")
    meeting_id = scalar(
        app, sa.select(MeetingRecord.meeting_id).where(MeetingRecord.pupil_id == amelia.id)
    )
    html = login(SENCO).get(f"/senco/meetings/{meeting_id}").get_data(as_text=True)
    assert "Record of the meeting" in html and "Shared with the family on" in html
    assert f"/senco/meetings/{meeting_id}/record" in html
