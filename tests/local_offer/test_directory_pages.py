"""The pages around the directory: public pages, a child's services, reports, staff, SEN report.

Over 400 lines: one story per page of the directory, each short; they share fixtures.
"""

import logging
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    AuditEvent,
    EmailMessage,
    OutOfDateReport,
    Pupil,
    Role,
    School,
    SenInformationReport,
    Service,
    ServiceStatus,
    today,
    utcnow,
)


def titles(html: str) -> list[str]:
    found = re.findall(r'<h3 class="service-result__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)
    return [t.replace("&#39;", "'") for t in found]


def service_id(app, name: str, slug: str = "oakfield") -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(Service.id)
            .join(School, School.id == Service.school_id)
            .where(Service.name == name, School.slug == slug)
        )


# --- Public pages -----------------------------------------------------------------------------


def public_urls(app) -> list[str]:
    urls = []
    with app.app_context():
        for school in db.session.scalars(sa.select(School)):
            base = f"/schools/{school.slug}"
            urls += [
                base,
                f"{base}/local-offer",
                f"{base}/local-offer?q=autism&age=7",
                f"{base}/local-offer?area=semh&free=y&page=2",
                f"{base}/sen-information-report",
            ]
            for sid in db.session.scalars(
                sa.select(Service.id).where(Service.school_id == school.id)
            ):
                urls += [
                    f"{base}/local-offer/services/{sid}",
                    f"{base}/local-offer/services/{sid}/out-of-date",
                ]
    return urls


def test_public_pages_need_no_sign_in_and_reveal_no_pupil_data(app, client, demo):
    with app.app_context():
        pupils = db.session.scalars(sa.select(Pupil)).all()
        names = {p.given_name for p in pupils} | {p.family_name for p in pupils}
        upns = {p.upn for p in pupils if p.upn}
    # Names that are also words on public pages (a service is "Brooks"-free, but check).
    urls = public_urls(app)
    assert len(urls) > 100
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", html), (url, name)
        for upn in upns:
            assert upn not in html, url
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.pupil_id.is_not(None))
            )
            == 0
        )


def test_the_start_page_links_each_schools_help_page(client, demo):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/schools/oakfield"' in html and 'href="/schools/riverside"' in html
    page = client.get("/schools/oakfield").get_data(as_text=True)
    assert 'href="/schools/oakfield/local-offer"' in page
    assert 'href="/schools/oakfield/sen-information-report"' in page
    assert 'href="https://www.northshire.example/send-local-offer"' in page
    assert "The Local Offer website of Northshire County Council" in page


def test_another_schools_public_page_carries_that_schools_name(login, demo):
    parent = login("parent@oakfield.example")  # a parent at Oakfield
    page = parent.get("/schools/riverside/local-offer").get_data(as_text=True)
    header = page.split('class="header__name"', 1)[1].split("</a>", 1)[0]
    assert "Riverside Academy" in header and "Oakfield" not in header
    assert "– Riverside Academy</title>" in page
    home = parent.get("/families/").get_data(as_text=True)
    assert "Oakfield Primary School" in home.split('class="header__name"', 1)[1].split("</a>")[0]


def test_a_service_page_shows_everything_a_family_needs(app, client, demo):
    sid = service_id(app, "Children's Speech and Language Therapy")
    html = client.get(f"/schools/oakfield/local-offer/services/{sid}").get_data(as_text=True)
    for text in (
        "Run by Northshire Children&#39;s Community Health (NHS)",
        "Last checked",
        "Up to age 18",
        "Communication and interaction",
        "Speech, language and communication needs",
        "You can contact them yourself",
        'href="tel:01632960201"',
        'href="mailto:salt@northshire-health.example"',
        "Northam Child Development Centre",
        "NS1 4AB",
        # Named in the page's language, so not marked as the language named.
        '<dd class="summary__value">English, Polish and Urdu</dd>',
        "Tell us this entry is out of date",
    ):
        assert text in html, text
    assert "Not checked for over a year" not in html


