"""Values no form offers, sent anyway (issue 9, findings 4 and 8): each is refused with the
form's error summary and nothing stored, and a bad value already in the database never
breaks a page."""

import re

import pytest
import sqlalchemy as sa
from test_concerns import answer_all, start

from portal.extensions import db
from portal.models import Concern, PlanQuestion, Pupil, Views, ViewsStatus

HUGE = "9" * 23


def _concern(app, concern_id) -> Concern:
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        db.session.expunge(concern)
        return concern


# -- Finding 4: a language no form offers -------------------------------------------------


def test_a_concern_in_an_unknown_language_is_refused_with_the_error_summary(login, demo, app):
    sarah = login("parent@oakfield.example")
    concern_id = start(sarah, demo.pupil("Jayden", "Clarke").id)
    answer_all(sarah, concern_id)
    url = f"/families/concerns/{concern_id}/language"
    sarah.submit(url, {"language": "pl", "action": "continue"})

    response = sarah.submit(url, {"language": "qq", "action": "continue"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert _concern(app, concern_id).language == "pl"

    # Neither "save and come back later", "back", nor saving while typing keeps it.
    for action in ("save", "back"):
        sarah.submit(url, {"language": "qq", "action": action})
        assert _concern(app, concern_id).language == "pl"
    sarah.submit(f"{url}/autosave", {"language": "qq"}, page=url)
    assert _concern(app, concern_id).language == "pl"


def test_pages_showing_a_stored_language_survive_a_bad_one(login, demo, app):
    """A value written before forms checked it (or by hand) shows as it is, never a 500."""
    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        concern = db.session.scalars(
            sa.select(Concern).where(Concern.status != "draft").order_by(Concern.id)
        ).first()
        concern.language = "qq"
        for item in db.session.scalars(sa.select(PlanQuestion)):
            item.language = "zz-Qqqq"
        views = db.session.scalars(
            sa.select(Views).where(Views.status != ViewsStatus.DRAFT).order_by(Views.id)
        ).all()
        for row in views:
            row.language = "12"
        db.session.commit()
        concern_id, pupil_id = concern.id, concern.pupil_id
        views_pages = [(v.pupil_id, v.id) for v in views]
        question = db.session.scalars(sa.select(PlanQuestion)).first()
        question_page = (question.plan_id, question.id) if question else None
        school_pupils = db.session.scalars(
            sa.select(Pupil.id).where(Pupil.school_id == amelia.school_id)
        ).all()

    senco = login("senco@oakfield.example")
    pages = [
        "/senco/inbox",
        f"/senco/concerns/{concern_id}",
        f"/senco/pupils/{pupil_id}/timeline",
        *(f"/staff/pupils/{p}/views/{v}" for p, v in views_pages if p in school_pupils),
    ]
    if question_page:
        pages.append(f"/senco/plans/{question_page[0]}/questions/{question_page[1]}")
    for page in pages:
        response = senco.get(page)
        assert response.status_code == 200, page
    parent = concern_row_owner(app, concern_id)
    family = login(parent)
    assert family.get(f"/families/concerns/{concern_id}").status_code == 200


def concern_row_owner(app, concern_id) -> str:
    from portal.models import User

    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        return db.session.get(User, concern.raised_by_id).email


def test_language_names_never_fail(app):
    from portal.i18n import language_name

    with app.test_request_context():
        assert language_name("pl") == "Polish"
        for bad in ("qq", "zz-Qqqq", "12", "x" * 300, "\x00", "../etc", "en_GB!"):
            assert isinstance(language_name(bad), str)


# -- Finding 8: the SENCO's pupil forms ---------------------------------------------------

PUPIL = {
    "given_name": "Ada",
    "family_name": "Lovelace",
    "date_of_birth": "2016-05-04",
    "year_group": "4",
    "sen_status": "K",
    "primary_need": "SPLD",
    "secondary_need": "",
    "home_language": "",
}


def _pupil_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Pupil.id)))


@pytest.mark.parametrize(
    "field, value",
    [
        ("sen_status", "Q"),
        ("sen_status", "\x00"),
        ("year_group", HUGE),
        ("year_group", "-1" + "0" * 30),
        ("year_group", "NaN"),
        ("primary_need", "XYZ"),
        ("secondary_need", "<script>"),
        ("home_language", "qq"),
        ("date_of_birth", "2016-02-30"),
        ("given_name", "x" * 200_000),
    ],
)
def test_a_new_pupil_with_a_hostile_value_is_refused(login, demo, app, field, value):
    senco = login("senco@oakfield.example")
    before = _pupil_count(app)
    response = senco.submit("/senco/pupils/new", {**PUPIL, field: value})
    assert response.status_code == 400, response.status_code
    assert 'class="error-summary"' in response.text
    assert _pupil_count(app) == before


@pytest.mark.parametrize(
    "field, value",
    [("sen_status", "Q"), ("year_group", HUGE), ("primary_need", "XYZ"), ("home_language", "qq")],
)
def test_editing_a_pupil_with_a_hostile_value_is_refused(login, demo, app, field, value):
    amelia = demo.pupil("Amelia", "Clarke")
    senco = login("senco@oakfield.example")
    url = f"/senco/pupils/{amelia.id}/edit"
    page = senco.get(url).text
    current = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page))
    response = senco.submit(url, {**PUPIL, **current, field: value})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert demo.pupil("Amelia", "Clarke").sen_status == amelia.sen_status


# -- What the fuzzer found (tests/test_fuzz_forms.py) -------------------------------------


