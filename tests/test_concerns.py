"""A parent raises a concern one question a page, drafts kept, checked, sent; the SENCO reads,
replies and closes it; the family sees every step."""

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import AuditEvent, BroadArea, Concern, ConcernStatus, EmailMessage

ANSWERS = {
    "area": {"area": "feelings"},
    "noticed": {"noticed": "Jayden is very worried before school and cannot sleep."},
    "since": {"since": "weeks"},
    "at_home": {"at_home": "He cries at bedtime on Sunday nights."},
    "would_like": {"would_like": "A meeting with the SENCO and his teacher."},
    "contact": {
        "contact_by": "phone",
        "contact_phone": "07700 900123",
        "contact_note": "Mornings before 9",
    },
}


def start(client, pupil_id):
    response = client.submit(f"/families/children/{pupil_id}/concerns/new", {})
    assert response.status_code == 302
    match = re.search(r"/families/concerns/(\d+)/area$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def answer_all(client, concern_id):
    for step, data in ANSWERS.items():
        url = f"/families/concerns/{concern_id}/{step}"
        response = client.submit(url, {**data, "action": "continue"})
        assert response.status_code == 302, (step, response.text[:500])


def concern_row(app, concern_id) -> Concern:
    with app.app_context():
        concern = db.session.get(Concern, concern_id)
        db.session.expunge(concern)
        return concern


def test_the_whole_journey(login, demo, app):
    sarah = login("parent@oakfield.example")
    jayden = demo.pupil("Jayden", "Clarke")
    start_page = sarah.get(f"/families/children/{jayden.id}/concerns/new").text
    assert (
        "6 short questions" in start_page
        and "special educational needs coordinator (SENCO)" in start_page
    )

    concern_id = start(sarah, jayden.id)
    first = sarah.get(f"/families/concerns/{concern_id}/area")
    assert first.status_code == 200
    assert "Question 1 of 6" in first.text
    assert (
        '<legend class="legend legend--large "><h1 class="question-heading">What is your concern about?</h1></legend>'
        in first.text
    )

    # Each step leads to the next, then to the check page.
    response = sarah.submit(
        f"/families/concerns/{concern_id}/area", {"area": "feelings", "action": "continue"}
    )
    assert response.headers["Location"].endswith(f"/families/concerns/{concern_id}/noticed")
    answer_all(sarah, concern_id)
    check = sarah.get(f"/families/concerns/{concern_id}/check").text
    assert "Check your answers" in check
    assert "Jayden is very worried before school" in check
    assert "Feelings, worries or behaviour" in check
    assert "Mornings before 9" in check
    assert "Some questions are not answered yet" not in check

    response = sarah.submit(f"/families/concerns/{concern_id}/check", {})
    assert response.headers["Location"].endswith(f"/families/concerns/{concern_id}/sent")
    sent = sarah.get(f"/families/concerns/{concern_id}/sent").text
    concern = concern_row(app, concern_id)
    assert re.fullmatch(r"CN-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}", concern.reference)
    assert concern.reference in sent and "Concern sent" in sent
    assert concern.status is ConcernStatus.RECEIVED
    assert concern.broad_area is BroadArea.SEMH
    assert concern.language == "en"

    child = sarah.get(f"/families/children/{jayden.id}").text
    assert f"Concern {concern.reference}" in child and "Nobody has read it yet" in child

    # The SENCO is told by email: a reference and a link, nothing about the child.
    with app.app_context():
        emails = db.session.scalars(
            sa.select(EmailMessage).where(EmailMessage.kind == "concern_new")
        ).all()
        assert [e.to_address for e in emails] == ["senco@oakfield.example"]

    # The SENCO opens it: it is read, and the family sees that.
    senco = login("senco@oakfield.example")
    page = senco.get(f"/senco/concerns/{concern_id}").text
    assert "Jayden is very worried" in page and "Social, emotional and mental health" in page
    assert concern_row(app, concern_id).status is ConcernStatus.READ
    family_view = sarah.get(f"/families/concerns/{concern_id}").text
    assert "Read by the school on" in family_view
    assert "The school has read your message and will reply." in family_view

    # A reply goes into the thread and emails the parent.
    response = senco.submit(
        f"/senco/concerns/{concern_id}/reply",
        {"body": "Thank you. Can you come in on Tuesday at 9?"},
        page=f"/senco/concerns/{concern_id}",
    )
    assert response.status_code == 302
    assert concern_row(app, concern_id).status is ConcernStatus.REPLIED
    family_view = sarah.get(f"/families/concerns/{concern_id}").text
    assert (
        "Can you come in on Tuesday at 9?" in family_view
        and "The school has replied." in family_view
    )

    # The parent answers in the thread: it waits in the inbox again.
    response = sarah.submit(
        f"/families/concerns/{concern_id}/messages",
        {"body": "Yes, Tuesday is fine."},
        page=f"/families/concerns/{concern_id}",
    )
    assert response.status_code == 302
    assert concern_row(app, concern_id).status is ConcernStatus.RECEIVED
    inbox = senco.get("/senco/inbox?kind=concern").text
    assert "Concern about Jayden Clarke" in inbox

    # Closing needs a summary; the family sees it and the complaints route.
    empty = senco.submit(
        f"/senco/concerns/{concern_id}/close", {"summary": ""}, page=f"/senco/concerns/{concern_id}"
    )
    assert empty.status_code == 400 and "Write a closing summary" in empty.text
    senco.submit(
        f"/senco/concerns/{concern_id}/close",
        {"summary": "We met and agreed a morning check-in with Mr Evans."},
        page=f"/senco/concerns/{concern_id}",
    )
    closed = concern_row(app, concern_id)
    assert closed.status is ConcernStatus.CLOSED and closed.closed_at is not None
    family_view = sarah.get(f"/families/concerns/{concern_id}").text
    assert "We met and agreed a morning check-in" in family_view
    assert "complaints procedure" in family_view and "SENDIASS" in family_view
    assert "you cannot add to it" in family_view
    late = sarah.submit(
        f"/families/concerns/{concern_id}/messages",
        {"body": "One more thing"},
        page=f"/families/concerns/{concern_id}",
    )
    assert late.status_code == 409

    with app.app_context():
        kinds = db.session.scalars(sa.select(EmailMessage.kind).order_by(EmailMessage.id)).all()
        actions = set(
            db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.pupil_id == jayden.id))
        )
    assert kinds == ["concern_new", "concern_reply", "concern_message", "concern_closed"]
    assert {
        "concern.start",
        "concern.submit",
        "concern.read",
        "concern.reply",
        "concern.close",
    } <= actions


