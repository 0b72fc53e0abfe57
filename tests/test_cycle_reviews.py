"""Reviews that are real (Code 6.52 to 6.55): held with the family or a reason recorded,
drawing on the views gathered, drafted by the class teacher for the SENCO to confirm; the
family gets the outcome in their language and can reply or disagree; progress notes the
teacher shares appear on the family's page."""

import re
from datetime import date

import sqlalchemy as sa
from cycle_helpers import one, rows
from plans_helpers import hidden, plan_of

from portal.models import (
    EmailMessage,
    Outcome,
    OutcomeResult,
    Plan,
    PlanQuestion,
    PlanStatus,
    ProgressNote,
    Views,
)


def _results(app, plan_id: int, result: str = "partly") -> dict:
    ids = [
        row[0]
        for row in rows(
            app, sa.select(Outcome.id).where(Outcome.plan_id == plan_id).order_by(Outcome.id)
        )
    ]
    return {f"result_{i}": result for i in ids}


def test_a_review_needs_a_meeting_with_the_family_or_a_reason(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    senco = login("senco@oakfield.example")
    url = f"/senco/plans/{plan.id}/review"
    form = senco.get(url).text
    # The review meeting 70 days ago was held with Nadia: it is offered. The check-in nine
    # days ago has no outcome yet, so it is not.
    assert "SEN support review on" in form and "Other meeting on" not in form
    data = {"version": hidden(form, "version"), "next_step": "continue", **_results(app, plan.id)}
    refused = senco.submit(url, {**data, "review_meeting": "none"})
    assert refused.status_code == 400
    assert "Say why the review was not held with the family" in refused.text
    assert plan_of(app, yusuf.id).status is PlanStatus.SHARED
    done = senco.submit(
        url,
        {
            **data,
            "review_meeting": "none",
            "no_meeting_reason": "Mrs Rahman was invited three times; we spoke by phone.",
        },
    )
    assert done.status_code == 302
    reviewed = plan_of(app, yusuf.id, PlanStatus.REVIEWED)
    assert reviewed.review_meeting_id is None
    assert reviewed.review_no_meeting_reason.startswith("Mrs Rahman was invited")
    # Nadia is told the outcome, in Urdu.
    email = one(app, sa.select(EmailMessage).where(EmailMessage.kind == "review_done"))
    assert (email.to_address, email.locale) == ("ami@oakfield.example", "ur")


def test_the_review_links_the_views_and_the_family_can_disagree(app, login, demo, mailbox):
    tyler = demo.pupil("Tyler", "Brooks")
    plan = plan_of(app, tyler.id, PlanStatus.SHARED)
    david = login("senco@riverside.example")
    url = f"/senco/plans/{plan.id}/review"
    form = david.get(url).text
    held = re.search(r'id="review_meeting-0"[^>]*value="(\d+)"', form).group(1)
    views = one(app, sa.select(Views).where(Views.pupil_id == tyler.id))
    assert f'value="{views.id}"' in form and "Tyler&#39;s own views, sent" in form
    response = david.submit(
        url,
        {
            "version": hidden(form, "version"),
            "review_meeting": held,
            "views": [str(views.id)],
            "next_step": "continue",
            "review_note": "Keep going with the travel training.",
            **_results(app, plan.id, "achieved"),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        from portal.extensions import db

        reviewed = db.session.get(Plan, plan.id)
        assert reviewed.review_meeting_id == int(held)
        assert [v.id for v in reviewed.review_views] == [views.id]
    # Lee is emailed; the outcome is on the plan page with a way to reply or disagree.
    assert [m["To"] for m in mailbox.messages] == ["parent@riverside.example"]
    assert "Tyler" not in mailbox.body(mailbox.messages[0])
    lee = login("parent@riverside.example")
    page_url = f"/families/children/{tyler.id}/plans/{plan.id}"
    page = lee.get(page_url).text
    assert "The review" in page and "Keep going with the travel training." in page
    assert "At the review: Achieved." in page
    reply_url = f"/families/children/{tyler.id}/plans/{plan.id}/review-reply"
    empty = lee.submit(reply_url, {}, page=page_url)
    assert empty.status_code == 400 and "Write your reply" in empty.text
    sent = lee.submit(
        reply_url, {"reply": "Tyler still needs help with reading.", "disagree": "y"}, page=page_url
    )
    assert sent.status_code == 302
    item = one(app, sa.select(PlanQuestion).where(PlanQuestion.plan_id == plan.id))
    assert item.about_review and item.disagrees
    inbox = david.get("/senco/inbox").text
    assert "The family does not agree with the review for Tyler Brooks" in inbox
    assert "You do not agree with the review" in lee.get(page_url).text


def test_the_class_teacher_drafts_the_review_for_the_senco(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    tom = login("teacher@oakfield.example")
    assert "Draft the review" in tom.get(f"/staff/pupils/{amelia.id}/plan").text
    url = f"/staff/plans/{plan.id}/review-draft"
    nothing = tom.submit(url, {})
    assert nothing.status_code == 400 and "Choose a result for at least one outcome" in nothing.text
    data = _results(app, plan.id, "achieved")
    first = next(iter(data))
    data[first.replace("result_", "note_")] = "Reads an orange book band book with 92% accuracy."
    assert tom.submit(url, data).status_code == 302
    outcome = one(app, sa.select(Outcome).where(Outcome.id == int(first.removeprefix("result_"))))
    assert outcome.draft_result is OutcomeResult.ACHIEVED and outcome.result is None
    # The SENCO's review form starts from the draft, and says who drafted it.
    senco = login("senco@oakfield.example")
    form = senco.get(f"/senco/plans/{plan.id}/review").text
    assert "Tom Evans drafted this review on" in form
    assert "Reads an orange book band book with 92% accuracy." in form
    assert re.search(rf'checked[^>]*name="{first}"[^>]*value="achieved"', form)
    assert "Reviews drafted by a teacher, to confirm" in senco.get("/senco/").text
    # A draft plan is not reviewed.
    zofia_draft = plan_of(app, demo.pupil("Zofia", "Nowak").id)
    assert tom.get(f"/staff/plans/{zofia_draft.id}/review-draft").status_code == 302


def test_progress_notes_shared_with_the_family_appear_on_their_page(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    outcome = one(app, sa.select(Outcome).where(Outcome.plan_id == plan.id).order_by(Outcome.id))
    tom = login("teacher@oakfield.example")
    page = f"/staff/pupils/{amelia.id}/plan"
    for text, share in (("Read to the class today.", "y"), ("Struggled with phonics.", "")):
        response = tom.submit(
            f"/staff/plans/{plan.id}/notes",
            {
                "outcome_id": str(outcome.id),
                "noted_on": date.today().isoformat(),
                "note": text,
                "share_with_family": share,
                "next": page,
            },
            page=page,
        )
        assert response.status_code == 302
    shared = rows(
        app,
        sa.select(ProgressNote.note, ProgressNote.share_with_family).where(
            ProgressNote.plan_id == plan.id
        ),
    )
    assert ("Read to the class today.", True) in shared
    family = login("parent@oakfield.example").get(f"/families/children/{amelia.id}/plan").text
    assert "Read to the class today." in family and "How it is going:" in family
    assert "Struggled with phonics." not in family
