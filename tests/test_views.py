"""Parents' and pupils' views before a meeting: one question a page, drafts kept, check,
send, read receipts, and the supported mode for a pupil without an account."""

import re

import pytest

from portal.models import FormVersion, Respondent, ViewsStatus
from tests.voices_helpers import (
    forget_views,
    sent_views,
    views_for,
    views_request_id,
    walk_pupil_form,
)

PARENT_ANSWERS = {
    "going_well": "Amelia loves drawing and has made a new friend.",
    "hard": "Reading at home, and spelling.",
    "home_changes": "",
    "hopes": "That she enjoys reading again.",
    "discuss": "Could she have coloured overlays?",
}


def test_parent_gives_views_one_question_a_page(login, demo, app):
    sarah = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    rid = views_request_id(app, amelia, Respondent.PARENT, "parent@oakfield.example")
    child = sarah.get(f"/families/children/{amelia.id}").text
    assert "Give your views" in child and f'href="/families/views/{rid}"' in child

    start = sarah.get(f"/families/views/{rid}").text
    assert "What is Amelia good at, and what is going well?" in start
    response = sarah.submit(f"/families/views/{rid}", {})
    assert response.headers["Location"].endswith(f"/families/views/{rid}/q/going_well")

    # A required answer left empty is an error; an optional one is not.
    empty = sarah.submit(
        f"/families/views/{rid}/q/going_well", {"answer": "", "action": "continue"}
    )
    assert empty.status_code == 400 and "Write your answer" in empty.text
    for key, text in PARENT_ANSWERS.items():
        response = sarah.submit(
            f"/families/views/{rid}/q/{key}", {"answer": text, "action": "continue"}
        )
        assert response.status_code == 302, (key, response.text[:300])
    assert response.headers["Location"].endswith(f"/families/views/{rid}/check")

    check = sarah.get(f"/families/views/{rid}/check").text
    assert "Could she have coloured overlays?" in check and "Not answered" in check
    response = sarah.submit(f"/families/views/{rid}/check", {})
    views = sent_views(app, rid)[0]
    assert response.headers["Location"].endswith(f"/families/views/given/{views.id}")
    assert views.status is ViewsStatus.SUBMITTED and views.form_version is FormVersion.PARENT
    given = sarah.get(f"/families/views/given/{views.id}").text
    assert "The school has not read them yet." in given

    # The SENCO reads it from the inbox; the parent sees when.
    senco = login("senco@oakfield.example")
    inbox = senco.get("/senco/inbox?kind=parent_views").text
    assert "Views from Sarah Clarke about Amelia Clarke" in inbox
    senco.get(f"/staff/pupils/{amelia.id}/views/{views.id}")
    assert sent_views(app, rid)[0].status is ViewsStatus.READ
    assert "Read by the school on" in sarah.get(f"/families/views/given/{views.id}").text
    assert "The school read them on" in sarah.get(f"/families/children/{amelia.id}").text


def test_parent_views_draft_survives_signing_out(login, demo, app):
    sarah = login("parent@oakfield.example")
    jayden = demo.pupil("Jayden", "Clarke")
    rid = views_request_id(app, jayden, Respondent.PARENT, "parent@oakfield.example")
    sarah.submit(f"/families/views/{rid}", {})
    sarah.submit(
        f"/families/views/{rid}/q/going_well", {"answer": "Lego, trains", "action": "continue"}
    )
    sarah.submit(f"/families/views/{rid}/q/hard", {"answer": "Noise in the hall", "action": "save"})
    again = login("parent@oakfield.example")
    assert "Carry on with your views" in again.get(f"/families/children/{jayden.id}").text
    resume = again.submit(f"/families/views/{rid}", {})
    assert resume.headers["Location"].endswith(f"/families/views/{rid}/q/hard")
    assert "Noise in the hall" in again.get(f"/families/views/{rid}/q/hard").text
    assert len(views_for(app, rid)) == 1


