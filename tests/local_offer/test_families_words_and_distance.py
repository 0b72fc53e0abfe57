"""The Local Offer as families use it (issue 16): their own words in their own language find
the help ("logopeda" finds speech therapy), Back returns to the child's list, and services
sort by distance from the child's school, in miles or kilometres as the page's language
says them. Schools set where they are on their settings page; feeds bring the rest."""

import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from portal.extensions import db
from portal.local_offer import importer
from portal.models import School, Service, ServiceLocation

DEMO_URL = "/schools/oakfield/local-offer"
SALT = "Children's Speech and Language Therapy"


def titles(html: str) -> list[str]:
    found = re.findall(r'<h3 class="service-result__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)
    return [t.replace("&#39;", "'").replace("&amp;", "&") for t in found]


def distances(html: str) -> list[str]:
    return re.findall(r'<p class="service-result__distance">([^<]+)</p>', html)


# --- Families' own words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("logopeda", "pl"),
        ("logopedia", "pl"),
        ("Szukam logopedy", "pl"),  # another ending
        ("terapia mowy", "pl"),  # two words that together name the help
        ("logopeda", "en"),  # a Polish word typed on an English page
        ("اسپیچ تھراپی", "ur"),
        ("speech therapy", "en"),
    ],
)
def test_families_find_speech_therapy_in_their_own_words(client, demo, typed, language):
    html = client.get(DEMO_URL, query_string={"q": typed}, headers={"Accept-Language": language})
    assert html.status_code == 200
    assert titles(html.text)[0] == SALT, titles(html.text)


def test_the_words_come_from_each_languages_glossary():
    from portal.local_offer import synonyms

    [term] = synonyms.terms("logopeda", "pl")
    assert ("speech", "therapy") in term.alternatives and ("salt",) in term.alternatives
    # Words that are no kind of help are searched as they are.
    assert synonyms.terms("youth", "en")[0].alternatives == ()
    assert synonyms.same_word("logopedy", "logopeda")
    assert not synonyms.same_word("mowy", "mowa")  # too short to guess an ending


def test_a_word_in_no_glossary_still_finds_nothing_new(client, demo):
    html = client.get(DEMO_URL, query_string={"q": "zzyzx"}).text
    assert titles(html) == []


def test_a_search_in_polish_runs_as_many_queries_as_one_in_english(
    app, client, demo, count_queries
):
    def queries(q: str, language: str) -> int:
        with count_queries() as statements:
            client.get(DEMO_URL, query_string={"q": q}, headers={"Accept-Language": language})
        return len(statements)

    client.get(DEMO_URL)
    assert queries("logopeda", "pl") == queries("speech therapy", "en")


# --- Back to the child's list --------------------------------------------------------------


def test_back_from_a_service_opened_from_the_childs_list_returns_to_it(login, demo):
    sarah = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    child_list = f"/families/children/{amelia.id}/services"
    html = sarah.get(child_list, query_string={"q": "reading"}).text
    link = re.search(r'<h3 class="service-result__title"><a href="([^"]+)"', html).group(1)
    link = link.replace("&amp;", "&")
    assert f"child={amelia.id}" in link
    service = sarah.get(link).text
    back = re.search(r'<main.*?<a href="([^"]+)"', service, re.S).group(1).replace("&amp;", "&")
    assert back.startswith(child_list) and "q=reading" in back

    # Someone else's child, or nobody signed in: back to the school's directory.
    tyler_link = re.sub(r"child=\d+", f"child={demo.pupil('Tyler', 'Brooks').id}", link)
    other = sarah.get(tyler_link).text
    assert re.search(r'<main.*?<a href="/schools/oakfield/local-offer', other, re.S)


