"""Importing the roll through the SENCO's pages: upload, columns, preview, refusals,
confirm, idempotence, leavers, the new school year, and who may reach the pages."""

import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Contact,
    PossibleLeaver,
    Pupil,
    RecordImport,
    RecordsSettings,
    SenChange,
)
from portal.records.upn import make_upn

DATA = Path(__file__).resolve().parent.parent / "portal" / "demo" / "data"


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def upload(client, content: bytes, filename: str, kind="csv", full=False):
    data = {"kind": kind, "roll_file": (io.BytesIO(content), filename)}
    if full:
        data["full_roll"] = "y"
    return client.submit("/senco/records/import", data, content_type="multipart/form-data")


def import_id(response) -> int:
    return int(re.search(r"/imports/(\d+)", response.headers["Location"]).group(1))


def confirm(client, number: int, **data):
    return client.submit(
        f"/senco/records/imports/{number}/confirm", data, page=f"/senco/records/imports/{number}"
    )


def test_csv_preview_refusals_confirm_and_idempotence(app, login):
    senco = login("senco@oakfield.example")
    pupils_before = count(app, Pupil)
    response = upload(senco, (DATA / "oakfield-roll.csv").read_bytes(), "roll.csv")
    assert response.status_code == 302
    number = import_id(response)
    page = senco.get(f"/senco/records/imports/{number}").get_data(as_text=True)
    assert "15 new pupils" in page and "8 pupils unchanged" in page and "7 rows refused" in page
    assert "the check letter is wrong" in page
    assert "Unknown need code &#39;DYS&#39;" in page
    assert "appears more than once" in page
    assert "Legacy code S (statement of SEN) recorded as E" in page
    assert count(app, Pupil) == pupils_before  # a preview writes nothing
    response = confirm(senco, number)
    assert response.status_code == 302
    assert count(app, Pupil) == pupils_before + 15
    page = senco.get(f"/senco/records/imports/{number}").get_data(as_text=True)
    assert "Imported" in page
    with app.app_context():
        ava = db.session.scalar(sa.select(Pupil).where(Pupil.given_name == "Ava"))
        assert ava is not None and ava.upn
        contacts = db.session.scalars(sa.select(Contact).where(Contact.pupil_id == ava.id)).all()
        assert contacts and contacts[0].email.endswith("@families.example")
        stored = db.session.get(RecordImport, number)
        assert stored.content is None and stored.summary["new"] == 15
    # The same file again changes nothing.
    history_rows, contact_rows = count(app, SenChange), count(app, Contact)
    second = import_id(upload(senco, (DATA / "oakfield-roll.csv").read_bytes(), "roll.csv"))
    page = senco.get(f"/senco/records/imports/{second}").get_data(as_text=True)
    assert "0 new pupils" in page and "0 pupils changed" in page and "23 pupils unchanged" in page
    confirm(senco, second)
    assert count(app, Pupil) == pupils_before + 15
    assert (count(app, SenChange), count(app, Contact)) == (history_rows, contact_rows)


def test_unknown_headings_go_to_the_columns_page_and_are_remembered(app, login, demo):
    senco = login("senco@oakfield.example")
    upn = make_upn(881, 2104, 20, 901)
    content = (
        f"Pupil Ref;Family;Given;Born;Class Year;SEN\r\n{upn};Kaur;Simran;2017-05-06;4;N\r\n"
    ).encode()
    response = upload(senco, content, "odd.csv")
    assert "/columns" in response.headers["Location"]
    number = import_id(response)
    page = senco.get(f"/senco/records/imports/{number}/columns")
    assert "Choose the column that holds the UPN" in page.get_data(as_text=True)
    bad = senco.submit(f"/senco/records/imports/{number}/columns", {"upn": "Pupil Ref"})
    assert bad.status_code == 400
    assert "Choose the column that holds the Legal surname" in bad.get_data(as_text=True)
    mapping = {
        "upn": "Pupil Ref",
        "family_name": "Family",
        "given_name": "Given",
        "dob": "Born",
        "year": "Class Year",
        "provision": "SEN",
    }
    response = senco.submit(f"/senco/records/imports/{number}/columns", mapping)
    assert response.headers["Location"].endswith(f"/imports/{number}")
    assert "1 new pupil" in senco.get(f"/senco/records/imports/{number}").get_data(as_text=True)
    school = demo.school("oakfield")
    assert count(app, RecordsSettings, RecordsSettings.school_id == school.id) == 1
    with app.app_context():
        settings = db.session.scalar(
            sa.select(RecordsSettings).where(RecordsSettings.school_id == school.id)
        )
        assert settings.csv_columns["upn"] == "Pupil Ref"
    # Next time the same report goes straight to the preview.
    again = upload(senco, content, "odd.csv")
    assert "/columns" not in again.headers["Location"]