def test_changing_sent_views_is_a_new_submission(login, demo, app):
    sarah = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    rid = views_request_id(app, amelia, Respondent.PARENT, "parent@oakfield.example")
    sarah.submit(f"/families/views/{rid}", {})
    for key, text in PARENT_ANSWERS.items():
        sarah.submit(f"/families/views/{rid}/q/{key}", {"answer": text, "action": "continue"})
    sarah.submit(f"/families/views/{rid}/check", {})
    first = sent_views(app, rid)[0]

    response = sarah.submit(f"/families/views/{rid}", {})  # "Change your views"
    assert response.status_code == 302
    page = sarah.get(f"/families/views/{rid}/q/hard").text
    assert "Reading at home, and spelling." in page  # starts from what was sent
    sarah.submit(
        f"/families/views/{rid}/q/hard",
        {"answer": "Reading is better now.", "action": "continue"},
        page=f"/families/views/{rid}/q/hard",
    )
    sarah.submit(f"/families/views/{rid}/check", {})
    first_again, second = sent_views(app, rid)
    assert (
        first_again.id == first.id
        and first_again.answers["hard"]["text"] == "Reading at home, and spelling."
    )
    assert (
        second.supersedes_id == first.id
        and second.answers["hard"]["text"] == "Reading is better now."
    )
    senco = login("senco@oakfield.example")
    assert "Replaced by a newer version" in senco.get(f"/staff/pupils/{amelia.id}").text


def _forget_sent_views(app, rid):
    """Start Tyler's request afresh (the demo has his views sent already)."""
    forget_views(app, rid)


def test_tyler_gives_his_views_with_his_own_account(login, demo, app):
    tyler_pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, tyler_pupil, Respondent.PUPIL)
    _forget_sent_views(app, rid)
    tyler = login("tyler@riverside.example")
    assert "We want to know what you think." in tyler.get("/me/").text

    response = tyler.submit(f"/views/{rid}/", {})
    assert response.headers["Location"].endswith(f"/views/{rid}/q/good_at")
    page = tyler.get(f"/views/{rid}/q/job").text
    assert "What job or course would you like?" in page
    assert "views-form--words" in page  # secondary and young person: words first
    assert page.index("question__text") < page.index('class="symbol"')
    keys, last = walk_pupil_form(tyler, rid, "good_at")
    assert {"job", "own", "health", "community"} <= set(keys)  # preparing for adulthood
    assert "feel" in keys and "safe" in keys and keys[-1] == "happen"
    goals = [k for k in keys if k.startswith("goal-")]
    assert len(goals) == 3 and keys.index(goals[0]) == keys.index("better") + 1  # his plan
    assert last.endswith(f"/views/{rid}/helped")
    helped = tyler.get(f"/views/{rid}/helped").text
    assert "Did someone help you?" in helped
    tyler.submit(f"/views/{rid}/helped", {"helped": "yes", "helped_by": "My mum", "action": "next"})
    check = tyler.get(f"/views/{rid}/check").text
    assert "My answer to job" in check and "Send my answers" in check
    assert "My goal: I will get the bus to college on my own." in check
    response = tyler.submit(f"/views/{rid}/check", {})
    new = sent_views(app, rid)[-1]
    assert response.headers["Location"].endswith(f"/views/{rid}/thanks/{new.id}")
    thanks = tyler.get(response.headers["Location"]).text
    assert (
        "Thank you, Tyler!" in thanks and "Your views will be shared at your meeting on" in thanks
    )
    assert new.methods == ["own_words", "with_help"] and new.helped_by == "My mum"
    assert new.answers["feel"] == {"board": {"school": "good"}} and not new.supported
    assert new.feelings == {"safe": "happy"}
    assert new.answers[goals[0]]["feeling"] == "happy" and new.answers[goals[0]]["help"] == "yes"


def test_pupil_question_needs_words_or_an_opt_out(login, demo, app):
    tyler_pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, tyler_pupil, Respondent.PUPIL)
    tyler = login("tyler@riverside.example")
    tyler.submit(f"/views/{rid}/", {})
    nothing = tyler.submit(f"/views/{rid}/q/good_at", {"answer": "  ", "action": "next"})
    assert (
        nothing.status_code == 400
        and "I'm not sure" in nothing.text
        and 'href="#answer"' in nothing.text
    )
    opt_out = tyler.submit(f"/views/{rid}/q/good_at", {"answer": "", "choice": "rather_not_say"})
    assert opt_out.headers["Location"].endswith(f"/views/{rid}/q/liked")
    draft = [v for v in views_for(app, rid) if v.status is ViewsStatus.DRAFT][0]
    assert draft.answers["good_at"] == {"choice": "rather_not_say"}
    back = tyler.get(f"/views/{rid}/q/good_at").text
    assert "You picked: I'd rather not say" in back
    no_face = tyler.submit(f"/views/{rid}/q/safe", {"action": "next"})
    assert no_face.status_code == 400 and 'href="#feeling-0"' in no_face.text
    bogus = tyler.submit(f"/views/{rid}/q/safe", {"feeling": "ecstatic", "action": "next"})
    assert bogus.status_code == 400
    # School, learning and friends are on the board now: their old pages are gone.
    assert tyler.get(f"/views/{rid}/q/school").status_code == 404


