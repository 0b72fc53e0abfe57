"""Recordings and pictures are served only through the access rule, never from a public URL."""

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.files import services
from portal.models import AuditEvent, FileKind, Pupil, StoredFile, User
from tests.voice.media import picture, recording

WEBM = recording("chromium-2s.webm")


def keep(app, given, family, by_email, kind="recording", data=None):
    with app.app_context():
        pupil = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == given)).one()
        assert pupil.family_name == family
        by = db.session.scalars(sa.select(User).where(User.email == by_email)).one()
        if kind == "recording":
            stored = services.keep_recording(pupil, data or WEBM, by)
        else:
            stored = services.keep_picture(pupil, data or picture("JPEG"), by)
        db.session.commit()
        return stored.id


def set_born(app, given, born):
    with app.app_context():
        pupil = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == given)).one()
        pupil.date_of_birth = born
        db.session.commit()


# Tyler (Riverside, Year 10, own account) and Amelia (Oakfield, no account, Tom's class).
WHO_OPENS = {
    "tyler": {
        "tyler@riverside.example": 200,
        "senco@riverside.example": 200,
        "parent@riverside.example": 200,
        "senco@oakfield.example": 404,
        "teacher@oakfield.example": 404,
        "head@oakfield.example": 404,
        "parent@oakfield.example": 404,
        "admin@portal.example": 404,  # holds no role that reaches pupils
    },
    "amelia": {
        "teacher@oakfield.example": 200,
        "senco@oakfield.example": 200,
        "parent@oakfield.example": 200,
        # The headteacher is Oakfield's safeguarding lead, but does not teach Amelia.
        "head@oakfield.example": 404,
        "rodzic@oakfield.example": 404,
        "senco@riverside.example": 404,
        "tyler@riverside.example": 404,
        "parent@riverside.example": 404,
        "admin@portal.example": 404,  # holds no role that reaches pupils
    },
}


@pytest.mark.parametrize("kind", ["recording", "picture"])
@pytest.mark.parametrize("whose", ["tyler", "amelia"])
def test_every_person_gets_only_what_the_rule_allows(app, login, file_store, whose, kind):
    if whose == "tyler":
        file_id = keep(app, "Tyler", "Brooks", "tyler@riverside.example", kind)
    else:
        file_id = keep(app, "Amelia", "Clarke", "teacher@oakfield.example", kind)
    for email, status in WHO_OPENS[whose].items():
        response = login(email).get(f"/files/{file_id}")
        assert response.status_code == status, email
        if status == 200:
            assert response.mimetype == ("audio/webm" if kind == "recording" else "image/jpeg")
    assert app.test_client().get(f"/files/{file_id}").status_code == 302  # sign in first
    assert login("senco@oakfield.example").get(f"/files/{file_id + 1000}").status_code == 404


def test_a_file_is_served_as_itself_and_nothing_more(app, login, file_store):
    file_id = keep(app, "Tyler", "Brooks", "tyler@riverside.example")
    response = login("tyler@riverside.example").get(f"/files/{file_id}")
    assert response.data == WEBM
    headers = response.headers
    assert headers["Content-Type"] == "audio/webm"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"  # a shared phone keeps no copy
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["Content-Disposition"].startswith("inline")
    assert "Brooks" not in headers["Content-Disposition"]


def test_a_player_may_ask_for_pieces_and_only_the_first_is_audited(app, login, file_store):
    file_id = keep(app, "Tyler", "Brooks", "tyler@riverside.example")
    client = login("senco@riverside.example")
    first = client.get(f"/files/{file_id}", headers={"Range": "bytes=0-99"})
    rest = client.get(f"/files/{file_id}", headers={"Range": "bytes=100-"})
    assert first.status_code == rest.status_code == 206
    assert first.data + rest.data == WEBM
    with app.app_context():
        views = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "file.view")
        ).all()
        assert len(views) == 1 and views[0].object_type == "StoredFile"
        assert views[0].object_id == file_id


