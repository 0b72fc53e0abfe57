"""Parents formally told (Code 6.43): starting or stopping SEN support is complete once the
SENCO chooses how the family is told; the letter is in the family's language, emailed to
contacts with an email and printed for those without; the way and the date go on the SEN
history."""

import io
from datetime import date

import sqlalchemy as sa
from cycle_helpers import one, section
from pypdf import PdfReader

from portal.models import EmailMessage, FamilyTold, SenChange, SenField

SENCO = "senco@oakfield.example"


def _isla_starts_sen_support(demo, senco):
    isla = demo.pupil("Isla", "Kowalczyk")
    for contact in (
        {"given_name": "Agnieszka", "email": "agnieszka@example.org", "phone": ""},
        {"given_name": "Piotr", "email": "", "phone": "07700 900555"},
    ):
        added = senco.submit(
            f"/senco/records/pupils/{isla.id}/contacts/new",
            {
                "title": "",
                "family_name": "Kowalczyk",
                "relationship_to_pupil": "parent",
                "parental_responsibility": "y",
                "language": "pl",
                "contact_order": "1",
                **contact,
            },
        )
        assert added.status_code == 302, added.text[:600]
    edited = senco.submit(
        f"/senco/pupils/{isla.id}/edit",
        {
            "given_name": "Isla",
            "family_name": "Kowalczyk",
            "preferred_name": "",
            "date_of_birth": "2018-10-12",
            "year_group": "4",
            "upn": isla.upn or "",
            "sen_status": "K",
            "primary_need": "SLCN",
            "secondary_need": "",
            "home_language": "pl",
            "eal": "y",
            "sen_change_reason": "Speech and language assessment",
        },
    )
    return isla, edited


def test_starting_sen_support_waits_until_the_family_is_told(app, login, demo, mailbox):
    senco = login(SENCO)
    isla, edited = _isla_starts_sen_support(demo, senco)
    change = one(
        app,
        sa.select(SenChange)
        .where(SenChange.pupil_id == isla.id, SenChange.field == SenField.PROVISION)
        .order_by(SenChange.id.desc()),
    )
    assert (change.from_value, change.to_value, change.family_notice_needed) == ("N", "K", True)
    assert edited.headers["Location"] == f"/senco/records/sen-changes/{change.id}/tell"
    # Until then it is on the attention list and on the SEN history, waiting.
    waiting = section(senco.get("/senco/").text, "family-not-told")
    assert "Isla Kowalczyk" in waiting
    assert "Family not told yet" in senco.get(f"/staff/pupils/{isla.id}").text

    page = senco.get(f"/senco/records/sen-changes/{change.id}/tell").text
    assert "Agnieszka Kowalczyk" in page and "No email: print the letter" in page
    assert "Letter in Polish (PDF)" in page or "Letter in polski (PDF)" in page
    refused = senco.submit(f"/senco/records/sen-changes/{change.id}/tell", {"told_on": ""})
    assert refused.status_code == 400 and "Choose how the family is told" in refused.text
    told = senco.submit(
        f"/senco/records/sen-changes/{change.id}/tell",
        {"how": "letter_emailed", "told_on": date.today().isoformat()},
    )
    assert told.status_code == 302
    # The letter went to the contact with an email, in Polish, as a PDF.
    assert [m["To"] for m in mailbox.messages] == ["agnieszka@example.org"]
    message = mailbox.messages[0]
    assert message["Content-Language"] == "pl"
    attachment = next(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(attachment.get_content())).pages
    )
    assert "Oakfield Primary School" in text and "Isla Kowalczyk" in text
    assert "SENCO" in text and "Northshire SENDIASS" in text
    assert "Agnieszka Kowalczyk" in text  # each letter to its own reader
    assert "What SEN support means" not in text  # in Polish, not English
    assert "Czym jest wsparcie SEN (SEN support)" in " ".join(text.split())
    # The way and the date are on the SEN history; nothing waits any more.
    change = one(app, sa.select(SenChange).where(SenChange.id == change.id))
    assert change.family_told_how is FamilyTold.LETTER_EMAILED
    assert change.family_told_on == date.today()
    assert "Isla Kowalczyk" not in section(senco.get("/senco/").text, "family-not-told")
    history = senco.get(f"/staff/pupils/{isla.id}").text
    assert "Family told on" in history and "Letter emailed" in history
    emailed = one(app, sa.select(EmailMessage).where(EmailMessage.kind == "sen_support_letter"))
    assert emailed.locale == "pl"


def test_the_printed_letter_and_other_ways_of_telling(app, login, demo, mailbox):
    senco = login(SENCO)
    isla, _ = _isla_starts_sen_support(demo, senco)
    change = one(
        app,
        sa.select(SenChange)
        .where(SenChange.pupil_id == isla.id, SenChange.field == SenField.PROVISION)
        .order_by(SenChange.id.desc()),
    )
    letter = senco.get(f"/senco/records/sen-changes/{change.id}/letter.pdf?lang=pl")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF-")
    assert letter.headers["Cache-Control"] == "no-store"
    assert (
        senco.get(f"/senco/records/sen-changes/{change.id}/letter.pdf?lang=xx").status_code == 404
    )
    told = senco.submit(
        f"/senco/records/sen-changes/{change.id}/tell",
        {"how": "meeting", "told_on": date.today().isoformat()},
    )
    assert told.status_code == 302 and mailbox.messages == []
    assert (
        one(app, sa.select(SenChange).where(SenChange.id == change.id)).family_told_how
        is FamilyTold.MEETING
    )
    # Another school's SENCO cannot open it.
    other = login("senco@riverside.example")
    assert other.get(f"/senco/records/sen-changes/{change.id}/tell").status_code == 404


def test_changes_that_do_not_start_or_stop_sen_support_need_no_letter(app, login, demo):
    senco = login(SENCO)
    zofia = demo.pupil("Zofia", "Nowak")
    edited = senco.submit(
        f"/senco/pupils/{zofia.id}/edit",
        {
            "given_name": "Zofia",
            "family_name": "Nowak",
            "preferred_name": "",
            "date_of_birth": "2020-01-22",
            "year_group": "2",
            "upn": zofia.upn,
            "sen_status": "K",
            "primary_need": "SLCN",
            "secondary_need": "SEMH",
            "home_language": "pl",
            "eal": "y",
        },
    )
    assert edited.headers["Location"] == f"/staff/pupils/{zofia.id}"
    # Her needs changed, not her SEN support: nothing new waits for the family to be told
    # (the demo's row is the start of her SEN support, told at a meeting).
    waiting = one(
        app,
        sa.select(SenChange).where(
            SenChange.family_notice_needed.is_(True),
            SenChange.family_told_on.is_(None),
            SenChange.pupil_id == zofia.id,
        ),
    )
    assert waiting is None