def test_stop_and_back_keep_the_words(login, demo, app):
    tyler_pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, tyler_pupil, Respondent.PUPIL)
    tyler = login("tyler@riverside.example")
    tyler.submit(f"/views/{rid}/", {})
    back = tyler.submit(f"/views/{rid}/q/liked", {"answer": "I am kind", "action": "back"})
    assert back.headers["Location"].endswith(f"/views/{rid}/q/good_at")
    stop = tyler.submit(f"/views/{rid}/q/important", {"answer": "My dog", "action": "stop"})
    assert stop.headers["Location"].endswith("/me/")
    draft = [v for v in views_for(app, rid) if v.status is ViewsStatus.DRAFT][0]
    assert (
        draft.answers["liked"]["text"] == "I am kind"
        and draft.answers["important"]["text"] == "My dog"
    )
    assert "Carry on" in tyler.get("/me/").text
    again = login("tyler@riverside.example")
    resume = again.submit(f"/views/{rid}/", {})
    # A change to views already sent carries on at the check page: one Change link each.
    assert resume.headers["Location"].endswith(f"/views/{rid}/check")


def test_a_first_go_carries_on_where_the_pupil_stopped(login, demo, app):
    tyler_pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, tyler_pupil, Respondent.PUPIL)
    _forget_sent_views(app, rid)
    tyler = login("tyler@riverside.example")
    tyler.submit(f"/views/{rid}/", {})
    for key in ("good_at", "liked"):
        tyler.submit(f"/views/{rid}/q/{key}", {"answer": "Football", "action": "next"})
    tyler.submit(f"/views/{rid}/q/important", {"answer": "My dog", "action": "stop"})
    resume = login("tyler@riverside.example").submit(f"/views/{rid}/", {})
    assert resume.headers["Location"].endswith(f"/views/{rid}/q/important")


@pytest.mark.parametrize(
    "helper_email,pupil,home",
    [
        ("teacher@oakfield.example", ("Zofia", "Nowak"), "/staff/pupils/{id}"),
        ("parent@oakfield.example", ("Amelia", "Clarke"), "/families/children/{id}"),
        ("senco@oakfield.example", ("Yusuf", "Rahman"), "/staff/pupils/{id}"),
    ],
)
def test_an_adult_sits_with_a_pupil_who_has_no_account(login, demo, app, helper_email, pupil, home):
    child = demo.pupil(*pupil)
    rid = views_request_id(app, child, Respondent.PUPIL)
    adult = login(helper_email)
    page = adult.get(home.format(id=child.id)).text
    assert f'href="/views/{rid}/"' in page
    adult.submit(f"/views/{rid}/", {})
    question = adult.get(f"/views/{rid}/q/good_at").text
    assert f"You are helping {child.first_name} give their views." in question
    assert "views-form--symbols" in question  # primary: symbols first
    assert question.index("symbol symbol--big") < question.index("question__text")
    walk_pupil_form(adult, rid, "good_at")
    helped = adult.get(f"/views/{rid}/helped").text
    assert "Who helped and how" in helped
    assert "The language you used with" in helped and "How did" in helped
    missing = adult.submit(f"/views/{rid}/helped", {"helped_by": "", "action": "next"})
    assert missing.status_code == 400 and "Tick at least one way" in missing.text
    adult.submit(
        f"/views/{rid}/helped",
        {
            "helped_by": "Sat with an adult",
            "methods": ["with_help", "symbols"],
            "spoken_language": "pl",
            "interpreter": "Mrs Kowalska, school interpreter",
            "participation_note": "Pointed to cards, and answered two questions in Polish.",
            "action": "next",
        },
    )
    check = adult.get(f"/views/{rid}/check").text
    assert "Mrs Kowalska, school interpreter" in check and "Pointed to cards" in check
    response = adult.submit(f"/views/{rid}/check", {})
    views = sent_views(app, rid)[-1]
    assert views.supported and views.methods == ["with_help", "symbols"]
    assert views.helped_by == "Sat with an adult"
    # The adult's record keeps the language used, the interpreter and how the pupil took part.
    assert views.spoken_language == "pl" and views.interpreter.startswith("Mrs Kowalska")
    assert views.participation_note.startswith("Pointed to cards")
    thanks = adult.get(response.headers["Location"]).text
    assert f"Back to {child.first_name}'s page" in thanks
    assert home.format(id=child.id) in thanks
    senco = login("senco@oakfield.example")
    read = senco.get(f"/staff/pupils/{child.id}/views/{views.id}").text
    assert "Polish" in read and "Mrs Kowalska" in read and "How they took part" in read


