"""Each answer kind sent through HTTP, as a browser without JavaScript sends the form: cards,
a recording, a picture and the board in one multipart post to a test-only page (the views
form's pages use the same macros and services)."""

import io
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.files import checks
from portal.models import FileKind, Pupil, StoredFile
from tests.voice.media import jpeg_with_gps, mp3, picture, recording
from tests.voice.testapp import make_app

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("answers")
    app = make_app(f"sqlite:///{folder / 'portal.db'}", FILE_STORAGE_PATH=str(folder / "files"))
    with app.app_context():
        db.create_all()
        from portal.demo import seed

        seed()
        tyler = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Tyler")).one()
        amelia = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Amelia")).one()
        ids = {"tyler": tyler.id, "amelia": amelia.id}
    yield app, ids
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def signed_in(app, email):
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"email": email, "password": "demo-pass-2026", "csrf_token": token}
    )
    assert response.status_code == 302
    return client


def send(client, url, files=None, **fields):
    token = CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    data = {"csrf_token": token, **fields}
    for name, (content, filename, declared) in (files or {}).items():
        data[name] = (io.BytesIO(content), filename, declared)
    return client.post(url, data=data, content_type="multipart/form-data")


def test_every_answer_kind_in_one_form(site):
    app, ids = site
    tyler = signed_in(app, "tyler@riverside.example")
    url = f"/test-voice/{ids['tyler']}"
    page = tyler.get(url)
    assert page.status_code == 200
    assert "microphone=(self)" in page.headers["Permissions-Policy"]
    response = send(
        tyler,
        url,
        files={
            "recording": (recording("chromium-2s.webm"), "recording.webm", "audio/webm"),
            "picture": (jpeg_with_gps(), "IMG_2041.JPG", "image/jpeg"),
        },
        **{
            "helps-cards": ["quiet_place", "more_time", "not-a-card"],
            "feel-maths": "good",
            "feel-reading": "not_sure",
            "feel-tests": "terrible",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert re.search(r'data-kept="recording" data-id="\d+" data-type="audio/webm"', html)
    assert re.search(r'data-kept="picture" data-id="\d+" data-type="image/jpeg"', html)
    assert 'data-card="quiet_place"' in html and 'data-card="more_time"' in html
    assert "not-a-card" not in html
    assert 'data-board-value="maths=good"' in html and 'data-board-value="reading=not_sure"' in html
    assert "tests=" not in html
    with app.app_context():
        files = db.session.scalars(
            sa.select(StoredFile).where(StoredFile.pupil_id == ids["tyler"])
        ).all()
        assert sorted(f.kind.value for f in files) == ["audio", "image"]
        picture_file = next(f for f in files if f.kind is FileKind.IMAGE)
        audio_file = next(f for f in files if f.kind is FileKind.AUDIO)
    # What was kept is served back, stripped, to the pupil.
    stored = tyler.get(f"/files/{picture_file.id}").data
    assert stored.startswith(b"\xff\xd8") and b"GPS" not in stored and b"PhoneMaker" not in stored
    assert tyler.get(f"/files/{audio_file.id}").data == recording("chromium-2s.webm")


@pytest.mark.parametrize(
    ("field", "content", "filename", "declared", "message"),
    [
        (
            "recording",
            b"#!/bin/sh\necho hello\n",
            "answer.webm",
            "audio/webm",
            "This file is not a recording we can use.",
        ),
        (
            "recording",
            recording("chromium-150s-6kbps.webm"),
            "long.webm",
            "audio/webm",
            "This recording is longer than 2 minutes.",
        ),
        (
            "recording",
            mp3(150, kbps=8, rate=8000),
            "long.mp3",
            "audio/mpeg",
            "This recording is longer than 2 minutes.",
        ),
        (
            "picture",
            recording("chromium-2s.webm"),
            "photo.jpg",
            "image/jpeg",
            "This file is not a picture we can use.",
        ),
        (
            "picture",
            picture("BMP"),
            "drawing.png",
            "image/png",
            "This file is not a picture we can use.",
        ),
    ],
)
def test_what_is_not_what_it_claims_is_refused_with_a_message(
    site, field, content, filename, declared, message
):
    app, ids = site
    client = signed_in(app, "teacher@oakfield.example")
    url = f"/test-voice/{ids['amelia']}"
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile))
    response = send(
        client,
        url,
        files={field: (content, filename, declared)},
        **{"helps-cards": ["ear_defenders"], "feel-music": "good"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-summary"' in html and f'href="#{field}"' in html
    assert message in html
    # Nothing is lost: the cards and the board are still as the pupil left them.
    assert 'value="ear_defenders" checked' in html
    assert 'id="feel-music-good" name="feel-music" value="good" checked' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == before


def test_a_real_file_with_a_misleading_name_and_type_is_judged_by_its_bytes(site):
    app, ids = site
    client = signed_in(app, "teacher@oakfield.example")
    response = send(
        client,
        f"/test-voice/{ids['amelia']}",
        files={"recording": (mp3(2), "drawing.png", "image/png")},
    )
    assert response.status_code == 200
    assert 'data-type="audio/mpeg"' in response.get_data(as_text=True)


def test_a_request_too_big_for_the_portal_gets_its_own_page(site):
    app, ids = site
    client = signed_in(app, "teacher@oakfield.example")
    url = f"/test-voice/{ids['amelia']}"
    token = CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    huge = b"\xff\xd8" + b"\0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    # Built in memory (the test client would spool so big a body to a temporary file).
    body = (
        b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + token.encode()
        + b'\r\n--b\r\nContent-Disposition: form-data; name="picture"; filename="x.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + huge + b"\r\n--b--\r\n"
    )
    response = client.post(url, data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413
    assert "That file is too big" in response.get_data(as_text=True)
    assert app.config["MAX_CONTENT_LENGTH"] > checks.PICTURE_MAX_BYTES


def test_someone_elses_pupil_cannot_be_sent_answers(site):
    app, ids = site
    client = signed_in(app, "parent@riverside.example")
    assert client.get(f"/test-voice/{ids['amelia']}").status_code == 404