def test_back_for_someone_not_signed_in_goes_to_the_directory(client, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    with client.application.app_context():
        service_id = db.session.scalar(sa.select(Service.id).where(Service.name == SALT).limit(1))
    html = client.get(f"{DEMO_URL}/services/{service_id}?child={amelia.id}&q=speech").text
    back = re.search(r'<main.*?<a href="([^"]+)"', html, re.S).group(1)
    assert back.startswith(DEMO_URL) and "families" not in back


# --- Distance from the child's school -------------------------------------------------------


def test_services_sort_by_distance_from_the_school(app, client, demo):
    html = client.get(DEMO_URL, query_string={"sort": "distance"}).text
    assert 'name="sort"' in html and "Nearest to the school" in html
    shown = distances(html)
    assert shown and all(d.endswith("from Oakfield Primary School") for d in shown)
    miles = [float(re.match(r"([\d.]+) miles?", d).group(1)) for d in shown]
    assert miles == sorted(miles) and miles[0] < 1
    # Every service with a known place comes before those without one.
    with app.app_context():
        school = db.session.scalar(sa.select(School).where(School.slug == "oakfield"))
        placed = db.session.scalars(
            sa.select(Service.name)
            .join(ServiceLocation)
            .where(Service.school_id == school.id, ServiceLocation.latitude.is_not(None))
        ).all()
    assert set(titles(html)) <= set(placed)


def test_the_childs_list_sorts_by_distance_in_the_pages_language(login, demo):
    katarzyna = login("rodzic@oakfield.example")
    zofia = demo.pupil("Zofia", "Nowak")
    html = katarzyna.get(f"/families/children/{zofia.id}/services?sort=distance").text
    shown = distances(html)
    assert shown and all("km" in d or "kilometr" in d for d in shown), shown
    assert all("od szkoły Oakfield Primary School" in d for d in shown)
    # The order is kept in the links, so Back and the next page keep it too.
    assert "sort=distance" in html


def test_no_sort_by_distance_when_the_school_has_not_said_where_it_is(app, client, demo):
    with app.app_context():
        school = db.session.scalar(sa.select(School).where(School.slug == "oakfield"))
        school.latitude = school.longitude = None
        db.session.commit()
    html = client.get(DEMO_URL, query_string={"sort": "distance"}).text
    assert 'name="sort"' not in html and not distances(html)
    assert titles(html)  # the directory still lists everything, by name


def test_distances_are_measured_over_the_earth():
    from portal.local_offer import distance

    # Ashbridge to Kelby in the demo county: 13.98 km, about 8.7 miles.
    km = distance.km_between((52.9262, -1.2231), (53.0071, -1.0634))
    assert 13.9 < km < 14.05
    # One degree of latitude is about 111 km anywhere.
    assert 111.0 < distance.km_between((52.0, -1.0), (53.0, -1.0)) < 111.4
    with pytest.raises(distance.NotAPlace) as swapped:
        distance.parse("-1.2231, 52.9262")
    assert swapped.value.reason == "outside"
    assert distance.parse("52.9262,-1.2231") == (52.9262, -1.2231)


def test_a_feeds_latitude_and_longitude_are_imported(ctx, school):
    elmwood = db.session.scalar(sa.select(School).where(School.slug == "elmwood"))
    place = {"id": "loc-1", "name": "Hub", "latitude": "52.95", "longitude": -1.15}
    nowhere = {"id": "loc-2", "name": "Nowhere", "latitude": 100, "longitude": 101}
    document = [
        {"id": "s1", "name": "Speech group", "service_at_locations": [{"location": place}]},
        {"id": "s2", "name": "Odd place", "service_at_locations": [{"location": nowhere}]},
    ]
    result = importer.import_document(elmwood, document)
    assert not result.skipped
    hub, odd = (
        db.session.scalars(sa.select(Service).where(Service.oruk_id == i)).one().locations[0]
        for i in ("s1", "s2")
    )
    assert (hub.latitude, hub.longitude) == (52.95, -1.15)
    assert (odd.latitude, odd.longitude) == (None, None)  # not a place on Earth: ignored


def test_staff_give_a_typed_in_service_its_place_on_a_map(app, login, demo):
    from tests.local_offer.test_directory_pages import VALID

    senco = login("senco@oakfield.example")
    bad = senco.submit("/local-offer/manage/new", {**VALID, "coordinates": "near the park"})
    assert bad.status_code == 400
    assert "Enter the latitude and longitude as a map gives them" in bad.text
    assert 'value="near the park"' in bad.text
    done = senco.submit("/local-offer/manage/new", {**VALID, "coordinates": "52.9545, -1.1521"})
    assert done.status_code == 302
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.name == VALID["name"]))
        place = service.locations[0]
        assert (place.latitude, place.longitude) == (52.9545, -1.1521)
    assert 'value="52.9545, -1.1521"' in senco.get(done.location).text


def test_the_school_says_where_it_is_on_its_settings_page(app, login, demo):
    admin = login("admin@portal.example")
    oakfield = demo.school("oakfield")
    url = f"/admin/schools/{oakfield.id}"
    page = admin.get(url).text
    assert "Where the school is (optional)" in page and 'value="52.9262, -1.2231"' in page
    form = {
        "name": oakfield.name,
        "local_authority": oakfield.local_authority or "",
        "local_offer_url": oakfield.local_offer_url or "",
        "contact_email": oakfield.contact_email or "",
        "contact_phone": oakfield.contact_phone or "",
        "brand_colour": oakfield.brand_colour or "",
        "default_locale": "en",
    }
    swapped = admin.submit(url, {**form, "location": "-1.2231, 52.9262"})
    assert swapped.status_code == 400
    assert "This place is not in the UK" in swapped.text

    # A postcode is looked up among the directory's own places, never elsewhere.
    unknown = admin.submit(url, {**form, "location": "ZZ9 9ZZ"})
    assert unknown.status_code == 400 and "No service in your Local Offer" in unknown.text
    found = admin.submit(url, {**form, "location": "NS4 2QT"})  # Ashbridge Family Hub
    assert found.status_code == 302
    with app.app_context():
        school = db.session.get(School, oakfield.id)
        assert (school.latitude, school.longitude) == (52.9219, -1.2318)

    cleared = admin.submit(url, {**form, "location": ""})
    assert cleared.status_code == 302
    with app.app_context():
        assert db.session.get(School, oakfield.id).location is None


def test_a_distance_reads_as_the_language_writes_it(app):
    from portal.local_offer.display import length

    with app.test_request_context():
        with force_locale("en_GB"):
            assert length(2.3) == "1.4 miles"
        with force_locale("pl"):
            assert length(2.3) == "2,3 kilometra"
        with force_locale("ur"):
            assert "کلو میٹر" in length(2.3)


def test_the_languages_a_service_speaks_are_named_in_the_pages_language(app, client, demo):
    """The names are the page's words ("بنگلہ" on an Urdu page), so they are not marked as
    the language they name: a screen reader would read Urdu letters with a Bengali voice."""
    with app.app_context():
        service_id = next(
            s.id for s in db.session.scalars(sa.select(Service)) if "bn" in s.language_list
        )
    html = client.get(f"{DEMO_URL}/services/{service_id}", headers={"Accept-Language": "ur"}).text
    assert "بنگلہ" in html
    assert not re.search(r'lang="bn"[^>]*>\s*بنگلہ', html)
