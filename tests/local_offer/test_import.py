"""The Open Referral UK importer: good, partial and malformed feeds; files, web and CLI.

Over 400 lines: one short test per shape of feed or kind of bad record, sharing builders.
"""

import copy
import io
import json
import threading
import urllib.parse
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from portal.extensions import db
from portal.local_offer import importer
from portal.models import (
    AccessRoute,
    BroadArea,
    NeedCode,
    School,
    Service,
    ServiceCategory,
    ServiceContact,
    ServiceCost,
    ServiceLocation,
    ServiceOrganisation,
    ServiceSource,
    ServiceStatus,
    today,
)


def _school(slug: str = "elmwood") -> School:
    return db.session.scalars(sa.select(School).where(School.slug == slug)).one()


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _service(oruk_id: str) -> Service:
    return db.session.scalars(sa.select(Service).where(Service.oruk_id == oruk_id)).one()


def _reasons(result) -> list[str]:
    with force_locale("en"):
        return [str(s.reason) for s in result.skipped]


def record(oruk_id: str, name: str, **fields) -> dict:
    data = {"id": oruk_id, "name": name, "status": "active", "url": "https://example.org"}
    data.update(fields)
    return data


@pytest.fixture
def ctx_school(ctx, school):
    return _school()


# --- A good feed ------------------------------------------------------------------------------


def test_a_good_feed_is_imported_with_everything_it_says(ctx_school, feeds):
    result = importer.import_source(ctx_school, str(feeds["demo"]))
    assert len(result.added) == 20 and not result.changed and not result.skipped
    salt = db.session.scalars(
        sa.select(Service).where(Service.name == "Children's Speech and Language Therapy")
    ).one()
    assert salt.source is ServiceSource.ORUK
    assert salt.organisation.name == "Northshire Children's Community Health (NHS)"
    assert (salt.min_age, salt.max_age) == (0, 18)
    assert salt.cost is ServiceCost.FREE
    assert salt.category_list == [ServiceCategory.THERAPY]
    assert set(salt.need_codes) == {NeedCode.SLCN, NeedCode.ASD}
    assert salt.areas == [BroadArea.COMMUNICATION]
    assert set(salt.access_list) == {AccessRoute.SELF_REFERRAL, AccessRoute.REFERRAL}
    assert salt.language_list == ["en", "pl", "ur"]
    assert salt.phone == "01632 960 201"
    assert salt.website == "https://www.northshire-health.example/salt"
    assert [loc.postcode for loc in salt.locations] == ["NS1 4AB", "NS7 9LP"]
    assert salt.locations[0].accessibility.startswith("Step-free entrance")
    assert salt.contacts[0].name == "Maria Kowalski"
    assert salt.last_checked == date(2026, 9, 14)
    assert "speech" in salt.search_name
    breaks = db.session.scalars(
        sa.select(Service).where(Service.name == "Northshire Short Breaks")
    ).one()
    assert breaks.cost is ServiceCost.FREE_FOR_SOME
    assert breaks.all_needs is True
    # One organisation row per Open Referral organisation, shared by its services.
    assert _count(ServiceOrganisation) == 6


def test_importing_again_updates_in_place_and_never_duplicates(ctx_school, feeds):
    first = importer.import_source(ctx_school, str(feeds["demo"]))
    ids = {s.oruk_id: s.id for s in db.session.scalars(sa.select(Service))}
    again = importer.import_source(ctx_school, str(feeds["demo"]))
    assert (len(again.added), len(again.changed), len(again.unchanged)) == (0, 0, 20)

    document = json.loads(feeds["demo"].read_text())
    changed = document["contents"][0]
    changed["name"] = "Speech and Language Therapy for Children"
    changed["minimum_age"] = 2
    changed["service_at_locations"] = changed["service_at_locations"][:1]
    third = importer.import_document(ctx_school, document)
    assert third.changed == ["Speech and Language Therapy for Children"]
    assert len(third.unchanged) == 19
    assert _count(Service) == len(first.added) == 20
    assert {s.oruk_id: s.id for s in db.session.scalars(sa.select(Service))} == ids
    salt = _service(changed["id"])
    assert (salt.name, salt.min_age, len(salt.locations)) == (changed["name"], 2, 1)
    assert _count(ServiceOrganisation) == 6
    assert _count(ServiceLocation) == sum(
        len(item["service_at_locations"]) for item in document["contents"]
    )


def test_the_same_feed_goes_into_each_school_separately(ctx_school, feeds, app):
    db.session.add(School(slug="other", name="Other School"))
    db.session.commit()
    importer.import_source(ctx_school, str(feeds["demo"]))
    importer.import_source(_school("other"), str(feeds["demo"]))
    assert _count(Service) == 40


