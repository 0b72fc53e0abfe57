"""What the SENCO stumbled on (issue 16): two links to one plan on the pupil page, a "last
saved by" line that missed row changes, and sent views that never reached the plan's
"What the pupil said". (The menu's layout is checked in a browser: tests/browser.)"""

import re
from datetime import timedelta

import sqlalchemy as sa
from plans_helpers import hidden, plan_of

from portal.extensions import db
from portal.models import (
    FormVersion,
    Plan,
    PlanStatus,
    Respondent,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)

SENCO = "senco@oakfield.example"
TEACHER = "teacher@oakfield.example"
PLAN_LINK = re.compile(r'href="(/senco/pupils/\d+/plan|/senco/plans/\d+|/staff/pupils/\d+/plan)"')


def main(html: str) -> str:
    return re.search(r"<main.*?</main>", html, re.S).group(0)


# --- One way into the plan ------------------------------------------------------------------


def test_the_pupil_page_has_one_link_to_the_plan(login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    senco_page = main(login(SENCO).get(f"/staff/pupils/{amelia.id}").text)
    assert PLAN_LINK.findall(senco_page) == [f"/senco/pupils/{amelia.id}/plan"]
    assert "Outcomes, help and progress notes" in senco_page
    assert "Open the plan editor" not in senco_page
    teacher_page = main(login(TEACHER).get(f"/staff/pupils/{amelia.id}").text)
    assert PLAN_LINK.findall(teacher_page) == [f"/staff/pupils/{amelia.id}/plan"]


def test_a_pupil_without_a_plan_offers_to_start_one(app, login, make, demo):
    oakfield = demo.school("oakfield")
    pupil = make.pupil(oakfield, "Nia", "Obi")
    page = main(login(SENCO).get(f"/staff/pupils/{pupil.id}").text)
    assert PLAN_LINK.findall(page) == [f"/senco/pupils/{pupil.id}/plan"] and "Start a plan" in page


# --- "Last saved by" follows the rows ---------------------------------------------------------


def _saved_line(html: str) -> str:
    return re.search(r'<span class="muted" id="plan-saved"[^>]*>(.*?)</span>', html, re.S).group(1)


def _long_ago(app, plan_id: int) -> None:
    """As if Tom Evans last saved the plan a week ago."""
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        tom = db.session.scalar(sa.select(User).where(User.email == TEACHER))
        db.session.execute(
            sa.update(Plan)
            .where(Plan.id == plan.id)
            .values(updated_at=utcnow() - timedelta(days=7), updated_by_id=tom.id)
        )
        db.session.commit()


OUTCOME = {
    "new-outcome-description": "By Easter, Zofia will ask for help in a full sentence in class",
    "new-outcome-area": "communication",
    "new-outcome-target_date": (utcnow().date() + timedelta(days=90)).isoformat(),
    "new-outcome-measure": "Her teacher's weekly tally.",
    "new-outcome-pupil_words": "",
}


def test_adding_an_outcome_changes_who_last_saved_the_plan(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    _long_ago(app, plan.id)
    senco = login(SENCO)
    before = _saved_line(senco.get(f"/senco/plans/{plan.id}").text)
    assert "Tom Evans" in before

    added = senco.submit(
        f"/senco/plans/{plan.id}/outcomes/new", OUTCOME, page=f"/senco/plans/{plan.id}"
    )
    assert added.status_code == 302
    after = _saved_line(senco.get(f"/senco/plans/{plan.id}").text)
    assert "Priya Shah" in after and "Tom Evans" not in after
    # The plan's own version is left alone: the share button and the details form opened
    # before the row was added still work.
    assert f"Version {plan.version}" in after


def test_with_htmx_the_saved_line_is_swapped_in_after_each_row_change(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    page = senco.get(f"/senco/plans/{plan.id}").text
    htmx = {"HX-Request": "true"}

    _long_ago(app, plan.id)
    added = senco.post(
        f"/senco/plans/{plan.id}/outcomes/new",
        data={**OUTCOME, "new-outcome-csrf_token": hidden(page, "new-outcome-csrf_token")},
        headers=htmx,
    )
    assert added.status_code == 200
    swapped = re.search(r'<span[^>]*id="plan-saved"[^>]*data-hx-swap-oob="true"', added.text)
    assert swapped and "Priya Shah" in _saved_line(added.text)

    with app.app_context():
        provision = db.session.get(Plan, plan.id).provisions[0]
        row_id, version = provision.id, provision.version
    _long_ago(app, plan.id)
    form_page = senco.get(f"/senco/plans/{plan.id}/provision/{row_id}").text
    prefix = f"provision-{row_id}-"
    changed = senco.post(
        f"/senco/plans/{plan.id}/provision/{row_id}",
        data={
            f"{prefix}csrf_token": hidden(form_page, f"{prefix}csrf_token"),
            f"{prefix}version": str(version),
            f"{prefix}description": "Language group with picture stories and songs",
            f"{prefix}outcome_id": "",
            f"{prefix}group_size": "small_group",
            f"{prefix}sessions_per_week": "3",
            f"{prefix}minutes_per_session": "20",
            f"{prefix}delivered_by": "Mrs Khan, teaching assistant",
            f"{prefix}starts_on": "",
            f"{prefix}ends_on": "",
        },
        headers=htmx,
    )
    assert changed.status_code == 200, changed.text[:500]
    assert "Priya Shah" in _saved_line(changed.text)

    _long_ago(app, plan.id)
    removed = senco.post(
        f"/senco/plans/{plan.id}/provision/{row_id}/remove",
        data={
            f"{prefix}csrf_token": hidden(form_page, f"{prefix}csrf_token"),
            f"{prefix}version": str(version + 1),
        },
        headers=htmx,
    )
    assert removed.status_code == 200
    assert "Priya Shah" in _saved_line(removed.text)
    with app.app_context():
        assert db.session.get(Plan, plan.id).updated_by.full_name == "Priya Shah"


def test_sharing_still_works_after_a_row_was_added_on_the_same_page(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login(SENCO)
    page = senco.get(f"/senco/plans/{plan.id}").text
    share_version = re.search(
        r'action="/senco/plans/\d+/share".*?name="version"[^>]*value="(\d+)"', page, re.S
    )
    assert share_version, "the draft is ready to share"
    senco.submit(f"/senco/plans/{plan.id}/outcomes/new", OUTCOME, page=f"/senco/plans/{plan.id}")
    with app.app_context():
        draft = db.session.get(Plan, plan.id)
        draft.review_date = draft.review_date or utcnow().date() + timedelta(days=60)
        for outcome in draft.outcomes:
            outcome.target_date = outcome.target_date or utcnow().date() + timedelta(days=60)
            outcome.measure = outcome.measure or "Her teacher's weekly tally."
        db.session.commit()
    version = share_version.group(1)
    shared = senco.submit(
        f"/senco/plans/{plan.id}/share", {"version": version}, page=f"/senco/plans/{plan.id}"
    )
    assert shared.status_code == 302
    with app.app_context():
        assert db.session.get(Plan, plan.id).status is PlanStatus.SHARED


# --- Bringing sent views into the plan ----------------------------------------------------------


def _send_views(app, pupil, respondent: Respondent, answers: dict, feelings=None, author=None):
    """Views sent for the pupil's meeting, as the form would have saved them."""
    with app.app_context():
        request = db.session.scalar(
            sa.select(ViewsRequest)
            .where(ViewsRequest.pupil_id == pupil.id, ViewsRequest.respondent == respondent)
            .order_by(ViewsRequest.id)
        )
        for draft in request.views:
            db.session.delete(draft)
        author_id = author or request.user_id or request.requested_by_id
        views = Views(
            school_id=request.school_id,
            pupil_id=pupil.id,
            request=request,
            respondent=respondent,
            form_version=FormVersion.PARENT
            if respondent is Respondent.PARENT
            else FormVersion.PRIMARY,
            language="pl",
            answers=answers,
            feelings=feelings or {},
            author_id=author_id,
            status=ViewsStatus.SUBMITTED,
            submitted_at=utcnow(),
        )
        db.session.add(views)
        db.session.commit()
        return views.id


def test_sent_views_are_offered_to_the_plan_and_brought_in_for_editing(app, login, demo):
    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    assert plan.pupil_views == ""
    tom = demo.user(TEACHER)
    pupil_views = _send_views(
        app,
        zofia,
        Respondent.PUPIL,
        {"good_at": {"text": "Malowanie i śpiew."}, "hard": {"text": "Mówić po angielsku."}},
        feelings={"school": "happy"},
        author=tom.id,
    )
    parent_views = _send_views(
        app, zofia, Respondent.PARENT, {"going_well": {"text": "Czyta z siostrą."}}
    )
    senco = login(SENCO)
    page = senco.get(f"/senco/plans/{plan.id}").text
    assert "What the pupil said" in page and "Not written yet" in page
    assert "Bring what they said into the plan" in page
    link = f'href="/senco/plans/{plan.id}/details?bring=views"'
    assert link in page

    form = senco.get(f"/senco/plans/{plan.id}/details?bring=views").text
    pupil_box = re.search(r'<textarea[^>]*name="pupil_views"[^>]*>(.*?)</textarea>', form, re.S)
    parent_box = re.search(r'<textarea[^>]*name="parent_views"[^>]*>(.*?)</textarea>', form, re.S)
    assert "Malowanie i śpiew." in pupil_box.group(1)
    assert "Mówić po angielsku." in pupil_box.group(1)
    assert "Happy" in pupil_box.group(1)  # a face picked is brought in as its word
    assert "Zofia speaks a lot at home in Polish" in parent_box.group(1)  # kept
    assert "Czyta z siostrą." in parent_box.group(1)
    for views_id in (pupil_views, parent_views):
        assert re.search(rf'value="{views_id}"[^>]*checked|checked[^>]*value="{views_id}"', form)
    with app.app_context():  # nothing is saved until the SENCO saves
        assert db.session.get(Plan, plan.id).pupil_views == ""

    data = {
        name: value
        for name, value in re.findall(
            r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
        )
    }
    data.update(
        pupil_views=pupil_box.group(1).replace("&#34;", '"').strip() + "\nShe wants to sing more.",
        parent_views=parent_box.group(1).strip(),
        views=[str(pupil_views), str(parent_views)],
        version=hidden(form, "version"),
        review_date="",
    )
    saved = senco.submit(f"/senco/plans/{plan.id}/details", data)
    assert saved.status_code == 302, saved.text[:2000]
    with app.app_context():
        after = db.session.get(Plan, plan.id)
        assert "Malowanie i śpiew." in after.pupil_views and "sing more" in after.pupil_views
        assert {v.id for v in after.views} == {pupil_views, parent_views}
    assert "Bring what they said into the plan" not in senco.get(f"/senco/plans/{plan.id}").text


def test_a_shared_plan_offers_nothing_to_bring_in(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    _send_views(app, amelia, Respondent.PARENT, {"going_well": {"text": "Reading at bedtime."}})
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    assert "Bring what they said" not in login(SENCO).get(f"/senco/plans/{plan.id}").text