@pytest.mark.parametrize(
    "content,filename,kind,message",
    [
        (b"", "empty.csv", "csv", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.csv", "csv", "not text"),
        (b"not xml at all", "file.xml", "ctf", "it is not XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CTfile/>',
            "evil.xml",
            "ctf",
            "For safety it was not read",
        ),
    ],
)
def test_bad_files_get_a_clear_message_and_write_nothing(
    app, login, content, filename, kind, message
):
    senco = login("senco@oakfield.example")
    before = count(app, RecordImport)
    response = upload(senco, content, filename, kind=kind)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert count(app, RecordImport) == before


def test_an_empty_upload_form_explains_itself(login):
    senco = login("senco@oakfield.example")
    response = senco.submit("/senco/records/import", {"kind": "csv"})
    assert response.status_code == 400
    assert "Choose the file to import" in response.get_data(as_text=True)


def test_a_ctf_for_another_school_warns_and_asks(app, login):
    senco = login("senco@oakfield.example")
    ctf = (
        (DATA / "oakfield.ctf.xml")
        .read_text()
        .replace(
            "<DestSchool><LEA>881</LEA><Estab>2104</Estab>",
            "<DestSchool><LEA>881</LEA><Estab>4021</Estab>",
        )
    )
    number = import_id(upload(senco, ctf.encode(), "riverside.xml", kind="ctf"))
    page = senco.get(f"/senco/records/imports/{number}").get_data(as_text=True)
    assert "This file was made for another school" in page and "881/4021" in page
    before = count(app, Pupil)
    refused = confirm(senco, number)
    assert refused.status_code == 400
    assert "Tick the box" in refused.get_data(as_text=True)
    assert count(app, Pupil) == before
    assert confirm(senco, number, other_school_ok="y").status_code == 302
    assert count(app, Pupil) > before


def test_a_full_roll_lists_possible_leavers_and_nobody_is_deleted(app, login, demo):
    senco = login("senco@oakfield.example")
    lines = (DATA / "oakfield-roll.csv").read_text(encoding="utf-8-sig").splitlines()
    without_oliver = "\r\n".join(line for line in lines if ",Hughes,Oliver," not in line)
    number = import_id(upload(senco, without_oliver.encode(), "roll.csv", full=True))
    page = senco.get(f"/senco/records/imports/{number}").get_data(as_text=True)
    assert "Possible leavers" in page and "Oliver Hughes" in page
    confirm(senco, number)
    oliver = demo.pupil("Oliver", "Hughes")
    assert count(app, PossibleLeaver, PossibleLeaver.pupil_id == oliver.id) == 1
    leavers = senco.get("/senco/records/leavers").get_data(as_text=True)
    assert "Oliver Hughes" in leavers
    with app.app_context():
        candidate = db.session.scalar(
            sa.select(PossibleLeaver).where(PossibleLeaver.pupil_id == oliver.id)
        )
    response = senco.submit(
        f"/senco/records/leavers/{candidate.id}",
        {"decision": "left", "left_on": "2026-07-20"},
        page="/senco/records/leavers",
    )
    assert response.status_code == 302
    assert demo.pupil("Oliver", "Hughes").left_at.isoformat() == "2026-07-20"
    # Out of the working list, still there, read-only.
    assert "Hughes, Oliver" not in senco.get("/senco/").get_data(as_text=True)
    pupil_page = senco.get(f"/staff/pupils/{oliver.id}").get_data(as_text=True)
    assert "Their record is kept, read-only" in pupil_page
    edit = senco.submit(
        f"/senco/pupils/{oliver.id}/edit",
        {
            "given_name": "Ollie",
            "family_name": "Hughes",
            "date_of_birth": "2019-07-01",
            "year_group": "3",
            "sen_status": "N",
            "primary_need": "",
            "secondary_need": "",
            "home_language": "en",
        },
        page=f"/senco/pupils/{oliver.id}/edit",
    )
    assert edit.status_code == 409
    assert "This record is read-only" in edit.get_data(as_text=True)
    assert demo.pupil("Oliver", "Hughes").given_name == "Oliver"
    # Importing the pupil again is refused while they are a leaver; putting them back works.
    number = import_id(upload(senco, "\r\n".join(lines).encode(), "roll.csv"))
    assert "left on 20/07/2026" in senco.get(f"/senco/records/imports/{number}").get_data(
        as_text=True
    )
    senco.submit(
        f"/senco/records/pupils/{oliver.id}/returned", {}, page=f"/staff/pupils/{oliver.id}"
    )
    assert demo.pupil("Oliver", "Hughes").left_at is None


def test_the_new_school_year(app, login, demo):
    senco = login("senco@oakfield.example")
    from tests.roll import add_pupils

    add_pupils(app, demo.school("oakfield").id, 2, name="Leaving", year=6)
    page = senco.get("/senco/records/new-year").get_data(as_text=True)
    assert "Leaving00 Pupil" in page and "Year 3 to Year 4" in page
    response = senco.submit("/senco/records/new-year", {})
    assert response.status_code == 302
    assert demo.pupil("Amelia", "Clarke").year_group == 4
    assert demo.pupil("Jayden", "Clarke").year_group == 6
    with app.app_context():
        leaving = db.session.scalars(
            sa.select(Pupil).where(Pupil.given_name.like("Leaving%"))
        ).all()
        assert [p.year_group for p in leaving] == [6, 6]
        assert all(p.left_at is None for p in leaving)
    assert count(app, PossibleLeaver) == 2
    # Once a year only.
    senco.submit("/senco/records/new-year", {})
    assert demo.pupil("Amelia", "Clarke").year_group == 4
    assert "has been started" in senco.get("/senco/records/new-year").get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "status"),
    [
        # Another school's SENCO: the objects are not theirs, so they do not exist for them.
        ("senco@riverside.example", 404),
        # Nobody else is a SENCO: an address naming an object answers 404 to them as well
        # (issue 11; the access matrix).
        ("teacher@oakfield.example", 404),
        ("parent@oakfield.example", 404),
    ],
)
def test_others_are_refused(app, login, demo, email, status):
    senco = login("senco@oakfield.example")
    number = import_id(upload(senco, (DATA / "oakfield-roll.csv").read_bytes(), "roll.csv"))
    amelia = demo.pupil("Amelia", "Clarke")
    other = login(email)
    for url in (
        f"/senco/records/imports/{number}",
        f"/senco/records/imports/{number}/columns",
        f"/senco/records/pupils/{amelia.id}/contacts",
        f"/senco/records/pupils/{amelia.id}/contacts/new",
        f"/senco/records/pupils/{amelia.id}/transition-pack.zip",
        f"/senco/records/pupils/{amelia.id}/subject-access.zip",
    ):
        assert other.get(url).status_code == status, url
    token = other.csrf_token("/help/words")
    response = other.post(f"/senco/records/imports/{number}/confirm", data={"csrf_token": token})
    assert response.status_code == status
    assert count(app, RecordImport, RecordImport.status == "pending") >= 1