def test_an_old_entry_is_marked_and_families_are_told_to_check(app, client, demo):
    sid = service_id(app, "Northshire Wheelchair Service")
    html = client.get(f"/schools/oakfield/local-offer/services/{sid}").get_data(as_text=True)
    assert "Not checked for over a year" in html
    assert "Contact the service before you go." in html


def test_hidden_services_have_no_public_page(app, client, demo):
    sid = service_id(app, "Children's Physiotherapy")
    with app.app_context():
        db.session.get(Service, sid).status = ServiceStatus.INACTIVE
        db.session.commit()
    assert client.get(f"/schools/oakfield/local-offer/services/{sid}").status_code == 404
    assert (
        client.get(f"/schools/oakfield/local-offer/services/{sid}/out-of-date").status_code == 404
    )


def test_a_website_that_is_not_http_never_becomes_a_link(app, client, demo):
    sid = service_id(app, "Children's Physiotherapy")
    with app.app_context():
        db.session.get(Service, sid).website = "javascript:alert(1)"
        db.session.commit()
    html = client.get(f"/schools/oakfield/local-offer/services/{sid}").get_data(as_text=True)
    assert "javascript:" not in html


# --- "Tell us this is out of date" ------------------------------------------------------------


def test_anyone_can_say_an_entry_is_out_of_date_and_the_senco_is_emailed(
    app, demo, caplog, mailbox
):
    client = app.test_client()
    sid = service_id(app, "Portage Home Visiting")
    url = f"/schools/oakfield/local-offer/services/{sid}/out-of-date"
    note = "The phone number now goes to a different team."
    with caplog.at_level(logging.WARNING, logger="portal.mail"):
        # A phone adds a space after an autocompleted address: it is trimmed, as everywhere.
        response = client.submit(url, {"note": note, "reply_email": "mum@example.org "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/local-offer/services/{sid}")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We have told the school&#39;s staff" in thanks
    with app.app_context():
        report = db.session.scalars(
            sa.select(OutOfDateReport).where(OutOfDateReport.service_id == sid)
        ).one()
        assert (report.note, report.reply_email, report.staff_emailed) == (
            note,
            "mum@example.org",
            True,
        )
        emails = db.session.scalars(
            sa.select(EmailMessage).where(EmailMessage.kind == "local_offer.out_of_date")
        ).all()
        assert [e.to_address for e in emails] == ["senco@oakfield.example"]
    [message] = mailbox.to("senco@oakfield.example")
    assert mailbox.link(message, f"/local-offer/manage/{sid}")
    assert "different team" not in mailbox.body(message)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "different team" not in logged and "mum@example.org" not in logged

    # A second note the same day is kept for staff, without another email.
    client.submit(url, {"note": "Also the address is wrong."})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(EmailMessage.id))) == 1
        assert (
            db.session.scalar(
                sa.select(sa.func.count(OutOfDateReport.id)).where(
                    OutOfDateReport.service_id == sid
                )
            )
            == 2
        )