def test_draft_is_kept_across_sessions_and_resumes_where_it_stopped(login, demo, app):
    sarah = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    concern_id = start(sarah, amelia.id)
    sarah.submit(
        f"/families/concerns/{concern_id}/area", {"area": "learning", "action": "continue"}
    )
    # Typing, then "save and come back later": nothing is validated, everything is kept.
    response = sarah.submit(
        f"/families/concerns/{concern_id}/noticed",
        {"noticed": "She reverses b and d.", "action": "save"},
    )
    assert response.headers["Location"].endswith(f"/families/children/{amelia.id}")
    sarah.post("/logout", data={"csrf_token": sarah.csrf_token("/families/")})

    # Another day, another phone.
    again = login("parent@oakfield.example")
    child = again.get(f"/families/children/{amelia.id}").text
    assert "Carry on with your concern" in child
    resume = again.submit(f"/families/children/{amelia.id}/concerns/new", {})
    assert resume.headers["Location"].endswith(f"/families/concerns/{concern_id}/noticed")
    page = again.get(f"/families/concerns/{concern_id}/noticed").text
    assert "She reverses b and d." in page
    # Starting again does not make a second draft.
    with app.app_context():
        drafts = db.session.scalar(
            sa.select(sa.func.count()).where(Concern.status == ConcernStatus.DRAFT)
        )
    assert drafts == 1


