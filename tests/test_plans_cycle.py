"""Assess, plan, do, review through HTTP, as the SENCO, a teacher and a parent would.

Just over 400 lines: the cycle is one story, told step by step.
"""

from datetime import timedelta

import sqlalchemy as sa
from plans_helpers import hidden, plan_of, scalar

from portal.models import (
    EmailMessage,
    NextStep,
    Outcome,
    OutcomeResult,
    Plan,
    PlanStatus,
    ProgressNote,
    Provision,
    SpecialistAdvice,
    today,
)

SENCO = "senco@oakfield.example"


def _outcome_data(prefix: str, **overrides) -> dict:
    data = {
        f"{prefix}-description": "Zofia will retell a picture story using 5-word sentences",
        f"{prefix}-area": "communication",
        f"{prefix}-target_date": (today() + timedelta(days=60)).isoformat(),
        f"{prefix}-measure": "A recorded retell, checked by the language assistant",
        f"{prefix}-pupil_words": "I will tell a story.",
    }
    data.update({f"{prefix}-{key}": value for key, value in overrides.items()})
    return data


def test_senco_starts_a_plan_for_a_pupil_with_none(app, login, demo):
    maya = demo.pupil("Maya", "Patel")
    senco = login(SENCO)
    page = senco.get(f"/senco/pupils/{maya.id}/plan")
    assert page.status_code == 200
    assert "has no plan yet" in page.get_data(as_text=True)

    response = senco.submit(f"/senco/pupils/{maya.id}/plans", page=f"/senco/pupils/{maya.id}/plan")
    assert response.status_code == 302
    plan = plan_of(app, maya.id)
    assert plan.status is PlanStatus.DRAFT and plan.version == 1
    assert response.headers["Location"].endswith(f"/senco/plans/{plan.id}")
    # A second start while a draft is open does not make a second plan.
    senco.submit(f"/senco/pupils/{maya.id}/plans", page=f"/senco/plans/{plan.id}")
    assert scalar(app, sa.select(sa.func.count()).where(Plan.pupil_id == maya.id)) == 1