def test_supported_mode_resumes_at_the_first_question_not_answered(login, demo, app):
    """Zofia's draft (demo) stopped at question 5 with question 3 empty: carrying on opens
    question 3, and a gap filled from the check page goes back to the check page."""
    zofia = demo.pupil("Zofia", "Nowak")
    rid = views_request_id(app, zofia, Respondent.PUPIL)
    tom = login("teacher@oakfield.example")
    resume = tom.submit(f"/views/{rid}/", {})
    assert resume.headers["Location"].endswith(f"/views/{rid}/q/important")
    check = tom.get(f"/views/{rid}/check").text
    assert "Drawing horses" in check
    # From the check page, one gap at a time and back: not through every later question.
    walk_pupil_form(tom, rid, "safe")  # the rest, as far as the helped page
    assert 'value="Tom Evans (Class teacher)"' in tom.get(f"/views/{rid}/helped").text
    tom.submit(f"/views/{rid}/helped", {"helped_by": "Tom", "methods": ["with_help"]})
    send = tom.submit(f"/views/{rid}/check", {})
    assert send.headers["Location"].endswith(f"/views/{rid}/q/important?change=1")
    done = tom.submit(f"/views/{rid}/q/important?change=1", {"cards": ["family"]})
    assert done.headers["Location"].endswith(f"/views/{rid}/check")
    helped = tom.get(f"/views/{rid}/helped").text
    assert 'value="Tom"' in helped


def test_the_form_version_follows_the_year_group_unless_the_senco_chooses(login, demo, app):
    assert FormVersion.for_year_group(-1) is FormVersion.PRIMARY
    assert FormVersion.for_year_group(6) is FormVersion.PRIMARY
    assert FormVersion.for_year_group(7) is FormVersion.SECONDARY
    assert FormVersion.for_year_group(8) is FormVersion.SECONDARY
    assert FormVersion.for_year_group(9) is FormVersion.YOUNG_PERSON
    senco = login("senco@oakfield.example")
    jayden = demo.pupil("Jayden", "Clarke")
    meeting_page = senco.get(f"/staff/pupils/{jayden.id}").text
    meeting_id = re.search(r'href="/senco/meetings/(\d+)"', meeting_page).group(1)
    senco.submit(
        f"/senco/meetings/{meeting_id}/views",
        {"ask_pupil": "y", "form_version": "secondary"},
        page=f"/senco/meetings/{meeting_id}",
    )
    # Jayden was already asked (demo), so the existing request keeps its version.
    rid = views_request_id(app, jayden, Respondent.PUPIL)
    sarah = login("parent@oakfield.example")
    sarah.submit(f"/views/{rid}/", {})
    assert "views-form--symbols" in sarah.get(f"/views/{rid}/q/good_at").text


def test_thank_you_page_belongs_to_its_request(login, demo, app):
    tyler_pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, tyler_pupil, Respondent.PUPIL)
    tyler = login("tyler@riverside.example")
    views = sent_views(app, rid)[0]
    assert tyler.get(f"/views/{rid}/thanks/{views.id}").status_code == 200
    assert tyler.get(f"/views/{rid}/thanks/{views.id + 1000}").status_code == 404