def test_a_flood_of_out_of_date_notes_is_refused_with_what_was_typed_kept(app, demo):
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count(OutOfDateReport.id)))
    app.config["OUT_OF_DATE_HOURLY_LIMIT"] = 2  # in the last hour; the demo's note is older
    client = app.test_client()
    sid = service_id(app, "Portage Home Visiting")
    url = f"/schools/oakfield/local-offer/services/{sid}/out-of-date"
    for n in range(2):
        assert client.submit(url, {"note": f"Note {n}"}).status_code == 302
    response = client.submit(url, {"note": "The group now meets on Tuesdays."})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Please try again later, or phone the school." in page
    assert 'class="error-summary"' in page
    assert "The group now meets on Tuesdays." in page  # kept in the box
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(OutOfDateReport.id))) == before + 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": ""}, "Tell us what is wrong or out of date"),
        ({"note": "x" * 1001}, "Use 1,000 characters or fewer"),
        (
            {"note": "Closed", "reply_email": "not-an-email"},
            "Enter an email address like name@example.com",
        ),
    ],
)
def test_an_out_of_date_note_is_checked(app, client, demo, data, message):
    sid = service_id(app, "Portage Home Visiting")
    response = client.submit(f"/schools/oakfield/local-offer/services/{sid}/out-of-date", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html
    if data.get("reply_email"):
        assert 'value="not-an-email"' in html


def test_staff_see_reports_on_the_edit_page_and_deal_with_them(app, login):
    client = login("senco@oakfield.example")
    sid = service_id(app, "Sensory Story Time")
    html = client.get(f"/local-offer/manage/{sid}").get_data(as_text=True)
    assert "1 report that this entry is out of date" in html
    assert "moved to Thursday mornings" in html
    manage = client.get("/local-offer/manage?show=reported").get_data(as_text=True)
    assert "Sensory Story Time" in manage and "1 open report" in manage
    with app.app_context():
        report_id = db.session.scalar(
            sa.select(OutOfDateReport.id).where(OutOfDateReport.service_id == sid)
        )
    response = client.submit(
        f"/local-offer/manage/{sid}/reports/{report_id}/resolve",
        {},
        page=f"/local-offer/manage/{sid}",
    )
    assert response.status_code == 302
    assert "out of date" not in client.get(f"/local-offer/manage/{sid}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(OutOfDateReport, report_id).resolved_at is not None


# --- A child's services -----------------------------------------------------------------------


def test_a_parent_gets_services_picked_for_the_childs_needs_and_age(app, login, demo):
    client = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")  # SPLD, cognition and learning, about 7
    child_page = client.get(f"/families/children/{amelia.id}").get_data(as_text=True)
    link = f"/families/children/{amelia.id}/services"
    assert f'href="{link}"' in child_page
    html = client.get(link).get_data(as_text=True)
    found = titles(html)
    # A service for her exact need comes first; services for any need are included.
    assert found[0] in {"Dyslexia Support Northshire", "Learning Support Service"}
    assert {"Dyslexia Support Northshire", "Learning Support Service"} <= set(found[:2])
    everything = set(found)
    page = 2
    while f"page={page}" in html:
        html = client.get(link, query_string={"page": page}).get_data(as_text=True)
        everything |= set(titles(html))
        page += 1
    loads = page - 1
    assert "Northshire SENDIASS" in everything
    assert "CAMHS: Child and Adolescent Mental Health Service" not in everything  # SEMH only
    assert "Talk It Through: free counselling for young people" not in everything  # 11 to 25
    assert "Supported Internships" not in everything  # 16 to 24
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(AuditEvent.id)).where(
                    AuditEvent.pupil_id == amelia.id, AuditEvent.action == "pupil.local_offer"
                )
            )
            == loads
        )


def test_a_childs_services_can_be_narrowed_by_words_and_kept_in_the_url(login, demo):
    client = login("parent@oakfield.example")
    jayden = demo.pupil("Jayden", "Clarke")  # ASD
    link = f"/families/children/{jayden.id}/services"
    html = client.get(link, query_string={"q": "outreach"}).get_data(as_text=True)
    assert titles(html) == ["Autism Outreach Team"]
    swap = client.get(link, query_string={"q": "outreach"}, headers={"HX-Request": "true"})
    assert "<html" not in swap.get_data(as_text=True)
    assert titles(swap.get_data(as_text=True)) == ["Autism Outreach Team"]