def test_a_young_persons_choice_hides_their_files_from_parents(app, login, demo, file_store):
    from datetime import date

    from portal import young_people

    file_id = keep(app, "Tyler", "Brooks", "tyler@riverside.example")
    father = login("parent@riverside.example")
    assert father.get(f"/files/{file_id}").status_code == 200  # Tyler is 15
    set_born(app, "Tyler", date(2009, 1, 1))  # now 16 or more
    assert father.get(f"/files/{file_id}").status_code == 404  # he has not said yet
    tyler = demo.pupil("Tyler", "Brooks")
    for share, status in ((True, 200), (False, 404)):
        with app.app_context():
            pupil = db.session.get(Pupil, tyler.id)
            young_people.choose(pupil, share, by=pupil.user)
            db.session.commit()
        assert father.get(f"/files/{file_id}").status_code == status
    assert login("senco@riverside.example").get(f"/files/{file_id}").status_code == 200


def test_files_of_a_pupil_for_exports_and_purges(app, demo, file_store):
    first = keep(app, "Tyler", "Brooks", "tyler@riverside.example")
    second = keep(app, "Tyler", "Brooks", "tyler@riverside.example", "picture")
    other = keep(app, "Amelia", "Clarke", "teacher@oakfield.example")
    tyler = demo.pupil("Tyler", "Brooks")
    with app.app_context():
        files = services.files_of_pupil(tyler.id)
        assert [f.id for f in files] == [first, second]
        assert [f.id for f in services.files_of_pupil(tyler.id, FileKind.IMAGE)] == [second]
        names = [services.export_name(f) for f in files]
        assert names[0].startswith("recording-") and names[0].endswith(".webm")
        assert names[1].startswith("picture-") and names[1].endswith(".jpg")
        assert services.read(files[0]) == WEBM
        keys = [f.key for f in files]
        assert all(file_store.exists(k) for k in keys)

        assert services.purge_pupil_files(db.session.get(Pupil, tyler.id)) == 2
        db.session.commit()
        assert services.files_of_pupil(tyler.id) == []
        assert not any(file_store.exists(k) for k in keys)
        assert db.session.get(StoredFile, other) is not None
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "file.purge"))
            == 1
        )


def test_a_row_is_never_left_without_its_bytes_or_bytes_without_a_row(app, demo, file_store):
    tyler = demo.pupil("Tyler", "Brooks")
    with app.app_context():
        pupil = db.session.get(Pupil, tyler.id)
        stored = services.keep_recording(pupil, WEBM, pupil.user)
        assert file_store.exists(stored.key)
        db.session.rollback()  # the page failed after keeping the file
        assert db.session.get(StoredFile, stored.id) is None
        assert not file_store.exists(stored.key)

        lost = services.keep_recording(pupil, WEBM, pupil.user)
        db.session.remove()  # the request ended with an error, nothing committed
        assert not file_store.exists(lost.key)

        pupil = db.session.get(Pupil, tyler.id)
        kept = services.keep_recording(pupil, WEBM, pupil.user)
        db.session.commit()
        db.session.rollback()  # a later rollback leaves what was committed alone
        assert file_store.exists(kept.key)
    # A key is random and tied to the pupil; nothing else in it.
    assert stored.key.startswith(f"school-{tyler.school_id}/pupil-{tyler.id}/audio-")
    assert len(stored.key.rsplit("-", 1)[1]) == 32


def test_staff_type_what_a_recording_says(app, demo, file_store):
    file_id = keep(app, "Tyler", "Brooks", "tyler@riverside.example")
    with app.app_context():
        stored = db.session.get(StoredFile, file_id)
        david = db.session.scalars(
            sa.select(User).where(User.email == "senco@riverside.example")
        ).one()
        services.save_transcript(stored, "  I like the quiet room.  ", david)
        db.session.commit()
        stored = db.session.get(StoredFile, file_id)
        assert stored.transcript == "I like the quiet room."
        assert stored.transcribed_by_id == david.id and stored.transcribed_at
