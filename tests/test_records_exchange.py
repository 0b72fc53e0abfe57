"""Records that leave and arrive: the CTF and CSV round trip, transition packs, subject
access, contacts and invitations, retention, and the command line."""

import csv
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Contact,
    EarlierRecord,
    ImportKind,
    Pupil,
    School,
    SenChange,
    SubjectAccessRequest,
    User,
    utcnow,
)
from portal.records import files, imports, roll, transition

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "portal" / "demo" / "data"


def _snapshot(school_id: int) -> dict:
    pupils = db.session.scalars(sa.select(Pupil).where(Pupil.school_id == school_id)).all()
    result = {}
    for p in pupils:
        history = db.session.scalars(
            sa.select(SenChange)
            .where(SenChange.pupil_id == p.id)
            .order_by(SenChange.effective_date, SenChange.id)
        ).all()
        contacts = db.session.scalars(
            sa.select(Contact).where(Contact.pupil_id == p.id).order_by(Contact.contact_order)
        ).all()
        result[p.upn] = (
            p.given_name,
            p.family_name,
            p.date_of_birth,
            p.year_group,
            p.sen_status.value,
            [n.code.value for n in p.needs],
            sorted((h.field.value, h.effective_date, h.to_value) for h in history),
            [(c.given_name, c.family_name, c.relationship_to_pupil, c.email) for c in contacts],
        )
    return result


def test_round_trip_ctf_and_csv_into_an_empty_school(app, demo, login):
    senco = login("senco@oakfield.example")
    with app.test_request_context():
        oakfield = db.session.scalar(sa.select(School).where(School.slug == "oakfield"))
        source = imports.source_for(
            oakfield, ImportKind.CTF, files.from_path(DATA / "oakfield.ctf.xml")
        )
        roll.confirm(oakfield, source, full=False, by=None)
        db.session.commit()
    ctf = senco.get("/senco/records/export/ctf.xml")
    assert ctf.status_code == 200 and ctf.mimetype == "application/xml"
    csv_export = senco.get("/senco/records/export/roll.csv")
    assert csv_export.get_data(as_text=True).lstrip("\ufeff").startswith("UPN,LegalSurname,")
    with app.test_request_context():
        expected = _snapshot(oakfield.id)
        current = {
            upn: v
            for upn, v in expected.items()
            if db.session.scalar(sa.select(Pupil.left_at).where(Pupil.upn == upn)) is None
        }
        for slug, body, kind in (
            ("copy-ctf", ctf.data, ImportKind.CTF),
            ("copy-csv", csv_export.data, ImportKind.CSV),
        ):
            school = School(slug=slug, name=slug)
            db.session.add(school)
            db.session.commit()
            source = imports.source_for(school, kind, files.from_bytes(body))
            preview = roll.preview(school, source, full=False)
            assert preview.refused == [] and preview.new_count == len(current)
            roll.confirm(school, source, full=False, by=None)
            db.session.commit()
            got = _snapshot(school.id)
            if kind is ImportKind.CTF:
                assert got == current
            else:  # the CSV carries the current status, needs and contacts, not the history
                assert {u: v[:6] + (v[7],) for u, v in got.items()} == {
                    u: v[:6] + (v[7],) for u, v in current.items()
                }
            again = roll.preview(
                school, imports.source_for(school, kind, files.from_bytes(body)), full=False
            )
            assert again.new_count == again.changed_count == 0