def test_another_familys_child_is_not_found(login, demo):
    client = login("rodzic@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    assert client.get(f"/families/children/{amelia.id}/services").status_code == 404
    tyler = demo.pupil("Tyler", "Brooks")
    assert (
        login("parent@oakfield.example").get(f"/families/children/{tyler.id}/services").status_code
        == 404
    )


def test_find_help_lists_the_parents_children(login, demo):
    html = login("parent@oakfield.example").get("/find-help").get_data(as_text=True)
    assert "Services that may help Amelia" in html and "Services that may help Jayden" in html
    assert "Zofia" not in html
    assert 'aria-current="page">Find help</a>' in html


def test_a_childs_services_page_runs_a_fixed_number_of_queries(
    app, login, demo, add_service, count_queries
):
    client = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")

    def queries() -> int:
        with count_queries() as statements:
            assert client.get(f"/families/children/{amelia.id}/services").status_code == 200
        return len(statements)

    before = queries()
    for number in range(15):
        add_service("oakfield", f"Reading Club {number}", need_codes=["SPLD"], all_needs=False)
    assert queries() == before


# --- Staff keep the directory -----------------------------------------------------------------


VALID = {
    "name": "Northam Reading Buddies",
    "organisation": "Northam Library",
    "description": "Volunteers read with children who find reading hard.\n\n- Saturdays\n- Free",
    "categories": ["learning", "activities"],
    "need_codes": ["SPLD"],
    "min_age": "5",
    "max_age": "11",
    "cost": "free",
    "access_routes": ["drop_in"],
    "phone": "01632 960 777",
    "email": "reading@northam-library.example",
    "website": "https://www.northam-library.example/buddies",
    "location_name": "Northam Library",
    "address_1": "Market Street",
    "town": "Northam",
    "postcode": "ns1 1ab",
    "languages": ["en", "pl"],
    "keywords": "books, phonics",
    "status": "active",
    "last_checked": today().isoformat(),
}


def test_a_senco_adds_a_service_and_families_can_find_it(app, login, client):
    senco = login("senco@oakfield.example")
    response = senco.submit("/local-offer/manage/new", VALID)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        service = db.session.scalars(
            sa.select(Service).where(Service.name == "Northam Reading Buddies")
        ).one()
        assert service.locations[0].postcode == "NS1 1AB"
        assert [c.value for c in service.need_codes] == ["SPLD"]
        assert service.organisation.name == "Northam Library"
    html = client.get("/schools/oakfield/local-offer", query_string={"q": "phonics"}).get_data(
        as_text=True
    )
    assert titles(html) == ["Northam Reading Buddies"]
    html = client.get(
        "/schools/oakfield/local-offer",
        query_string={"q": "reading buddy", "age": "6", "area": "cognition", "free": "y"},
    ).get_data(as_text=True)
    assert titles(html)[0] == "Northam Reading Buddies"
    assert (
        client.get("/schools/riverside/local-offer", query_string={"q": "buddies"})
        .get_data(as_text=True)
        .count("service-result__title")
        == 0
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter the name of the service"),
        ({"description": ""}, "Describe what the service does"),
        ({"categories": []}, "Choose at least one type of help"),
        ({"need_codes": []}, "Choose who the service helps"),
        ({"min_age": "twelve"}, "Enter the youngest age as a number from 0 to 25"),
        ({"min_age": "12", "max_age": "5"}, "The oldest age must be the same as or above"),
        ({"postcode": "NOPE"}, "Enter a real postcode, like NS1 4AB"),
        ({"website": "javascript:alert(1)"}, "Enter a full web address starting with https://"),
        ({"email": "nope"}, "Enter an email address like name@example.com"),
        (
            {"last_checked": (today() + timedelta(days=3)).isoformat()},
            "The date last checked cannot be in the future",
        ),
        ({"last_checked": "2026-13-45"}, "Enter a real date"),
    ],
)
def test_the_service_form_checks_what_is_typed_and_keeps_it(login, change, message):
    senco = login("senco@oakfield.example")
    response = senco.submit("/local-offer/manage/new", {**VALID, **change})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html
    assert 'value="Northam Library"' in html  # what was typed is kept
    assert html.count('class="error-summary"') == 1


