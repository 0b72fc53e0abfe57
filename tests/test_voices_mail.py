"""Emails about concerns and views go over real SMTP (an in-process aiosmtpd server), in the
recipient's language, with a link and nothing personal."""

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Concern, Respondent
from tests.test_concerns import ANSWERS, start
from tests.test_meetings import booking
from tests.voices_helpers import views_request_id


def test_a_new_concern_reaches_the_senco_with_only_a_reference_and_a_link(
    login, demo, app, mailbox
):
    katarzyna = login("rodzic@oakfield.example")
    zofia = demo.pupil("Zofia", "Nowak")
    concern_id = start(katarzyna, zofia.id)
    for step, data in ANSWERS.items():
        katarzyna.submit(f"/families/concerns/{concern_id}/{step}", {**data, "action": "continue"})
    katarzyna.submit(f"/families/concerns/{concern_id}/check", {})
    with app.app_context():
        reference = db.session.get(Concern, concern_id).reference

    [message] = mailbox.to("senco@oakfield.example")
    body = mailbox.body(message)
    assert reference in message["Subject"] and reference in body
    for private in (
        "Zofia",
        "Nowak",
        "Katarzyna",
        "worried",
        "bedtime",
        "Mornings before 9",
        "900123",
    ):
        assert private not in body and private not in message["Subject"]
    assert message["Content-Language"] == "en"  # the SENCO's language
    link = mailbox.link(message, "/senco/concerns/")
    senco = login("senco@oakfield.example")
    assert "Jayden is very worried" in senco.get(link).text  # the detail waits behind sign-in

    # The reply reaches the parent in Polish, her language.
    senco.submit(f"{link}/reply", {"body": "Dziękujemy, zadzwonię jutro."}, page=link)
    [reply] = mailbox.to("rodzic@oakfield.example")
    assert reply["Content-Language"] == "pl"
    assert reply["Subject"].startswith("Szkoła odpowiedziała")
    assert "zadzwonię" not in mailbox.body(reply)
    back = mailbox.link(reply, "/families/concerns/")
    assert "Dziękujemy, zadzwonię jutro." in katarzyna.get(back).text


def test_asking_for_views_emails_the_pupil_with_an_account(login, demo, app, mailbox):
    riverside = login("senco@riverside.example")
    tyler = demo.pupil("Tyler", "Brooks")
    riverside.submit(
        f"/senco/pupils/{tyler.id}/meetings/new",
        booking(tyler.id, invitees=[], ask_parents="", ask_pupil=""),
    )
    meeting_page = riverside.get(f"/staff/pupils/{tyler.id}").text
    import re

    meeting_id = max(int(m) for m in re.findall(r'href="/senco/meetings/(\d+)"', meeting_page))
    riverside.submit(
        f"/senco/meetings/{meeting_id}/views",
        {"ask_pupil": "y"},
        page=f"/senco/meetings/{meeting_id}",
    )
    [message] = mailbox.to("tyler@riverside.example")
    body = mailbox.body(message)
    assert "We want to know what you think." in body
    assert mailbox.link(message, "/me/") == "/me/"
    assert views_request_id(app, tyler, Respondent.PUPIL) is not None
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Concern)) == 2
