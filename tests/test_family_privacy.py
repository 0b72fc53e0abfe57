"""What one adult in a family says to the school stays theirs (issue 9, findings 6 and 7).

Two parents of one child may live apart. The plan is shared with both; a question one of them
asks about it, and the school's reply, are that parent's, as their concerns are. A pupil's
views gathered at school by a teacher are the school's record of what the child said there:
a parent helping at home starts their own, and never opens, changes, sends or reads those.
"""

import sqlalchemy as sa
from voices_helpers import views_for, views_request_id, walk_pupil_form

from portal.extensions import db
from portal.models import ParentLink, PlanQuestion, Respondent, Role, ViewsStatus

QUESTION = "Who runs the phonics group on Tuesdays?"
REPLY = "Mrs Patel, our teaching assistant, in the library."


def _second_parent(app, make, demo, pupil):
    """Amelia's father, living apart from her mother, with his own account."""
    dad = make.person(
        "dad@oakfield.example", Role.PARENT, demo.school("oakfield"), name="Dan Clarke"
    )
    with app.app_context():
        db.session.add(
            ParentLink(user_id=dad.id, pupil_id=pupil.id, relationship_to_pupil="father")
        )
        db.session.commit()
    return dad.email


def test_a_second_parent_does_not_see_the_other_parents_question_or_its_reply(
    app, login, demo, make
):
    amelia = demo.pupil("Amelia", "Clarke")
    dad = login(_second_parent(app, make, demo, amelia))
    sarah = login("parent@oakfield.example")
    plan_page = sarah.get(f"/families/children/{amelia.id}/plan")
    plan_id = int(plan_page.text.split(f"/families/children/{amelia.id}/plans/")[1].split("/")[0])
    asked = sarah.submit(
        f"/families/children/{amelia.id}/plans/{plan_id}/question", {"question": QUESTION}
    )
    assert asked.status_code == 302
    with app.app_context():
        question_id = db.session.scalar(
            sa.select(PlanQuestion.id).where(PlanQuestion.question == QUESTION)
        )
    senco = login("senco@oakfield.example")
    url = f"/senco/plans/{plan_id}/questions/{question_id}"
    assert senco.submit(url, {"reply": REPLY}).status_code == 302

    mine = sarah.get(f"/families/children/{amelia.id}/plan").text
    assert QUESTION in mine and REPLY in mine
    for page in (
        f"/families/children/{amelia.id}/plan",
        f"/families/children/{amelia.id}/plans/{plan_id}",
        f"/families/children/{amelia.id}",
    ):
        theirs = dad.get(page)
        assert theirs.status_code == 200, page
        assert QUESTION not in theirs.text and REPLY not in theirs.text, page
    # The plan itself is shared with both.
    theirs = dad.get(f"/families/children/{amelia.id}/plan").text
    assert f"/plans/{plan_id}/plan.pdf" in theirs and "Your questions" not in theirs


def test_a_parent_cannot_open_change_send_or_read_views_gathered_at_school(app, login, demo):
    """Zofia has no account; her teacher started her views with her at school (the demo)."""
    zofia = demo.pupil("Zofia", "Nowak")
    rid = views_request_id(app, zofia, Respondent.PUPIL)
    [draft] = views_for(app, rid)
    kasia = login("rodzic@oakfield.example")

    # Her page says the school is gathering them, with no way in.
    child = kasia.get(f"/families/children/{zofia.id}").text
    assert f'href="/views/{rid}/"' not in child
    assert "Zofia przekazuje swoje zdanie z pomocą innej osoby dorosłej." in child

    for url in (f"/views/{rid}/", f"/views/{rid}/q/learning", f"/views/{rid}/check"):
        assert kasia.get(url).status_code == 404, url
    assert kasia.submit(f"/views/{rid}/", {}, page="/account").status_code == 404
    changed = kasia.submit(
        f"/views/{rid}/q/learning", {"answer": "Changed by someone else"}, page="/account"
    )
    assert changed.status_code == 404
    sent = kasia.submit(f"/views/{rid}/check", {}, page="/account")
    assert sent.status_code == 404
    [after] = views_for(app, rid)
    assert after.status is ViewsStatus.DRAFT and after.answers == draft.answers

    # Once the teacher sends them, the thanks page is not the parent's either.
    tom = login("teacher@oakfield.example")
    walk_pupil_form(tom, rid, "good_at")
    tom.submit(
        f"/views/{rid}/helped",
        {"helped_by": "Tom Evans", "methods": ["with_help"], "action": "next"},
    )
    assert tom.submit(f"/views/{rid}/check", {}).status_code == 302
    [views] = views_for(app, rid)
    assert views.status is ViewsStatus.SUBMITTED
    assert kasia.get(f"/views/{rid}/thanks/{views.id}").status_code == 404
    assert kasia.submit(f"/views/{rid}/", {}, page="/account").status_code == 404
    assert "Drawing horses" not in kasia.get(f"/families/children/{zofia.id}").text


def test_a_parent_still_helps_their_child_when_the_school_has_not(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    rid = views_request_id(app, amelia, Respondent.PUPIL)
    sarah = login("parent@oakfield.example")
    assert f'href="/views/{rid}/"' in sarah.get(f"/families/children/{amelia.id}").text
    assert sarah.submit(f"/views/{rid}/", {}).status_code == 302
    # Her own draft stays hers to carry on with.
    assert sarah.get(f"/views/{rid}/q/good_at").status_code == 200
