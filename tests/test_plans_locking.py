"""Two people editing the same plan never silently overwrite each other."""

from datetime import timedelta

import sqlalchemy as sa
from plans_helpers import hidden, plan_of, scalar

from portal.extensions import db
from portal.models import Outcome, Role, today
from portal.plans import services

SENCO = "senco@oakfield.example"


def _second_senco(make, demo):
    """A second SENCO at Oakfield, signed in on another computer."""
    make.person("deputy@oakfield.example", Role.SENCO, demo.school("oakfield"), name="Dana Deputy")
    return "deputy@oakfield.example"


def _details(html: str, **changes) -> dict:
    data = {
        "version": hidden(html, "version"),
        "strengths": "",
        "review_date": (today() + timedelta(days=50)).isoformat(),
    }
    data.update(changes)
    return data


def test_the_second_save_of_the_plan_is_refused_and_keeps_what_was_typed(app, login, demo, make):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    first = login(SENCO)
    second = login(_second_senco(make, demo))
    url = f"/senco/plans/{plan.id}/details"

    # Both open the form at the same version.
    first_form = first.get(url).get_data(as_text=True)
    second_form = second.get(url).get_data(as_text=True)
    assert hidden(first_form, "version") == hidden(second_form, "version") == str(plan.version)

    saved = first.submit(url, _details(first_form, strengths="Priya's words about Zofia."))
    assert saved.status_code == 302

    refused = second.submit(url, _details(second_form, strengths="Dana's careful paragraph."))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Your changes have not been saved yet." in html
    assert "Priya Shah saved a change" in html
    assert "Dana&#39;s careful paragraph." in html  # what the second person typed is kept
    assert "Priya&#39;s words about Zofia." in html  # and what is saved now is shown
    assert plan_of(app, zofia.id).strengths == "Priya's words about Zofia."

    # The refusal offers the saved version: saving again, knowingly, goes through.
    assert hidden(html, "version") == str(plan.version + 1)
    again = second.submit(url, _details(html, strengths="Dana's careful paragraph."))
    assert again.status_code == 302
    assert plan_of(app, zofia.id).strengths == "Dana's careful paragraph."


def test_the_second_save_of_an_outcome_is_refused(app, login, demo, make):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    outcome_id = scalar(app, sa.select(Outcome.id).where(Outcome.plan_id == plan.id))
    url = f"/senco/plans/{plan.id}/outcomes/{outcome_id}"
    prefix = f"outcome-{outcome_id}"
    first = login(SENCO)
    second = login(_second_senco(make, demo))
    first_form = first.get(url).get_data(as_text=True)
    second_form = second.get(url).get_data(as_text=True)

    def data(form_html, description):
        return {
            f"{prefix}-csrf_token": hidden(form_html, f"{prefix}-csrf_token"),
            f"{prefix}-version": hidden(form_html, f"{prefix}-version"),
            f"{prefix}-description": description,
            f"{prefix}-area": "communication",
            f"{prefix}-target_date": (today() + timedelta(days=30)).isoformat(),
            f"{prefix}-measure": "Recorded retell",
        }

    assert first.post(url, data=data(first_form, "First wording")).status_code == 302
    refused = second.post(url, data=data(second_form, "Second wording"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Your changes have not been saved yet." in html
    assert "Second wording" in html and "First wording" in html
    assert scalar(app, sa.select(Outcome.description).where(Outcome.id == outcome_id)) == (
        "First wording"
    )


def test_a_save_racing_past_the_check_is_still_refused(app, demo):
    """The version check in SQL catches a save that commits between load and write."""
    zofia = demo.pupil("Zofia", "Nowak")
    plan_id = plan_of(app, zofia.id).id
    with app.test_request_context():
        senco = db.session.scalar(sa.select(services.User).where(services.User.email == SENCO))
        plan = services.get_plan(plan_id, full=True)
        loaded_version = plan.version
        # Another connection saves first.
        with db.engine.begin() as other:
            other.execute(
                sa.text(
                    "UPDATE plan SET version = version + 1, strengths = 'other' WHERE id = :id"
                ),
                {"id": plan_id},
            )
        try:
            services.save_details(plan, {"strengths": "mine"}, version=loaded_version, by=senco)
        except services.EditConflict as conflict:
            assert conflict.reason == "version"
        else:
            raise AssertionError("the racing save was not refused")
    assert plan_of(app, zofia.id).strengths == "other"


def test_editing_a_plan_shared_meanwhile_is_refused_with_the_words_kept(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    url = f"/senco/plans/{plan.id}/details"
    form = senco.get(url).get_data(as_text=True)
    with app.app_context():
        from portal.models import Plan, PlanStatus, utcnow

        row = db.session.get(Plan, plan.id)
        row.status, row.shared_at = PlanStatus.SHARED, utcnow()
        db.session.commit()
    refused = senco.submit(
        url, _details(form, strengths="Words typed before sharing"), page=f"/senco/plans/{plan.id}"
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "This plan can no longer be changed." in html
    assert "Words typed before sharing" in html