def test_a_senco_edits_an_entry_and_marks_it_checked(app, login):
    senco = login("senco@oakfield.example")
    sid = service_id(app, "Ashbridge Autism Family Group")
    form = senco.get(f"/local-offer/manage/{sid}").get_data(as_text=True)
    assert 'value="Ashbridge Autism Family Group"' in form
    assert re.search(r'<input checked [^>]*value="ASD">', form)
    assert not re.search(r'<input checked [^>]*value="SPLD">', form)
    response = senco.submit(
        f"/local-offer/manage/{sid}",
        {
            **VALID,
            "name": "Ashbridge Autism Families",
            "need_codes": ["ASD"],
            "categories": ["advice"],
            "status": "temporarily closed",
        },
    )
    assert response.status_code == 302
    response = senco.submit(
        f"/local-offer/manage/{sid}/checked", {}, page=f"/local-offer/manage/{sid}"
    )
    assert response.status_code == 302
    with app.app_context():
        service = db.session.get(Service, sid)
        assert service.name == "Ashbridge Autism Families"
        assert service.last_checked == today()
        assert service.status is ServiceStatus.TEMPORARILY_CLOSED
    public = (
        login("parent@oakfield.example")
        .get(f"/schools/oakfield/local-offer/services/{sid}")
        .get_data(as_text=True)
    )
    assert "This service is temporarily closed." in public


def test_only_the_schools_staff_keep_its_directory(app, login):
    sid = service_id(app, "Ashbridge Autism Family Group")
    for email in ("parent@oakfield.example", "teacher@oakfield.example", "tyler@riverside.example"):
        client = login(email)
        assert client.get("/local-offer/manage").status_code == 403, email
        assert client.get(f"/local-offer/manage/{sid}").status_code == 404, email
        assert client.get("/local-offer/report").status_code == 403, email
    other = login("senco@riverside.example")
    assert other.get(f"/local-offer/manage/{sid}").status_code == 404
    assert (
        other.post(
            f"/local-offer/manage/{sid}/checked",
            data={"csrf_token": other.csrf_token("/local-offer/manage")},
        ).status_code
        == 404
    )
    assert "Ashbridge Autism" not in other.get("/local-offer/manage").get_data(as_text=True)


def test_a_school_administrator_can_keep_the_directory(login, demo, make):
    make.person("office@oakfield.example", Role.ADMIN, demo.school("oakfield"), name="Olu Office")
    client = login("office@oakfield.example")
    html = client.get("/local-offer/manage").get_data(as_text=True)
    assert "Local Offer directory" in html and "Sensory Story Time" in html
    assert client.get("/local-offer/report").status_code == 200


def test_the_manage_list_runs_a_fixed_number_of_queries(login, add_service, count_queries):
    senco = login("senco@oakfield.example")

    def queries() -> int:
        with count_queries() as statements:
            assert senco.get("/local-offer/manage").status_code == 200
        return len(statements)

    before = queries()
    for number in range(10):
        add_service("oakfield", f"Extra Group {number}")
    assert queries() == before


# --- The SEN information report ---------------------------------------------------------------


def test_the_published_report_shows_every_section_written(client, demo):
    html = client.get("/schools/oakfield/sen-information-report").get_data(as_text=True)
    html = html.replace("&#39;", "'")
    assert "Last updated" in html and "Priya Shah" in html
    for heading in (
        "The kinds of special educational needs we help with",
        "How we find out about and assess a child's needs",
        "If you are not happy: how to complain",
        "Children looked after by the local authority",
        "The local authority's Local Offer",
    ):
        assert heading in html
    assert html.count('class="report-section"') == 16
    assert 'href="#kinds-of-need"' in html and 'id="kinds-of-need"' in html
    assert 'href="https://www.northshire.example/send-local-offer"' in html
    assert "<li>Cognition and learning, including dyslexia" in html


def test_a_school_without_a_report_says_so(client, school):
    html = client.get("/schools/elmwood/sen-information-report").get_data(as_text=True)
    assert "has not published its SEN information report here yet" in html