def test_senco_fills_in_a_draft_row_by_row_and_shares_it(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    assert plan.status is PlanStatus.DRAFT
    senco = login(SENCO)
    url = f"/senco/plans/{plan.id}"

    # Assess and who does what: one form, saved with the version it was opened at.
    details = senco.get(f"{url}/details").get_data(as_text=True)
    response = senco.submit(
        f"{url}/details",
        {
            "version": hidden(details, "version"),
            "strengths": "Zofia sings beautifully and notices everything.",
            "need_communication": "Short sentences in English and Polish.",
            "pupil_views": "I like singing.",
            "parent_views": "She talks a lot at home.",
            "at_school": "Language group three times a week.",
            "at_home": "Tell stories in Polish at bedtime.",
            "by_pupil": "Use my picture cards.",
            "review_date": (today() + timedelta(days=80)).isoformat(),
        },
    )
    assert response.status_code == 302
    saved = plan_of(app, zofia.id)
    assert saved.version == plan.version + 1
    assert saved.at_home == "Tell stories in Polish at bedtime."

    # An outcome, a piece of provision and specialist advice, each added on its own.
    response = senco.submit(f"{url}/outcomes/new", _outcome_data("new-outcome"), page=url)
    assert response.status_code == 302
    response = senco.submit(
        f"{url}/advice/new",
        {
            "new-advice-adviser": "Speech and language therapist",
            "new-advice-given_on": (today() - timedelta(days=20)).isoformat(),
            "new-advice-summary": "Model longer sentences; use picture sequences.",
        },
        page=url,
    )
    assert response.status_code == 302
    outcome_id = scalar(app, sa.select(sa.func.max(Outcome.id)).where(Outcome.plan_id == plan.id))
    response = senco.submit(
        f"{url}/provision/new",
        {
            "new-provision-description": "Picture story group",
            "new-provision-outcome_id": str(outcome_id),
            "new-provision-group_size": "small_group",
            "new-provision-sessions_per_week": "2",
            "new-provision-minutes_per_session": "25",
            "new-provision-delivered_by": "Mrs Khan, teaching assistant",
        },
        page=url,
    )
    assert response.status_code == 302
    assert scalar(app, sa.select(sa.func.count()).where(Provision.plan_id == plan.id)) == 2
    assert scalar(app, sa.select(sa.func.count()).where(SpecialistAdvice.plan_id == plan.id)) == 1

    page = senco.get(url).get_data(as_text=True)
    assert "Picture story group" in page and "Speech and language therapist" in page
    assert "The family cannot see it yet" in page

    # Sharing: the parent is emailed in her language, and the draft becomes the plan.
    current = plan_of(app, zofia.id)
    response = senco.submit(f"{url}/share", {"version": str(current.version)}, page=url)
    assert response.status_code == 302
    shared = plan_of(app, zofia.id)
    assert shared.status is PlanStatus.SHARED and shared.shared_at is not None
    emails = scalar(
        app,
        sa.select(sa.func.count()).where(
            EmailMessage.kind == "plan_shared", EmailMessage.locale == "pl"
        ),
    )
    assert emails == 1
    # A shared plan is no longer edited in place.
    response = senco.get(f"{url}/outcomes/{outcome_id}", follow_redirects=True)
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert "<form" not in response.get_data(as_text=True).split("Outcome 1")[1].split("</div>")[0]


def test_share_is_refused_until_the_plan_is_complete(app, login, demo):
    maya = demo.pupil("Maya", "Patel")
    senco = login(SENCO)
    senco.submit(f"/senco/pupils/{maya.id}/plans", page=f"/senco/pupils/{maya.id}/plan")
    plan = plan_of(app, maya.id)
    response = senco.submit(
        f"/senco/plans/{plan.id}/share",
        {"version": str(plan.version)},
        page=f"/senco/plans/{plan.id}",
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "not ready to share" in html
    assert "Add at least one outcome." in html and "Set the review date." in html
    assert plan_of(app, maya.id).status is PlanStatus.DRAFT


def test_an_outcome_that_reads_like_an_activity_gets_a_gentle_prompt(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    url = f"/senco/plans/{plan.id}"
    before = scalar(app, sa.select(sa.func.count()).where(Outcome.plan_id == plan.id))

    activity = "Zofia will receive 3 hours of speech therapy a week"
    data = _outcome_data("new-outcome", description=activity)
    response = senco.submit(f"{url}/outcomes/new", data, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "reads like help the pupil will get" in html
    assert "decode CVC words with 80% accuracy" in html  # the seed's good example
    assert activity in html  # what was typed is kept
    assert scalar(app, sa.select(sa.func.count()).where(Outcome.plan_id == plan.id)) == before

    # Keeping the wording is the person's choice: it is then saved.
    data["new-outcome-keep_wording"] = "1"
    response = senco.submit(f"{url}/outcomes/new", data, page=url)
    assert response.status_code == 302
    assert scalar(app, sa.select(sa.func.count()).where(Outcome.plan_id == plan.id)) == before + 1


def test_row_forms_validate_on_the_server_and_keep_what_was_typed(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    url = f"/senco/plans/{plan.id}"
    response = senco.submit(
        f"{url}/provision/new",
        {
            "new-provision-description": "Sound games",
            "new-provision-group_size": "",
            "new-provision-sessions_per_week": "lots",
            "new-provision-minutes_per_session": "2",
            "new-provision-delivered_by": "",
            "new-provision-starts_on": "2026-05-01",
            "new-provision-ends_on": "2026-04-01",
        },
        page=url,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'href="#new-provision-group_size-0"' in html
    assert "Choose the group size" in html
    assert "Enter a number of minutes from 5 to 600" in html
    assert "The end date must be on or after the start date" in html
    assert "Sound games" in html


def test_htmx_edits_a_row_in_place(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    outcome_id = scalar(app, sa.select(Outcome.id).where(Outcome.plan_id == plan.id))
    row_url = f"/senco/plans/{plan.id}/outcomes/{outcome_id}"
    htmx = {"HX-Request": "true"}

    form = senco.get(row_url, headers=htmx).get_data(as_text=True)
    assert form.lstrip().startswith('<div class="row row--editing"')
    assert "<html" not in form
    data = _outcome_data(f"outcome-{outcome_id}", description="Zofia will retell a story")
    data[f"outcome-{outcome_id}-version"] = hidden(form, f"outcome-{outcome_id}-version")
    data[f"outcome-{outcome_id}-csrf_token"] = hidden(form, f"outcome-{outcome_id}-csrf_token")
    response = senco.post(row_url, data=data, headers=htmx)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="outcome-{outcome_id}"' in html and "Zofia will retell a story" in html
    assert "Saved." in html and "<html" not in html

    # Cancel puts the row back as it was shown.
    cancelled = senco.get(row_url + "?cancel=1", headers=htmx).get_data(as_text=True)
    assert "Change" in cancelled and "<form" not in cancelled


def test_htmx_adds_a_row_and_refreshes_the_form_and_outcome_choices(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    url = f"/senco/plans/{plan.id}"
    response = senco.submit(
        f"{url}/outcomes/new",
        _outcome_data("new-outcome", description="Zofia will answer who and where questions"),
        page=url,
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Zofia will answer who and where questions" in html
    assert 'id="new-outcome" data-hx-swap-oob="true"' in html
    assert 'id="new-provision-outcome_id"' in html and 'hx-swap-oob="true"' in html

    # An htmx add with a mistake swaps only the add form, with its messages.
    response = senco.submit(
        f"{url}/outcomes/new",
        _outcome_data("new-outcome", description=""),
        page=url,
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Retarget"] == "#new-outcome"
    assert "Write the outcome" in response.get_data(as_text=True)


def test_removing_a_row_needs_the_version_it_was_shown_at(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    provision_id = scalar(app, sa.select(Provision.id).where(Provision.plan_id == plan.id))
    base = f"/senco/plans/{plan.id}/provision/{provision_id}"
    token = hidden(senco.get(base).get_data(as_text=True), f"provision-{provision_id}-csrf_token")

    stale = senco.post(
        f"{base}/remove",
        data={
            f"provision-{provision_id}-csrf_token": token,
            f"provision-{provision_id}-version": "0",
        },
    )
    assert stale.status_code == 409
    assert scalar(app, sa.select(Provision.id).where(Provision.id == provision_id)) is not None

    response = senco.post(
        f"{base}/remove",
        data={
            f"provision-{provision_id}-csrf_token": token,
            f"provision-{provision_id}-version": "1",
        },
    )
    assert response.status_code == 302
    assert scalar(app, sa.select(Provision.id).where(Provision.id == provision_id)) is None


def test_a_teacher_linked_to_the_pupil_adds_dated_progress_notes(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    teacher = login("teacher@oakfield.example")
    page = teacher.get(f"/staff/pupils/{amelia.id}/plan")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "orange book band" in html and "Daily reading with an adult" in html
    outcome_id = scalar(
        app, sa.select(Outcome.id).where(Outcome.plan_id == plan.id).order_by(Outcome.position)
    )
    response = teacher.submit(
        f"/staff/plans/{plan.id}/notes",
        {
            "outcome_id": str(outcome_id),
            "noted_on": today().isoformat(),
            "note": "Read an orange book with 88% accuracy today.",
            "next": f"/staff/pupils/{amelia.id}/plan",
        },
        page=f"/staff/pupils/{amelia.id}/plan",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/staff/pupils/{amelia.id}/plan#outcome-{outcome_id}"
    )
    assert "88% accuracy" in teacher.get(f"/staff/pupils/{amelia.id}/plan").get_data(as_text=True)
    note = scalar(app, sa.select(ProgressNote).where(ProgressNote.note.contains("88%")))
    assert note.noted_on == today() and note.pupil_id == amelia.id

    # Notes cannot be dated in the future, and errors are shown with the form kept.
    response = teacher.submit(
        f"/staff/plans/{plan.id}/notes",
        {
            "outcome_id": str(outcome_id),
            "noted_on": (today() + timedelta(days=3)).isoformat(),
            "note": "Tomorrow's news",
        },
        page=f"/staff/pupils/{amelia.id}/plan",
    )
    assert response.status_code == 400
    assert "The date cannot be in the future" in response.get_data(as_text=True)


def test_a_teacher_not_linked_to_the_pupil_gets_404(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    plan = plan_of(app, yusuf.id, PlanStatus.SHARED)
    teacher = login("teacher@oakfield.example")
    assert teacher.get(f"/staff/pupils/{yusuf.id}/plan").status_code == 404
    response = teacher.submit(
        f"/staff/plans/{plan.id}/notes",
        {"outcome_id": "1", "noted_on": today().isoformat(), "note": "x"},
        page="/staff/",
    )
    assert response.status_code == 404


def test_review_then_the_next_plan_starts_from_the_reviewed_one(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    senco = login(SENCO)
    review_url = f"/senco/plans/{plan.id}/review"
    form = senco.get(review_url).get_data(as_text=True)
    with app.app_context():
        from portal.extensions import db

        outcomes = db.session.scalars(
            sa.select(Outcome).where(Outcome.plan_id == plan.id).order_by(Outcome.position)
        ).all()
        ids = [o.id for o in outcomes]

    # Every outcome needs a result.
    missing = senco.submit(
        review_url,
        {"version": hidden(form, "version"), "next_step": "change"},
    )
    assert missing.status_code == 400
    assert "Choose a result for outcome 1" in missing.get_data(as_text=True)

    response = senco.submit(
        review_url,
        {
            "version": hidden(form, "version"),
            f"result_{ids[0]}": "achieved",
            f"note_{ids[0]}": "Read an orange book with 92% accuracy.",
            f"result_{ids[1]}": "not_yet",
            "pupil_views": "I can read books now!",
            "parent_views": "She reads to her nan every week.",
            "next_step": "change",
        },
    )
    assert response.status_code == 302
    reviewed = plan_of(app, amelia.id, PlanStatus.REVIEWED)
    assert reviewed.id == plan.id and reviewed.next_step is NextStep.CHANGE
    with app.app_context():
        from portal.extensions import db

        results = db.session.scalars(
            sa.select(Outcome.result).where(Outcome.plan_id == plan.id).order_by(Outcome.position)
        ).all()
    assert results == [OutcomeResult.ACHIEVED, OutcomeResult.NOT_YET]

    # The next plan carries on the outcome not yet achieved and its help.
    response = senco.submit(f"/senco/pupils/{amelia.id}/plans", page=f"/senco/plans/{plan.id}")
    new = plan_of(app, amelia.id)
    assert new.id != plan.id and new.status is PlanStatus.DRAFT
    assert new.predecessor_id == plan.id
    with app.app_context():
        from portal.extensions import db

        carried = db.session.scalars(sa.select(Outcome).where(Outcome.plan_id == new.id)).all()
        help_rows = db.session.scalars(
            sa.select(Provision).where(Provision.plan_id == new.id)
        ).all()
    assert [o.carried_from_id for o in carried] == [ids[1]]
    assert [p.description for p in help_rows] == ["Sentence checklist and modelled writing"]

    # The family still sees the reviewed plan until the new one is shared.
    parent = login("parent@oakfield.example")
    html = parent.get(f"/families/children/{amelia.id}/plan").get_data(as_text=True)
    assert "This plan was reviewed on" in html
    assert "I can read books now" not in html  # staff review notes are not in family words
