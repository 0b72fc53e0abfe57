"""Every answer kind in the real views form, through HTTP as a pupil and an adult give them:
answer cards with words, a recording, a picture (location data gone), the talking-mat
board, a page per goal; read back on the check page, by the pupil, by staff (with a
transcript typed beside a recording), by parents; older answers still readable."""

import io
import re

import pytest
import sqlalchemy as sa
from PIL import Image

from portal.extensions import db
from portal.models import (
    FormVersion,
    Respondent,
    StoredFile,
    Views,
    ViewsStatus,
    utcnow,
)
from portal.pupil_views import answers
from tests.voice.media import jpeg_with_gps, picture, recording
from tests.voices_helpers import (
    forget_views,
    sent_views,
    views_for,
    views_request_id,
    walk_pupil_form,
)


@pytest.fixture
def zofia(login, demo, app, file_store):
    """Tom Evans beside Zofia (Year 2, no account), her demo draft carried on."""
    pupil = demo.pupil("Zofia", "Nowak")
    rid = views_request_id(app, pupil, Respondent.PUPIL)
    tom = login("teacher@oakfield.example")
    tom.submit(f"/views/{rid}/", {})
    return tom, rid, pupil


def draft_of(app, rid) -> Views:
    return next(v for v in views_for(app, rid) if v.status is ViewsStatus.DRAFT)