def test_the_senco_is_reminded_when_the_report_is_over_a_year_old(app, login):
    riverside = login("senco@riverside.example").get("/senco/").get_data(as_text=True)
    assert "Update your SEN information report" in riverside
    assert "It was last updated on" in riverside
    oakfield = login("senco@oakfield.example").get("/senco/").get_data(as_text=True)
    assert "Update your SEN information report" not in oakfield
    with app.app_context():
        db.session.execute(sa.delete(SenInformationReport))
        db.session.commit()
    oakfield = login("senco@oakfield.example").get("/senco/").get_data(as_text=True)
    assert "has not published its SEN information report here yet" in oakfield


def test_the_senco_updates_the_report(app, login, client):
    from portal.models import ReportSection

    senco = login("senco@riverside.example")
    form = senco.get("/local-offer/report").get_data(as_text=True)
    assert "This report is more than a year old" in form
    data = {
        "senco_name": "David Okafor",
        "senco_email": "senco@riverside.example",
        "senco_phone": "01632 960 456",
        "sen_policy_url": "https://riverside.example/policies/sen",
        "accessibility_plan_url": "https://riverside.example/policies/access",
    }
    data.update({section.value: f"What we do: {section.value}." for section in ReportSection})
    data["kinds_of_need"] = "We help students with all four areas of need.\n\n- Autism\n- Dyslexia"
    response = senco.submit("/local-offer/report", data)
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalars(
            sa.select(SenInformationReport).join(School).where(School.slug == "riverside")
        ).one()
        assert utcnow() - report.updated_at < timedelta(minutes=1)
        assert report.complaints == "What we do: complaints."
    html = client.get("/schools/riverside/sen-information-report").get_data(as_text=True)
    assert "<li>Autism</li>" in html and html.count('class="report-section"') == 16
    assert 'href="https://riverside.example/policies/sen">Our SEN policy</a>' in html
    assert 'href="https://riverside.example/policies/access">Our accessibility plan</a>' in html
    assert "Update your SEN information report" not in senco.get("/senco/").get_data(as_text=True)


def test_a_report_with_a_heading_left_empty_is_not_published(app, login):
    """Code 6.79: every heading is written, and the report links the SEN policy and the
    accessibility plan; each refusal names what is missing."""
    from portal.models import ReportSection

    senco = login("senco@riverside.example")
    data = {
        "senco_name": "David Okafor",
        "senco_email": "senco@riverside.example",
        "sen_policy_url": "",
        "accessibility_plan_url": "https://riverside.example/policies/access",
    }
    data.update({section.value: "Written." for section in ReportSection})
    data["complaints"] = "  "
    response = senco.submit("/local-offer/report", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True).replace("&#39;", "'")
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#complaints">Write this section: ' in summary
    assert "Give the web address of the school's SEN policy" in summary
    assert html.count("Written.</textarea>") == len(ReportSection) - 1  # what was typed is kept
    with app.app_context():
        report = db.session.scalars(
            sa.select(SenInformationReport).join(School).where(School.slug == "riverside")
        ).one()
        assert report.complaints and report.complaints.strip()  # the published one stands


def test_the_report_form_checks_the_senco_contact(login):
    senco = login("senco@riverside.example")
    response = senco.submit("/local-offer/report", {"senco_name": "", "senco_email": "x"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter the SENCO's name" in html.replace("&#39;", "'")
    assert "Enter an email address like name@example.com" in html


def test_the_staff_list_is_paged_and_keeps_what_it_shows(app, login, demo):
    with app.app_context():
        oakfield = db.session.scalar(sa.select(School).where(School.slug == "oakfield"))
        for n in range(30):  # the demo has 30 at Oakfield: 60 in all
            db.session.add(Service(school_id=oakfield.id, name=f"Extra service {n:02d}"))
        db.session.commit()
    senco = login("senco@oakfield.example")
    first = senco.get("/local-offer/manage?show=all").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert 'href="/local-offer/manage?page=2&amp;show=all"' in first
    second = senco.get("/local-offer/manage?show=all&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "Previous page" in second and "Next page" not in second