@pytest.mark.parametrize(
    "name", ["service_full", "service_list", "organization_full", "service_at_location_full"]
)
def test_the_standards_own_examples_import(ctx_school, feeds, name):
    result = importer.import_source(ctx_school, str(feeds[name]))
    assert result.added == ["Community Counselling"], _reasons(result)
    service = _service("ac148810-d857-441c-9679-408f346de14b")
    assert service.organisation.name == "Example Organization Inc."
    assert (service.min_age, service.max_age) == (12, 100)
    assert service.last_checked == date(2005, 1, 1)
    assert service.is_stale
    if name != "service_list":  # the list endpoint carries one-to-one fields only
        assert service.locations[0].name == "MyCity Civic Center"
        assert service.locations[0].postcode == "ABC 1234"
    if name in ("service_full", "organization_full"):
        assert service.cost is ServiceCost.PAID
        assert "£35 per 1 hour session (Under 18s and Over 60s)" in service.cost_details
        assert service.contacts[0].name == "Ann Persona"
        # A taxonomy term the portal does not know is kept as a search word.
        assert service.keywords == "name"


# --- A partial feed ---------------------------------------------------------------------------


def test_a_record_with_only_the_required_fields_is_imported(ctx_school):
    result = importer.import_document(ctx_school, [{"id": "min-1", "name": "Bare Service"}])
    assert result.added == ["Bare Service"]
    bare = _service("min-1")
    assert bare.status is ServiceStatus.ACTIVE
    assert (bare.min_age, bare.max_age, bare.cost, bare.organisation) == (None, None, None, None)
    assert bare.last_checked is None and bare.is_stale
    assert bare.locations == [] and bare.contacts == [] and bare.needs == []


def test_optional_fields_are_understood_tolerantly(ctx_school):
    document = [
        record(
            "tol-1",
            "Tolerant Service",
            minimum_age="5",
            maximum_age=11.5,
            last_modified="2026-10-01T12:00:00Z",
            url="javascript:alert(1)",
            email="not an email",
            fees="Free",
            languages=[{"name": "Polish"}, {"code": "ur-PK"}, {"name": "Not a language"}, "x"],
            attributes=[
                {"taxonomy_term": {"term": "Drop-in"}},
                {"taxonomy_term": {"name": "Dyspraxia"}},
                {"taxonomy_term": {"term": "Youth Clubs"}},
                {"taxonomy_term": {"term": "Sensory"}},
                {"taxonomy_term": "not an object"},
            ],
            service_at_locations=[
                {"location": {"location_type": "virtual", "name": "Online"}},
                {"location": {"name": "Hall", "addresses": [{"postal_code": "ns14ab"}]}},
            ],
        )
    ]
    result = importer.import_document(ctx_school, document)
    assert result.added == ["Tolerant Service"], _reasons(result)
    service = _service("tol-1")
    assert (service.min_age, service.max_age) == (5, 11)
    assert service.last_checked == date(2026, 10, 1)
    assert service.website is None and service.email is None
    assert service.cost is ServiceCost.FREE
    assert service.language_list == ["pl", "ur"]
    assert service.access_list == [AccessRoute.DROP_IN]
    assert service.need_codes == [NeedCode.SPLD]
    assert BroadArea.SENSORY_PHYSICAL in service.areas
    assert service.category_list == [ServiceCategory.ACTIVITIES]
    assert [(loc.name, loc.postcode) for loc in service.locations] == [("Hall", "NS1 4AB")]


def test_a_service_the_feed_closes_is_hidden_not_deleted(ctx_school):
    importer.import_document(ctx_school, [record("c-1", "Closing Soon")])
    result = importer.import_document(ctx_school, [record("c-1", "Closing Soon", status="defunct")])
    assert result.changed == ["Closing Soon"]
    assert _service("c-1").status is ServiceStatus.DEFUNCT
    assert not _service("c-1").is_visible


# --- Malformed feeds and records --------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "The feed is not valid JSON: Expecting property name"),
        (b"\xff\xfe\x00", "The feed is not UTF-8 text."),
        (b'"just a string"', "not a service, a list or a page of services"),
        (b'{"hello": "world"}', "not a service, a list or a page of services"),
        (b'{"contents": []}', "The feed has no services in it."),
        (b"[]", "The feed has no services in it."),
    ],
)
def test_a_feed_that_cannot_be_read_imports_nothing(ctx_school, tmp_path, raw, message):
    path = tmp_path / "feed.json"
    path.write_bytes(raw)
    with pytest.raises(importer.FeedError) as caught, force_locale("en"):
        importer.import_source(ctx_school, str(path))
    with force_locale("en"):
        assert message in str(caught.value.message)
    assert _count(Service) == 0


def test_a_missing_file_is_a_clear_error(ctx_school, tmp_path):
    with pytest.raises(importer.FeedError) as caught, force_locale("en"):
        importer.import_source(ctx_school, str(tmp_path / "nope.json"))
    with force_locale("en"):
        assert "There is no file at" in str(caught.value.message)