def test_a_refused_reply_to_a_plan_question_leaves_it_unread(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    sarah = login("parent@oakfield.example")
    plan_page = sarah.get(f"/families/children/{amelia.id}/plan").text
    plan_id = int(plan_page.split(f"/families/children/{amelia.id}/plans/")[1].split("/")[0])
    sarah.submit(f"/families/children/{amelia.id}/plans/{plan_id}/question", {"question": "Why?"})
    with app.app_context():
        question_id = db.session.scalar(
            sa.select(PlanQuestion.id).where(PlanQuestion.question == "Why?")
        )
    senco = login("senco@oakfield.example")
    url = f"/senco/plans/{plan_id}/questions/{question_id}"
    response = senco.submit(url, {"reply": ""}, page=f"/senco/plans/{plan_id}")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(PlanQuestion, question_id).read_at is None


# -- Choices left blank with a space (finding 8: a meeting's views request) ---------------
# A choice field that may be left empty once let a blank such as " " past the check that it
# is one of the choices (WTForms' Optional() clears that error), and the value went on to
# FormVersion(" ") or int(" ").


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(model.id)))


@pytest.mark.parametrize("value", [" ", "\t", "Q", "\x00"])
def test_asking_for_views_with_a_form_no_pupil_has_is_refused(app, login, demo, value):
    from portal.models import Meeting, ViewsRequest

    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        meeting_id = db.session.scalar(
            sa.select(Meeting.id).where(
                Meeting.pupil_id == amelia.id, Meeting.cancelled_at.is_(None)
            )
        )
    senco = login("senco@oakfield.example")
    before = _count(app, ViewsRequest)
    response = senco.submit(
        f"/senco/meetings/{meeting_id}/views",
        {"ask_pupil": "y", "ask_parents": "y", "form_version": value},
        page=f"/senco/meetings/{meeting_id}",
    )
    assert response.status_code < 500
    assert _count(app, ViewsRequest) == before


@pytest.mark.parametrize(
    "field, value",
    [
        ("form_version", " "),
        ("interpreter_language", " "),
        ("invitees", [" ", "user:" + HUGE]),
        ("invitees", [" ", "user:\u00b9"]),
    ],
)
def test_booking_a_meeting_with_a_blank_or_unknown_choice_is_refused(
    app, login, demo, field, value
):
    from test_meetings import booking

    from portal.models import Meeting

    amelia = demo.pupil("Amelia", "Clarke")
    senco = login("senco@oakfield.example")
    before = _count(app, Meeting)
    url = f"/senco/pupils/{amelia.id}/meetings/new"
    needed = "y" if field == "interpreter_language" else ""
    response = senco.submit(url, booking(amelia.id, **{field: value, "interpreter_needed": needed}))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert _count(app, Meeting) == before


def test_a_plan_row_or_details_with_a_blank_choice_is_refused(app, login, demo):
    from plans_helpers import hidden, plan_of

    from portal.models import Provision

    zofia = demo.pupil("Zofia", "Nowak")
    plan = plan_of(app, zofia.id)
    senco = login("senco@oakfield.example")
    url = f"/senco/plans/{plan.id}"
    before = _count(app, Provision)
    response = senco.submit(
        f"{url}/provision/new",
        {
            "new-provision-description": "Picture story group",
            "new-provision-outcome_id": " ",
            "new-provision-group_size": "small_group",
            "new-provision-sessions_per_week": "2",
            "new-provision-minutes_per_session": "25",
            "new-provision-delivered_by": "Mrs Khan, teaching assistant",
        },
        page=url,
    )
    assert response.status_code == 400
    assert _count(app, Provision) == before

    details = senco.get(f"{url}/details").text
    response = senco.submit(
        f"{url}/details",
        {"version": hidden(details, "version"), "strengths": "Sings", "views": [" ", HUGE]},
    )
    assert response.status_code == 400
    assert plan_of(app, zofia.id).version == plan.version


def test_a_refused_translation_leaves_the_familys_request_unread(app, login, demo):
    """Found by the fuzzer: a post with nothing typed marked the request read, so the SENCO's
    inbox stopped showing it as new although nobody had opened it."""
    from test_school_translations import _ask, _outcome_of

    from portal.models import TranslationRequest

    yusuf = demo.pupil("Yusuf", "Rahman")
    _ask(login("ami@oakfield.example"), yusuf.id, _outcome_of(app, yusuf.id).id)
    with app.app_context():
        request_id = db.session.scalar(sa.select(TranslationRequest.id))
    senco = login("senco@oakfield.example")
    url = f"/senco/translation-requests/{request_id}"
    response = senco.submit(url, {"id": "x" * 300}, page="/senco/inbox")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(TranslationRequest, request_id).read_at is None


def test_nul_characters_never_reach_the_database(app, login, demo):
    """Found by the fuzzer on PostgreSQL, which refuses NUL in text (a 500 for a parent's
    question, a SENCO closing a concern, the admin inviting a SENCO): no form field or query
    word holds one."""
    amelia = demo.pupil("Amelia", "Clarke")
    sarah = login("parent@oakfield.example")
    plan_page = sarah.get(f"/families/children/{amelia.id}/plan").text
    plan_id = int(plan_page.split(f"/families/children/{amelia.id}/plans/")[1].split("/")[0])
    url = f"/families/children/{amelia.id}/plans/{plan_id}/question"
    assert sarah.submit(url, {"question": "Who\x00 runs\x00 it?"}).status_code == 302
    with app.app_context():
        asked = db.session.scalars(sa.select(PlanQuestion.question)).all()
    assert "Who runs it?" in asked and not any("\x00" in q for q in asked)
    senco = login("senco@oakfield.example")
    assert senco.get("/senco/?q=Am%00elia").status_code == 200