def test_a_step_without_an_answer_shows_the_error_and_keeps_the_rest(login, demo, app):
    sarah = login("parent@oakfield.example")
    concern_id = start(sarah, demo.pupil("Amelia", "Clarke").id)
    response = sarah.submit(f"/families/concerns/{concern_id}/area", {"action": "continue"})
    assert response.status_code == 400
    assert (
        'href="#area-0"' in response.text and "Choose what your concern is about" in response.text
    )
    assert "<title>Error:" in response.text

    contact = sarah.submit(
        f"/families/concerns/{concern_id}/contact",
        {"contact_note": "Evenings", "action": "continue"},
    )
    assert contact.status_code == 400 and 'value="Evenings"' in contact.text
    assert concern_row(app, concern_id).contact_note == "Evenings"

    # Sending early leads to the first unanswered question.
    early = sarah.submit(f"/families/concerns/{concern_id}/check", {})
    assert early.headers["Location"].endswith(f"/families/concerns/{concern_id}/area")
    assert concern_row(app, concern_id).status is ConcernStatus.DRAFT


def test_change_from_the_check_page_returns_to_it(login, demo, app):
    sarah = login("parent@oakfield.example")
    concern_id = start(sarah, demo.pupil("Amelia", "Clarke").id)
    answer_all(sarah, concern_id)
    check = sarah.get(f"/families/concerns/{concern_id}/check").text
    assert f'href="/families/concerns/{concern_id}/since?change=1"' in check
    response = sarah.submit(
        f"/families/concerns/{concern_id}/since?change=1",
        {"since": "always", "action": "continue"},
        page=f"/families/concerns/{concern_id}/since?change=1",
    )
    assert response.headers["Location"].endswith(f"/families/concerns/{concern_id}/check")
    assert (
        "For as long as I can remember" in sarah.get(f"/families/concerns/{concern_id}/check").text
    )


def test_language_written_in_is_recorded_and_can_be_changed(login, demo, app):
    katarzyna = login("rodzic@oakfield.example")  # her portal language is Polish
    zofia = demo.pupil("Zofia", "Nowak")
    concern_id = start(katarzyna, zofia.id)
    assert concern_row(app, concern_id).language == "pl"
    page = katarzyna.get(f"/families/concerns/{concern_id}/area").text
    assert 'lang="pl"' in page
    katarzyna.submit(
        f"/families/concerns/{concern_id}/language", {"language": "uk", "action": "continue"}
    )
    assert concern_row(app, concern_id).language == "uk"


def test_autosave_keeps_words_while_typing(login, demo, app):
    sarah = login("parent@oakfield.example")
    concern_id = start(sarah, demo.pupil("Amelia", "Clarke").id)
    token = sarah.csrf_token(f"/families/concerns/{concern_id}/noticed")
    response = sarah.post(
        f"/families/concerns/{concern_id}/noticed/autosave",
        data={"noticed": "Half a sentence", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert (
        response.status_code == 200 and "Saved at" in response.text and "<html" not in response.text
    )
    assert concern_row(app, concern_id).noticed == "Half a sentence"
    forged = sarah.post(f"/families/concerns/{concern_id}/noticed/autosave", data={"noticed": "x"})
    assert forged.status_code == 400
    assert concern_row(app, concern_id).noticed == "Half a sentence"


def test_a_sent_concern_cannot_be_edited_through_its_steps(login, demo, app):
    sarah = login("parent@oakfield.example")
    concern_id = start(sarah, demo.pupil("Amelia", "Clarke").id)
    answer_all(sarah, concern_id)
    sarah.submit(f"/families/concerns/{concern_id}/check", {})
    response = sarah.submit(
        f"/families/concerns/{concern_id}/noticed",
        {"noticed": "Changed later", "action": "continue"},
        page=f"/families/concerns/{concern_id}",
    )
    assert response.headers["Location"].endswith(f"/families/concerns/{concern_id}")
    assert concern_row(app, concern_id).noticed == ANSWERS["noticed"]["noticed"]
    autosave = sarah.post(
        f"/families/concerns/{concern_id}/noticed/autosave",
        data={"noticed": "x", "csrf_token": sarah.csrf_token(f"/families/concerns/{concern_id}")},
    )
    assert autosave.status_code == 409


def test_the_polish_demo_concern_shows_its_language_to_the_senco(login, demo, app):
    senco = login("senco@oakfield.example")
    with app.app_context():
        polish = db.session.scalar(sa.select(Concern).where(Concern.reference == "CN-P4L-8ZW"))
    page = senco.get(f"/senco/concerns/{polish.id}").text
    assert "Written in Polish" in page and 'lang="pl"' in page
    assert "pomoc logopedy" in page