BAD_RECORDS = [
    ("not an object", "The record is not a JSON object."),
    ({"name": "No Id"}, "The record has no id."),
    ({"id": "", "name": "Empty Id"}, "The record has no id."),
    ({"id": "x" * 101, "name": "Long Id"}, "The id is longer than 100 characters."),
    ({"id": "b-1"}, "The service has no name."),
    ({"id": "b-2", "name": "N" * 201}, "name is longer than 200 characters."),
    ({"id": "b-3", "name": ["a list"]}, "name is not text."),
    ({"id": "b-4", "name": "Bad Status", "status": "open"}, "The status open is not one"),
    (
        {"id": "b-5", "name": "Old To Young", "minimum_age": 12, "maximum_age": 5},
        "minimum_age is greater than maximum_age.",
    ),
    ({"id": "b-6", "name": "Word Age", "minimum_age": "five"}, "minimum_age is not a number."),
    ({"id": "b-7", "name": "Huge Age", "maximum_age": 500}, "maximum_age is not a sensible age."),
    (
        {"id": "b-8", "name": "Bad Date", "assured_date": "last Tuesday"},
        "assured_date is not a date.",
    ),
    (
        {"id": "b-9", "name": "Bad Time", "last_modified": "soon"},
        "last_modified is not a date and time.",
    ),
    (
        {"id": "b-10", "name": "Bad Places", "service_at_locations": {"oops": 1}},
        "service_at_locations is not a list.",
    ),
    (
        {
            "id": "b-11",
            "name": "Bad Postcode",
            "service_at_locations": [
                {"location": {"addresses": [{"postal_code": "NOT A REAL POSTCODE"}]}}
            ],
        },
        "postal_code is longer than 12 characters.",
    ),
    (
        {"id": "b-12", "name": "New But Defunct", "status": "defunct"},
        "The feed says this service is defunct, so it was not added.",
    ),
]


def test_bad_records_are_skipped_with_reasons_and_the_rest_go_in(ctx_school):
    good = [
        record("g-1", "Good One", organization={"id": "org-1", "name": "Good Org"}),
        record("g-2", "Good Two"),
    ]
    bad = [item for item, _ in BAD_RECORDS]
    duplicate = record("g-1", "Good One Again")
    document = {"contents": [good[0], *bad, duplicate, good[1]]}
    result = importer.import_document(ctx_school, document)
    assert result.added == ["Good One", "Good Two"]
    reasons = _reasons(result)
    assert len(reasons) == len(BAD_RECORDS) + 1
    for (_, expected), reason in zip(BAD_RECORDS, reasons, strict=False):
        assert expected in reason
    assert "The same id appears earlier in the feed" in reasons[-1]
    positions = [s.position for s in result.skipped]
    assert positions == list(range(2, len(BAD_RECORDS) + 3))
    assert result.skipped[4].oruk_id == "b-1" and result.skipped[1].name == "No Id"
    # Nothing of the skipped records was written.
    assert _count(Service) == 2
    assert [o.name for o in db.session.scalars(sa.select(ServiceOrganisation))] == ["Good Org"]


def test_a_record_the_database_refuses_leaves_nothing_behind(ctx_school, monkeypatch):
    real = importer._apply

    def explode(service, fields, organisation):
        real(service, fields, organisation)
        if fields["name"] == "Explodes":
            db.session.flush()
            raise sa.exc.DataError("INSERT", {}, Exception("value too long"))

    monkeypatch.setattr(importer, "_apply", explode)
    document = [
        record("e-0", "Before"),
        record(
            "e-1",
            "Explodes",
            organization={"id": "org-x", "name": "Exploding Org"},
            contacts=[{"name": "Someone", "phones": [{"number": "01632 960 999"}]}],
            service_at_locations=[{"location": {"name": "Somewhere"}}],
        ),
        record("e-2", "After"),
    ]
    result = importer.import_document(ctx_school, document)
    assert result.added == ["Before", "After"]
    assert "The database refused it (DataError)." in _reasons(result)[0]
    assert _count(Service) == 2
    assert _count(ServiceOrganisation) == 0
    assert _count(ServiceContact) == 0
    assert _count(ServiceLocation) == 0


def test_a_change_the_database_refuses_keeps_the_old_entry(ctx_school, monkeypatch):
    importer.import_document(ctx_school, [record("k-1", "Kept", minimum_age=3)])
    real = importer._apply

    def explode(service, fields, organisation):
        real(service, fields, organisation)
        db.session.flush()
        raise sa.exc.DataError("UPDATE", {}, Exception("nope"))

    monkeypatch.setattr(importer, "_apply", explode)
    result = importer.import_document(ctx_school, [record("k-1", "Renamed", minimum_age=9)])
    assert len(result.skipped) == 1
    db.session.expire_all()
    kept = _service("k-1")
    assert (kept.name, kept.min_age) == ("Kept", 3)