def test_transition_pack_follows_its_schema_and_another_school_imports_it(app, demo, login):
    schema = json.loads(
        (ROOT / "docs" / "transition-pack" / "transition-pack.schema.json").read_text()
    )
    example = json.loads((ROOT / "docs" / "transition-pack" / "example.json").read_text())
    jsonschema.validate(example, schema)
    senco = login("senco@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    response = senco.get(f"/senco/records/pupils/{amelia.id}/transition-pack.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("transition.json"))
    jsonschema.validate(data, schema)
    kinds = {r["kind"] for r in data["records"]}
    assert "plan" in kinds or "review" in kinds
    assert all(archive.read(r["file"]).startswith(b"%PDF") for r in data["records"])
    riverside = login("senco@riverside.example")
    response = riverside.submit(
        "/senco/records/transition-packs/import",
        {"pack_file": (io.BytesIO(response.data), "pack.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        school = db.session.scalar(sa.select(School).where(School.slug == "riverside"))
        moved = db.session.scalar(
            sa.select(Pupil).where(Pupil.school_id == school.id, Pupil.upn == amelia.upn)
        )
        assert moved.given_name == "Amelia" and moved.sen_status.value == "K"
        assert [n.code.value for n in moved.needs] == ["SPLD"]
        earlier = db.session.scalars(
            sa.select(EarlierRecord).where(EarlierRecord.pupil_id == moved.id)
        ).all()
        assert len(earlier) == len(data["records"])
        assert all(r.from_school == "Oakfield Primary School" for r in earlier)
    page = riverside.get(f"/staff/pupils/{moved.id}").get_data(as_text=True)
    assert "Earlier records" in page
    bad = riverside.submit(
        "/senco/records/transition-packs/import",
        {"pack_file": (io.BytesIO(b"not a zip"), "pack.zip")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "not a ZIP file" in bad.get_data(as_text=True)


def test_a_parent_asks_for_their_information_and_the_senco_answers(app, login, demo):
    parent = login("parent@oakfield.example")
    page = parent.get("/families/your-information")
    assert page.status_code == 200 and "Ask for a copy" in page.get_data(as_text=True)
    response = parent.submit("/families/your-information", {"include_children": "y", "note": ""})
    assert response.status_code == 302
    with app.app_context():
        request = db.session.scalar(
            sa.select(SubjectAccessRequest)
            .join(SubjectAccessRequest.requester)
            .where(
                SubjectAccessRequest.school_id == demo.school("oakfield").id,
                SubjectAccessRequest.note.is_(None),
            )
            .order_by(SubjectAccessRequest.id.desc())
        )
        assert (request.due_on - request.received_at.date()).days in (28, 29, 30, 31)
    senco = login("senco@oakfield.example")
    inbox = senco.get("/senco/inbox").get_data(as_text=True)
    assert "Sarah Clarke asks for a copy of their information" in inbox
    page = senco.get(f"/senco/records/subject-access/{request.id}").get_data(as_text=True)
    assert "Amelia Clarke" in page and "Jayden Clarke" in page
    sarah = demo.user("parent@oakfield.example")
    archive = zipfile.ZipFile(
        io.BytesIO(senco.get(f"/senco/records/people/{sarah.id}/subject-access.zip").data)
    )
    data = json.loads(archive.read("sarah-clarke/data.json"))
    assert data["tables"]["user_account"][0]["email"] == "parent@oakfield.example"
    assert "password_hash" not in data["tables"]["user_account"][0]
    assert data["tables"]["pupil_contact"]
    amelia = demo.pupil("Amelia", "Clarke")
    archive = zipfile.ZipFile(
        io.BytesIO(senco.get(f"/senco/records/pupils/{amelia.id}/subject-access.zip").data)
    )
    names = archive.namelist()
    assert "amelia-clarke/audit.pdf" in names and any(
        n.endswith(".pdf") and "plan-" in n for n in names
    )
    data = json.loads(archive.read("amelia-clarke/data.json"))
    assert data["tables"]["audit_event"] and data["tables"]["sen_change"]
    senco.submit(f"/senco/records/subject-access/{request.id}/answered", {})
    assert "The school answered on" in parent.get("/families/your-information").get_data(
        as_text=True
    )
    # Another school's SENCO cannot reach the request.
    other = login("senco@riverside.example")
    assert other.get(f"/senco/records/subject-access/{request.id}").status_code == 404
    assert other.get(f"/senco/records/people/{sarah.id}/subject-access.zip").status_code == 404


def test_the_archive_sums_up_who_read_the_record_and_lists_every_time_as_csv(app, login, demo):
    """Each event was a row of a PDF table, about 4 ms of WeasyPrint's time each: 40 s for a
    pupil read 9,400 times, past a server's limit for a request. The PDF now has a line per
    person and act; audit.csv beside it has every event."""
    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        senco_user = db.session.scalar(
            sa.select(User).where(User.email == "senco@oakfield.example")
        )
        start = utcnow() - timedelta(days=400)
        db.session.add_all(
            AuditEvent(
                at=start + timedelta(hours=i),
                actor_id=senco_user.id,
                school_id=amelia.school_id,
                pupil_id=amelia.id,
                action="pupil.view",
            )
            for i in range(1200)
        )
        db.session.commit()
        before = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.pupil_id == amelia.id)
        )
        views = db.session.scalar(
            sa.select(sa.func.count()).where(
                AuditEvent.pupil_id == amelia.id,
                AuditEvent.actor_id == senco_user.id,
                AuditEvent.action == "pupil.view",
            )
        )
        name = senco_user.full_name
    senco = login("senco@oakfield.example")
    response = senco.get(f"/senco/records/pupils/{amelia.id}/subject-access.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    body = archive.read("amelia-clarke/audit.csv")
    assert body.startswith(b"\xef\xbb\xbf")  # so Excel reads names in any script
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["When", "Who", "What"]
    assert len(rows) - 1 == before
    assert sum(1 for row in rows[1:] if row[1:] == [name, "pupil.view"]) == views
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
    pdf = PdfReader(io.BytesIO(archive.read("amelia-clarke/audit.pdf")))
    assert len(pdf.pages) <= 3
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "How many times" in text and "audit.csv" in text
    assert f"{views:,}" in text and name in text
    assert "records.subject_access" not in text  # recorded once the archive is made


def test_the_senco_finds_a_parent_for_a_request_made_another_way(login, monkeypatch):
    """The page listed every parent of the school, hundreds of links, whatever the SENCO
    wanted; it now finds them by name or email address, this school's only, a page at most."""
    from portal.records import subject_access

    senco = login("senco@oakfield.example")
    page = senco.get("/senco/records/subject-access").get_data(as_text=True)
    assert 'name="parent"' in page and "Everything about Sarah Clarke" not in page
    found = senco.get("/senco/records/subject-access?parent=clarke").get_data(as_text=True)
    assert "Everything about Sarah Clarke (ZIP)" in found
    assert "/senco/records/people/" in found
    by_email = senco.get("/senco/records/subject-access?parent=PARENT%40oakfield")
    assert "Everything about Sarah Clarke (ZIP)" in by_email.get_data(as_text=True)
    # Another school's parent is not found; a wildcard is a letter, not "anything".
    for words in ("brooks", "riverside", "%", "_"):
        none = senco.get(f"/senco/records/subject-access?parent={words}").get_data(as_text=True)
        assert "No parent of a pupil at this school has that name or email address." in none
        assert "Everything about" not in none.split('id="parent-search"')[1].split("</form>")[1]
    monkeypatch.setattr(subject_access, "PARENTS_SHOWN", 1)
    many = senco.get("/senco/records/subject-access?parent=example").get_data(as_text=True)
    assert many.count("(ZIP)</a>") == 1 and "These are the first 1." in many
    too_long = senco.get("/senco/records/subject-access?parent=" + "a" * 101)
    assert too_long.status_code == 200 and "There is a problem" in too_long.get_data(as_text=True)
    assert 'value="' + "a" * 101 + '"' in too_long.get_data(as_text=True)
    assert "Use 100 characters or fewer" in too_long.get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "linked"),
    [(None, True), ("parent", True), ("senco", False), ("teacher", False), ("pupil", False)],
)
def test_the_privacy_notice_links_to_the_request_only_for_those_who_can_make_it(
    client, login_as, who, linked
):
    """Parents ask from their account; staff and pupils, who cannot open that page, are
    not sent to a refusal from the privacy notice."""
    visitor = login_as(who) if who else client
    page = visitor.get("/privacy").get_data(as_text=True)
    assert ('href="/families/your-information"' in page) is linked


def test_contacts_and_invitations_in_each_contacts_language(app, login, demo, mailbox):
    senco = login("senco@oakfield.example")
    oliver = demo.pupil("Oliver", "Hughes")
    response = senco.submit(
        f"/senco/records/pupils/{oliver.id}/contacts/new",
        {
            "given_name": "Agnieszka",
            "family_name": "Hughes",
            "relationship_to_pupil": "mother",
            "parental_responsibility": "y",
            "email": "agnieszka@example.com",
            "language": "pl",
            "interpreter_needed": "y",
            "contact_order": "1",
        },
    )
    assert response.status_code == 302
    empty = senco.submit(f"/senco/records/pupils/{oliver.id}/contacts/new", {"contact_order": ""})
    assert empty.status_code == 400 and "Enter the first name" in empty.get_data(as_text=True)
    page = senco.get(f"/senco/records/pupils/{oliver.id}/contacts").get_data(as_text=True)
    assert "Agnieszka Hughes" in page and "No account" in page
    plan = senco.get("/senco/records/contacts/invite").get_data(as_text=True)
    assert "Agnieszka Hughes" in plan and "Polish" in plan
    assert "Sarah Clarke" not in plan  # has an account already
    senco.submit("/senco/records/contacts/invite", {})
    (message,) = mailbox.to("agnieszka@example.com")
    assert message["Content-Language"] == "pl"
    link = mailbox.link(message, "/invitations/")
    fresh = app.test_client()
    fresh.submit(
        link,
        {
            "password": "a long new password 2026",
            "confirm": "a long new password 2026",
            "full_name": "Agnieszka Hughes",
            "locale": "pl",
        },
    )
    with app.app_context():
        contact = db.session.scalar(
            sa.select(Contact).where(Contact.email == "agnieszka@example.com")
        )
        assert contact.user_id is not None
    # Nobody is left to invite, so nothing is sent twice.
    senco.submit("/senco/records/contacts/invite", {})
    assert len(mailbox.to("agnieszka@example.com")) == 1


def test_cli_imports_exports_new_year_and_purge(app, demo, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "records",
            "import-csv",
            str(DATA / "oakfield-roll.csv"),
            "--school",
            "oakfield",
            "--dry-run",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "15 new" in result.output and "check letter is wrong" in result.output
    assert "Dry run" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02" * 1000)
    result = runner.invoke(args=["records", "import-csv", str(bad), "--school", "oakfield"])
    assert result.exit_code == 1 and "not text" in result.output
    refused = tmp_path / "refused.csv"
    refused.write_text("UPN,Surname,Forename,DOB,Year\nX123,A,B,01/01/2018,3\n")
    result = runner.invoke(args=["records", "import-csv", str(refused), "--school", "oakfield"])
    assert result.exit_code == 1 and "every pupil was refused" in result.output
    other = tmp_path / "other.xml"
    other.write_text(
        (DATA / "oakfield.ctf.xml")
        .read_text()
        .replace("<Estab>2104</Estab></DestSchool>", "<Estab>9999</Estab></DestSchool>")
    )
    result = runner.invoke(args=["records", "import-ctf", str(other), "--school", "oakfield"])
    assert result.exit_code == 1 and "another school" in result.output
    result = runner.invoke(
        args=["records", "import-ctf", str(other), "--school", "oakfield", "--yes"]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.xml"
    result = runner.invoke(args=["records", "export-ctf", "--school", "oakfield", str(out)])
    assert result.exit_code == 0 and out.read_text().count("<Pupil>") >= 20
    result = runner.invoke(args=["records", "new-year", "--school", "oakfield", "--dry-run"])
    assert result.exit_code == 0 and "move up" in result.output
    # Retention: a leaver born long ago is past it; the dry run lists, the real run deletes.
    with app.app_context():
        old = db.session.scalar(sa.select(Pupil).where(Pupil.given_name == "Leo"))
        old.left_at = old.date_of_birth.replace(year=2000)
        old.date_of_birth = old.date_of_birth.replace(year=1990)
        old_id = old.id
        db.session.commit()
    result = runner.invoke(args=["records", "purge", "--dry-run"])
    assert result.exit_code == 0 and f"pupil {old_id}," in result.output
    with app.app_context():
        assert db.session.get(Pupil, old_id) is not None
    result = runner.invoke(args=["records", "purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(Pupil, old_id) is None
        assert db.session.scalar(
            sa.select(AuditEvent).where(
                AuditEvent.action == "records.purge", AuditEvent.object_id == old_id
            )
        )
    assert transition.VERSION == 1
