"""Running the installation, and the pages anyone can read."""

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Invitation, Role, School

SCHOOL = {
    "slug": "hillside",
    "name": "Hillside Infant School",
    "local_authority": "Northshire County Council",
    "local_offer_url": "https://www.northshire.example/send-local-offer",
    "contact_email": "office@hillside.example",
    "contact_phone": "01632 960 789",
    "brand_colour": "#0b5d1e",
    "default_locale": "en",
}


def test_admin_adds_a_school_and_invites_its_senco(login, app, mailbox):
    admin = login("admin@portal.example")
    response = admin.submit("/admin/schools/new", SCHOOL)
    assert response.status_code == 302
    page = admin.get(response.headers["Location"])
    assert "Hillside Infant School" in page.text
    school_path = response.headers["Location"]
    invite = admin.submit(
        school_path + "/senco",
        {"senco-full_name": "Grace Obi", "senco-email": "grace@hillside.example"},
        page=school_path,
    )
    assert invite.status_code == 302
    assert len(mailbox.to("grace@hillside.example")) == 1
    with app.app_context():
        school = db.session.scalars(sa.select(School).where(School.slug == "hillside")).one()
        invitation = db.session.scalars(sa.select(Invitation)).one()
        assert invitation.school_id == school.id and invitation.role is Role.SENCO
    assert "Hillside Infant School" in admin.get("/admin/schools").text


def test_school_form_checks_its_fields(login):
    admin = login("admin@portal.example")
    bad = admin.submit(
        "/admin/schools/new",
        dict(
            SCHOOL, slug="Oak field!", brand_colour="#ffff00", local_offer_url="not a url", name=""
        ),
    )
    assert bad.status_code == 400
    assert "Use lower-case letters, numbers and hyphens only" in bad.text
    assert "too light for white text" in bad.text
    assert "Enter a full web address" in bad.text
    assert "Enter the school" in bad.text
    taken = admin.submit("/admin/schools/new", dict(SCHOOL, slug="oakfield"))
    assert taken.status_code == 400 and "Another school already uses" in taken.text


def test_only_the_platform_admin_manages_schools(login):
    for email in ("senco@oakfield.example", "parent@oakfield.example", "teacher@oakfield.example"):
        client = login(email)
        assert client.get("/admin/schools").status_code == 403
        assert client.get("/admin/schools/new").status_code == 403


def test_public_pages_need_no_sign_in_and_show_no_pupil_data(client, demo):
    for url in ("/", "/login", "/accessibility", "/privacy", "/help/words", "/password/forgotten"):
        response = client.get(url)
        assert response.status_code == 200, url
        for name in ("Amelia", "Jayden", "Zofia", "Yusuf", "Tyler"):
            assert name not in response.text, (url, name)


def test_glossary_explains_the_words_families_meet(client, demo):
    page = client.get("/help/words").text
    for term in (
        "SEN support",
        "EHC plan",
        "SENCO",
        "Outcome",
        "Provision",
        "Local Offer",
        "SENDIASS",
        "Review",
    ):
        assert term in page, term


def test_not_found_page_is_in_the_layout_and_translated(client, demo):
    page = client.get("/nothing-here", headers={"Accept-Language": "ur"})
    assert page.status_code == 404
    assert 'dir="rtl"' in page.text and 'class="skip-link"' in page.text


def test_health_check(client, demo):
    assert client.get("/healthz").json["status"] == "ok"


def test_parent_child_page_explains_in_family_words(login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    page = login("parent@oakfield.example").get(f"/families/children/{amelia.id}").text
    assert "Finds some parts of learning hard, like reading, spelling or maths" in page
    assert "SEN support" in page and "Priya Shah" in page
    assert "SPLD" not in page  # codes are for staff; families read words


def test_parent_home_runs_a_fixed_number_of_queries(login, app, demo):
    from tests.querycount import count_queries

    sarah = login("parent@oakfield.example")
    sarah.get("/families/")
    with app.app_context(), count_queries(db.engine) as statements:
        sarah.get("/families/")
    # Who is signed in, with their roles (1), the children with their school and their
    # needs (2), meetings to come with their requests and each request's views (2), plans
    # waiting for an answer (1), the audit of the reads (1); tests/test_family_walkthrough.py
    # checks the count does not grow with children, tests/test_family_page_work.py with
    # history.
    assert len(statements) == 7, statements