# --- From the web -----------------------------------------------------------------------------


@pytest.fixture
def feed_server():
    """A local web server with a two-page feed and an error page."""
    base = {"total_items": 3, "total_pages": 2, "first_page": True, "empty": False}
    pages = {
        "1": {
            **base,
            "page_number": 1,
            "contents": [record("w-1", "Web One"), record("w-2", "Web Two")],
        },
        "2": {**base, "page_number": 2, "contents": [record("w-3", "Web Three")]},
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            if self.path.startswith("/broken"):
                self.send_response(500)
                self.end_headers()
                return
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            page = query.get("page", ["1"])[0]
            body = json.dumps(pages[page]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_web_feed_is_read_page_by_page(ctx_school, feed_server):
    result = importer.import_source(ctx_school, feed_server + "/services?per_page=2")
    assert result.added == ["Web One", "Web Two", "Web Three"]


def test_a_web_feed_that_fails_imports_nothing(ctx_school, feed_server):
    with pytest.raises(importer.FeedError) as caught, force_locale("en"):
        importer.import_source(ctx_school, feed_server + "/broken")
    with force_locale("en"):
        assert str(caught.value.message) == "The address answered with an error (HTTP 500)."
    assert _count(Service) == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://www.example.org/feed",
        "https://127.0.0.1/feed",
        "https://10.1.2.3/feed",
        "https://[::1]/feed",
        "https://localhost/feed",
    ],
)
def test_addresses_typed_into_the_web_page_must_be_public_https(ctx_school, url):
    with pytest.raises(importer.FeedError):
        importer.import_source(ctx_school, url, public_only=True)


# --- From the command line --------------------------------------------------------------------


def test_the_command_line_import(app, school, feeds, tmp_path):
    runner = app.test_cli_runner()
    args = ["local-offer", "import-oruk", str(feeds["demo"]), "--school", school]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Elmwood Primary School: 20 added, 0 changed, 0 unchanged, 0 skipped." in result.output
    assert "20 unchanged" in runner.invoke(args=args).output

    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([record("m-1", "Mixed Good"), {"id": "m-2"}]))
    result = runner.invoke(args=["local-offer", "import-oruk", str(mixed), "--school", school])
    assert "1 added, 0 changed, 0 unchanged, 1 skipped." in result.output
    assert "skipped record 2 (m-2): The service has no name." in result.output

    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = runner.invoke(args=["local-offer", "import-oruk", str(broken), "--school", school])
    assert result.exit_code == 1
    assert "Nothing was imported: The feed is not valid JSON" in result.output

    result = runner.invoke(args=["local-offer", "import-oruk", str(mixed), "--school", "nowhere"])
    assert result.exit_code != 0
    assert "There is no school with the short web name 'nowhere'" in result.output


# --- From the SENCO's page --------------------------------------------------------------------


def test_a_senco_imports_a_file_and_sees_what_happened(login, feeds):
    client = login("senco@oakfield.example")
    document = json.loads(feeds["demo"].read_text())
    document["contents"].append({"id": "broken-1", "minimum_age": "old"})
    data = {"feed_file": (io.BytesIO(json.dumps(document).encode()), "feed.json")}
    response = client.submit("/local-offer/manage/import", data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:3000]
    assert "20 services unchanged" in html or "20 services changed" in html
    assert "1 record skipped" in html
    assert "The service has no name." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a file or enter a web address"),
        (
            {"url": "http://www.northshire.example/feed"},
            "Enter a full web address starting with https://",
        ),
        ({"url": "https://127.0.0.1/feed"}, "That address is not on the public internet."),
    ],
)
def test_the_import_page_explains_problems(login, data, message):
    client = login("senco@oakfield.example")
    response = client.submit("/local-offer/manage/import", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html


def test_a_file_that_is_not_json_is_explained(login):
    client = login("senco@oakfield.example")
    data = {"feed_file": (io.BytesIO(b"<html>"), "feed.json")}
    response = client.submit("/local-offer/manage/import", data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "The feed is not valid JSON" in response.get_data(as_text=True)


def test_a_demo_fixture_date_shift_keeps_entries_as_old_as_they_were(ctx_school, feeds):
    from portal.demo.local_offer import FEED_DATE, shifted

    document = json.loads(feeds["demo"].read_text())
    days = (today() - FEED_DATE).days
    moved = shifted(copy.deepcopy(document), days)
    first, moved_first = document["contents"][0], moved["contents"][0]
    assert date.fromisoformat(moved_first["assured_date"]) - date.fromisoformat(
        first["assured_date"]
    ) == timedelta(days=days)
    assert moved_first["last_modified"].endswith("T09:30:00.000Z")