def test_an_open_question_takes_cards_words_a_recording_and_a_picture(zofia, app):
    tom, rid, pupil = zofia
    page = tom.get(f"/views/{rid}/q/helps")
    html = page.text
    # The cards of "What helps you at school?", each a checkbox with its symbol and words.
    assert 'enctype="multipart/form-data"' in html
    for words in ("A quiet place", "A movement break", "Ear defenders", "More time"):
        assert re.search(rf"<span data-say>{words}</span>", html), words
    assert 'name="cards"' in html and 'type="checkbox"' in html
    assert "Record my answer" in html and 'name="recording"' in html and 'name="picture"' in html
    # The recorder may ask for the microphone on this page only, and play back blob: audio.
    assert "microphone=(self)" in page.headers["Permissions-Policy"]
    assert "media-src 'self' blob:" in page.headers["Content-Security-Policy"]

    response = tom.submit(
        f"/views/{rid}/q/helps",
        {
            "cards": ["quiet_place", "ear_defenders", "not-a-card"],
            "answer": "When Mrs Khan sits with me.",
            "recording": (io.BytesIO(recording("chromium-2s.webm")), "answer.webm"),
            "picture": (io.BytesIO(jpeg_with_gps()), "IMG_2041.jpg"),
            "action": "next",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"].endswith(f"/views/{rid}/q/hard")
    answer = draft_of(app, rid).answers["helps"]
    assert answer["cards"] == ["quiet_place", "ear_defenders"]  # unknown keys dropped
    assert answer["text"] == "When Mrs Khan sits with me."
    with app.app_context():
        sound = db.session.get(StoredFile, answer["recording"])
        drawing = db.session.get(StoredFile, answer["picture"])
        assert sound.content_type == "audio/webm" and sound.pupil_id == pupil.id
        assert drawing.content_type == "image/jpeg"
        kept = Image.open(io.BytesIO(file_store_bytes(app, drawing)))
        assert not kept.getexif()  # no camera, no GPS: drawn again by the server
        assert (kept.width, kept.height) == (200, 300)  # turned the right way up

    # The check page reads it all back: cards with symbol and words, the recording to
    # play, the picture; Listen reads the cards' words.
    check = tom.get(f"/views/{rid}/check").text
    assert re.search(
        r'<img class="picked-cards__symbol" src="/assets/img/symbols/sym-quiet\.[0-9a-f]{10}\.svg"',
        check,
    )
    assert "<span data-say>A quiet place</span>" in check
    assert (
        f'<audio class="recorder__audio" controls preload="none" src="/files/{sound_id(app, rid)}"'
        in check
    )
    assert f'src="/files/{answer["picture"]}"' in check
    # Going back to the page shows what was kept, with a way to remove each.
    again = tom.get(f"/views/{rid}/q/helps").text
    assert 'value="quiet_place" checked' in again and "The recording you sent:" in again
    assert "Remove my recording" in again and "Remove my picture" in again


def file_store_bytes(app, stored):
    from portal.files import services as files

    return files.read(stored)


def sound_id(app, rid):
    return draft_of(app, rid).answers["helps"]["recording"]


def test_a_refused_file_says_why_and_keeps_the_rest(zofia, app):
    tom, rid, _pupil = zofia
    response = tom.submit(
        f"/views/{rid}/q/helps",
        {
            "cards": ["more_time"],
            "answer": "Time",
            "picture": (io.BytesIO(b"%PDF-1.7 not a picture"), "drawing.png"),
            "action": "next",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "This file is not a picture we can use." in response.text
    assert 'href="#picture"' in response.text  # the error summary leads to the field
    answer = draft_of(app, rid).answers["helps"]
    # Nothing lost; the words keep the language they were typed in.
    assert answer == {"text": "Time", "lang": "en", "cards": ["more_time"]}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0
    too_long = tom.submit(
        f"/views/{rid}/q/helps",
        {"recording": (io.BytesIO(recording("chromium-150s-6kbps.webm")), "long.webm")},
        content_type="multipart/form-data",
    )
    assert too_long.status_code == 400 and "longer than 2 minutes" in too_long.text


def test_a_new_recording_replaces_the_old_and_remove_deletes_it(zofia, app, file_store):
    tom, rid, _pupil = zofia

    def send(**data):
        return tom.submit(f"/views/{rid}/q/helps", data, content_type="multipart/form-data")

    send(recording=(io.BytesIO(recording("chromium-2s.webm")), "a.webm"), action="next")
    first = draft_of(app, rid).answers["helps"]["recording"]
    send(recording=(io.BytesIO(recording("chromium-2s.m4a")), "b.m4a"), action="next")
    second = draft_of(app, rid).answers["helps"]["recording"]
    with app.app_context():
        assert db.session.get(StoredFile, first) is None and second != first
    removed = send(action="remove-recording")
    assert removed.status_code == 302 and removed.headers["Location"].endswith("/q/helps")
    assert "recording" not in (draft_of(app, rid).answers.get("helps") or {})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0


def test_nothing_given_asks_for_a_card_or_any_way_to_say_it(zofia):
    tom, rid, _pupil = zofia
    # Its words may be left empty (a card, a recording, "I'm not sure"), but not everything.
    assert "data-accepts-empty" in tom.get(f"/views/{rid}/q/hard").text
    response = tom.submit(f"/views/{rid}/q/hard", {"answer": "", "action": "next"})
    assert response.status_code == 400
    assert "Pick a card, or say it your way." in response.text.replace("&#39;", "'")
    opt_out = tom.submit(f"/views/{rid}/q/hard", {"choice": "not_sure"})
    assert opt_out.status_code == 302


def test_the_talking_mat_board_without_javascript(zofia, app):
    tom, rid, _pupil = zofia
    page = tom.get(f"/views/{rid}/q/feel").text
    assert "data-board" in page and "js/board." in page
    # Without JavaScript: three big choices per topic card; the demo's sorting is shown.
    assert page.count('type="radio"') == 3 * 15
    assert 'id="feel-school-good" name="feel-school" value="good" checked' in page
    assert "<span data-say data-topic-words>Break and lunch time</span>" in page
    nothing = tom.submit(f"/views/{rid}/q/feel", {"feel-school": "somewhere", "action": "next"})
    assert nothing.status_code == 400 and "Put at least one card" in nothing.text
    sorted_ = tom.submit(
        f"/views/{rid}/q/feel",
        {"feel-maths": "not_good", "feel-pe": "good", "feel-tests": "not_sure", "action": "next"},
    )
    assert sorted_.headers["Location"].endswith(f"/views/{rid}/q/safe")
    assert draft_of(app, rid).answers["feel"] == {
        "board": {"maths": "not_good", "pe": "good", "tests": "not_sure"}
    }
    check = tom.get(f"/views/{rid}/check").text
    good = check.index("<span data-say>Good</span>")
    assert good < check.index("PE and sport") < check.index("<span data-say>Not sure</span>")


def test_goals_of_a_shared_plan_are_asked_one_a_page(login, demo, app):
    tyler = login("tyler@riverside.example")
    pupil = demo.pupil("Tyler", "Brooks")
    rid = views_request_id(app, pupil, Respondent.PUPIL)
    forget_views(app, rid)
    tyler.submit(f"/views/{rid}/", {})
    keys, _last = walk_pupil_form(tyler, rid, "good_at")
    goal = next(k for k in keys if k.startswith("goal-"))
    page = tyler.get(f"/views/{rid}/q/{goal}").text
    # The school's words keep their own language and direction inside the pupil's sentence
    # (an English goal in an Urdu page), and the list of help keeps the page's direction.
    assert (
        'My goal: <bdi lang="en" dir="ltr">I will get the bus to college on my own.</bdi>' in page
    )
    assert '<li data-say><bdi lang="en" dir="ltr">Travel training' in page
    assert "sym-college." in page  # a preparing-for-adulthood goal's symbol
    assert "How is this goal going?" in page and "Does your help help you?" in page
    assert "Travel training" in page  # the help linked to this goal
    tyler.submit(
        f"/views/{rid}/q/{goal}", {"feeling": "very_happy", "helps": "a_bit", "action": "next"}
    )
    tyler.submit(f"/views/{rid}/helped", {"helped": "no", "action": "next"})
    tyler.submit(f"/views/{rid}/check", {})
    sent = sent_views(app, rid)[-1]
    assert sent.answers[goal]["feeling"] == "very_happy" and sent.answers[goal]["help"] == "a_bit"

    # At the plan's review, and on the plan staff work from, beside the progress notes.
    senco = login("senco@riverside.example")
    with app.app_context():
        from portal.pupil_views.goals import plan_being_worked_on

        plan_id = plan_being_worked_on(pupil.id).id
    review = senco.get(f"/senco/plans/{plan_id}/review").text
    assert "What Tyler said about this goal" in review
    assert (
        "How it is going: Very happy" in review and "Does the help help: It helps a bit" in review
    )
    assert review.index("What Tyler said") < review.index(f'name="result_{goal[5:]}"')
    plan_page = senco.get(f"/senco/plans/{plan_id}").text
    assert "How it is going: Very happy" in plan_page


def test_staff_listen_and_type_what_was_said(zofia, app, login):
    tom, rid, pupil = zofia
    tom.submit(
        f"/views/{rid}/q/helps",
        {"recording": (io.BytesIO(recording("chromium-2s.webm")), "a.webm"), "action": "next"},
        content_type="multipart/form-data",
    )
    walk_pupil_form(tom, rid, "important")
    tom.submit(f"/views/{rid}/helped", {"helped_by": "Tom", "methods": ["with_help"]})
    tom.submit(f"/views/{rid}/check", {})
    views = sent_views(app, rid)[-1]
    file_id = views.answers["helps"]["recording"]
    senco = login("senco@oakfield.example")
    page = senco.get(f"/staff/pupils/{pupil.id}/views/{views.id}").text
    assert f'src="/files/{file_id}"' in page and "What was said" in page
    url = f"/staff/pupils/{pupil.id}/views/{views.id}/files/{file_id}/transcript"
    saved = senco.submit(
        url, {f"t{file_id}-text": "I like the quiet room."}, page=url.rsplit("/files", 1)[0]
    )
    assert saved.status_code == 302
    assert "I like the quiet room." in senco.get(f"/staff/pupils/{pupil.id}/views/{views.id}").text
    with app.app_context():
        stored = db.session.get(StoredFile, file_id)
        assert stored.transcript == "I like the quiet room." and stored.transcribed_by_id
    # The linked teacher may too; someone else's file through this views page may not.
    assert (
        tom.submit(
            url, {f"t{file_id}-text": "Quiet room."}, page=url.rsplit("/files", 1)[0]
        ).status_code
        == 302
    )
    other = senco.submit(
        f"/staff/pupils/{pupil.id}/views/{views.id}/files/{file_id + 999}/transcript",
        {},
        page=url.rsplit("/files", 1)[0],
    )
    assert other.status_code == 404


def test_older_answers_stay_readable(login, demo, app):
    """Views sent before the board: a face each for school, learning and friends."""
    amelia = demo.pupil("Amelia", "Clarke")
    rid = views_request_id(app, amelia, Respondent.PUPIL)
    with app.test_request_context():
        from portal.models import User

        tom = db.session.scalar(sa.select(User).where(User.email == "teacher@oakfield.example"))
        old = Views(
            school_id=amelia.school_id,
            pupil_id=amelia.id,
            request_id=rid,
            respondent=Respondent.PUPIL,
            form_version=FormVersion.PRIMARY,
            status=ViewsStatus.SUBMITTED,
            answers={"good_at": {"text": "Reading to my nan"}, "hard": {"choice": "not_sure"}},
            feelings={
                "school": "happy",
                "learning": "ok",
                "friends": "very_happy",
                "safe": "happy",
            },
            author_id=tom.id,
            supported=True,
            methods=["with_help"],
            submitted_at=utcnow(),
        )
        db.session.add(old)
        db.session.commit()
        shown = {item.question.key: item for item in answers.shown(old)}
        assert str(shown["school"].choice.label) == "Happy" and "feel" in shown
        assert not shown["feel"].answered
        views_id = old.id
    page = login("senco@oakfield.example").get(f"/staff/pupils/{amelia.id}/views/{views_id}").text
    assert "How do you feel about school?" in page and "Reading to my nan" in page
    assert "How do you feel about your friends?" in page and "I'm not sure" in page


def test_parents_read_their_childs_views_with_recordings(login, demo, app, file_store):
    """Amelia (no account, under 16): what she said, gathered with Tom, reaches Sarah."""
    amelia = demo.pupil("Amelia", "Clarke")
    rid = views_request_id(app, amelia, Respondent.PUPIL)
    tom = login("teacher@oakfield.example")
    tom.submit(f"/views/{rid}/", {})
    tom.submit(
        f"/views/{rid}/q/good_at",
        {"cards": ["reading"], "picture": (io.BytesIO(picture()), "x.jpg"), "action": "next"},
        content_type="multipart/form-data",
    )
    walk_pupil_form(tom, rid, "liked")
    tom.submit(f"/views/{rid}/helped", {"helped_by": "Tom", "methods": ["with_help"]})
    tom.submit(f"/views/{rid}/check", {})
    views = sent_views(app, rid)[-1]
    sarah = login("parent@oakfield.example")
    child = sarah.get(f"/families/children/{amelia.id}").text
    assert f'href="/families/views/given/{views.id}"' in child and "See what Amelia said" in child
    page = sarah.get(f"/families/views/given/{views.id}").text
    assert "What Amelia said before the meeting" in page and "Reading" in page
    picture_id = views.answers["good_at"]["picture"]
    assert f'src="/files/{picture_id}"' in page
    assert sarah.get(f"/files/{picture_id}").status_code == 200
    # Someone else's parent: nothing.
    assert (
        login("rodzic@oakfield.example").get(f"/families/views/given/{views.id}").status_code == 404
    )
