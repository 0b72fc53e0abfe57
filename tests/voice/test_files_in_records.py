"""A pupil's recordings and pictures are theirs: in the subject access export, and gone with
the rest of the record when the retention period is over."""

import io
import zipfile

import sqlalchemy as sa

from portal.extensions import db
from portal.files import services as files
from portal.files.storage import FileMissing
from portal.models import Pupil, StoredFile, User
from portal.records import retention
from tests.voice.media import picture, recording


def _keep(app, given: str):
    with app.app_context():
        pupil = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == given)).one()
        tom = db.session.scalars(
            sa.select(User).where(User.email == "teacher@oakfield.example")
        ).one()
        sound = files.keep_recording(pupil, recording("chromium-2s.webm"), tom)
        drawing = files.keep_picture(pupil, picture(), tom)
        files.save_transcript(sound, "I like the quiet room.", tom)
        db.session.commit()
        return (
            pupil.id,
            sound.key,
            drawing.key,
            files.export_name(sound),
            files.export_name(drawing),
        )


def test_the_subject_access_export_holds_the_pupils_files(app, demo, login, file_store):
    pupil_id, sound_key, drawing_key, sound_name, drawing_name = _keep(app, "Amelia")
    senco = login("senco@oakfield.example")
    response = senco.get(f"/senco/records/pupils/{pupil_id}/subject-access.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    folder = names[0].split("/")[0]
    assert f"{folder}/files/{sound_name}" in names and f"{folder}/files/{drawing_name}" in names
    assert archive.read(f"{folder}/files/{sound_name}") == file_store.get(sound_key)
    assert archive.read(f"{folder}/files/{drawing_name}") == file_store.get(drawing_key)
    data = archive.read(f"{folder}/data.json").decode()
    assert "I like the quiet room." in data and "stored_file" in data
    assert "files/" in archive.read(f"{folder}/README.txt").decode()


def test_the_retention_purge_removes_the_files_bytes_and_rows(app, demo, file_store):
    pupil_id, sound_key, drawing_key, *_ = _keep(app, "Yusuf")
    with app.app_context():
        pupil = db.session.get(Pupil, pupil_id)
        pupil.left_at = pupil.date_of_birth.replace(year=2000)
        pupil.date_of_birth = pupil.date_of_birth.replace(year=1990)
        db.session.commit()
        due = retention.due()
        assert [p.id for p in due] == [pupil_id]
        assert retention.purge(due) == 1
        assert db.session.get(Pupil, pupil_id) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0
    for key in (sound_key, drawing_key):
        try:
            file_store.get(key)
        except FileMissing:
            continue
        raise AssertionError(f"{key} is still stored")
