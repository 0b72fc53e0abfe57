"""A pupil's page speaks to the pupil, in the pupil's language: its own informal words where
a parent's page says the same thing formally, and what the pupil typed before marked with
the language it was typed in (issue 14)."""

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Pupil, Respondent
from tests.voices_helpers import views_request_id


def _set_locale(app, pupil_id: int, code: str) -> None:
    with app.app_context():
        db.session.get(Pupil, pupil_id).user.locale = code
        db.session.commit()


def test_words_typed_in_english_stay_marked_english_on_a_bengali_page(login, demo, app):
    tyler = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, tyler, Respondent.PUPIL)
    client = login("tyler@riverside.example")
    client.submit(f"/views/{rid}/", {})
    client.submit(f"/views/{rid}/q/good_at", {"answer": "Fixing bikes", "action": "next"})
    _set_locale(app, tyler.id, "bn")
    client.submit(f"/views/{rid}/q/liked", {"answer": "আমি সাইকেল সারাই", "action": "next"})

    page = client.get(f"/views/{rid}/q/good_at").text
    assert re.search(r'<html lang="bn', page)
    assert re.search(r'<textarea[^>]*lang="en"[^>]*>Fixing bikes</textarea>', page)
    check = client.get(f"/views/{rid}/check").text
    assert re.search(r'<div lang="en" dir="auto" data-say><p>Fixing bikes', check)
    assert re.search(r'<div lang="bn" dir="auto" data-say><p>আমি সাইকেল সারাই', check)
    # Unchanged words keep their language when the page is sent again in Bengali.
    client.submit(f"/views/{rid}/q/good_at", {"answer": "Fixing bikes", "action": "next"})
    check = client.get(f"/views/{rid}/check").text
    assert re.search(r'<div lang="en" dir="auto" data-say><p>Fixing bikes', check)


def test_bengali_pupil_pages_say_you_as_to_a_friend_and_parent_pages_formally(login, demo, app):
    tyler = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, tyler, Respondent.PUPIL)
    _set_locale(app, tyler.id, "bn")
    client = login("tyler@riverside.example")
    client.submit(f"/views/{rid}/", {})
    client.submit(f"/views/{rid}/q/good_at", {"answer": "Bikes", "action": "stop"})
    assert "চালিয়ে যাও" in client.get("/me/").text  # Carry on
    question = client.get(f"/views/{rid}/q/liked").text
    assert "ফিরে যাও" in question and "ফিরে যান" not in question  # Back
    check = client.get(f"/views/{rid}/check").text
    main = check[check.index("<main") :]
    assert "তোমার উত্তরগুলো দেখে নাও" in main and "আপনার উত্তরগুলো" not in main
    assert ">বদলাও<" in check  # Change

    # The parent's check page keeps the formal words.
    amelia = demo.pupil("Amelia", "Clarke")
    parent_rid = views_request_id(app, amelia, Respondent.PARENT)
    with app.app_context():
        from portal.models import User

        db.session.scalar(
            sa.select(User).where(User.email == "parent@oakfield.example")
        ).locale = "bn"
        db.session.commit()
    sarah = login("parent@oakfield.example")
    sarah.submit(f"/families/views/{parent_rid}", {})
    parent_check = sarah.get(f"/families/views/{parent_rid}/check").text
    assert "আপনার উত্তরগুলো দেখে নিন" in parent_check