def test_the_sen_history_is_written_by_the_pupil_form_and_shown(app, login, demo):
    senco = login("senco@oakfield.example")
    oliver = demo.pupil("Oliver", "Hughes")
    response = senco.submit(
        f"/senco/pupils/{oliver.id}/edit",
        {
            "given_name": "Oliver",
            "family_name": "Hughes",
            "date_of_birth": "2019-07-01",
            "year_group": "3",
            "sen_status": "K",
            "primary_need": "SLCN",
            "secondary_need": "",
            "home_language": "en",
            "sen_change_reason": "Speech and language assessment",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            sa.select(SenChange).where(SenChange.pupil_id == oliver.id).order_by(SenChange.id)
        ).all()
        assert [(r.field.value, r.from_value, r.to_value) for r in rows][-2:] == [
            ("provision", "N", "K"),
            ("needs", "", "SLCN"),
        ]
        assert rows[-1].reason == "Speech and language assessment"
        assert rows[-1].recorded_by.email == "senco@oakfield.example"
    page = senco.get(f"/staff/pupils/{oliver.id}").get_data(as_text=True)
    assert "SEN history" in page and "Speech and language assessment" in page
    assert demo.pupil("Oliver", "Hughes").sen_status.value == "K"


def test_a_leaver_leaves_the_teachers_list_and_stays_readable(app, login, demo):
    senco = login("senco@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    teacher = login("teacher@oakfield.example")
    assert "Amelia" in teacher.get("/staff/").get_data(as_text=True)
    response = senco.submit(
        f"/senco/records/pupils/{amelia.id}/left",
        {"left_on": "2026-07-20"},
        page=f"/staff/pupils/{amelia.id}",
    )
    assert response.status_code == 302
    assert "Amelia" not in teacher.get("/staff/").get_data(as_text=True)
    assert teacher.get(f"/staff/pupils/{amelia.id}").status_code == 200
    contact = senco.submit(
        f"/senco/records/pupils/{amelia.id}/contacts/new",
        {"given_name": "A", "family_name": "B", "contact_order": "1"},
        page=f"/senco/records/pupils/{amelia.id}/contacts",
    )
    assert contact.status_code == 409
