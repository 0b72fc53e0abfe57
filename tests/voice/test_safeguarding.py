"""A pupil who does not feel safe reaches the school's safeguarding lead at once, and nobody else."""

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    AlertSource,
    AuditEvent,
    Membership,
    Pupil,
    Role,
    SafeguardingLead,
    SafetyAlert,
    School,
    User,
)
from portal.safeguarding import services


def one(model, **where):
    return db.session.scalars(sa.select(model).filter_by(**where)).one()


def raise_for(app, given, *, source=AlertSource.FEELING_UNSAFE, source_id=7, by=None):
    with app.test_request_context():
        pupil = one(Pupil, given_name=given)
        raiser = one(User, email=by) if by else pupil.user
        return services.raise_safety_alert(pupil, source, source_id=source_id, raised_by=raiser).id


def test_each_demo_school_has_its_lead(app, demo):
    with app.app_context():
        oakfield, riverside = one(School, slug="oakfield"), one(School, slug="riverside")
        assert [u.email for u in services.safeguarding_leads(oakfield)] == ["head@oakfield.example"]
        assert [u.email for u in services.safeguarding_leads(riverside)] == [
            "senco@riverside.example"
        ]
        helen = one(User, email="head@oakfield.example")
        assert helen.full_name == "Helen Price"
        assert [(m.role, m.title) for m in helen.memberships] == [(Role.TEACHER, "Headteacher")]


def test_the_alert_reaches_the_lead_and_nobody_else(app, demo, mailbox):
    alert_id = raise_for(app, "Amelia", by="teacher@oakfield.example")
    assert [m["To"] for m in mailbox.messages] == ["head@oakfield.example"]
    message = mailbox.messages[0]
    body = mailbox.body(message)
    assert mailbox.link(message, "/safeguarding/") == f"/safeguarding/alerts/{alert_id}"
    for detail in ("Amelia", "Clarke", "Tom", "Year 3", "safe at school?"):
        assert detail not in body and detail not in message["Subject"]
    assert message["Subject"] == "Safeguarding: a pupil may not feel safe. Please look now."
    with app.app_context():
        alert = db.session.get(SafetyAlert, alert_id)
        assert alert.is_open and not alert.sent_to_sencos
        assert alert.raised_by.email == "teacher@oakfield.example"
        assert alert.school.slug == "oakfield"
        assert (
            db.session.scalar(
                sa.select(AuditEvent.pupil_id).where(AuditEvent.action == "safety_alert.raise")
            )
            == alert.pupil_id
        )


def test_riversides_lead_is_its_senco(app, demo, mailbox):
    raise_for(app, "Tyler")
    assert [m["To"] for m in mailbox.messages] == ["senco@riverside.example"]


def test_the_same_answer_raises_one_alert_until_it_is_dealt_with(app, demo, mailbox):
    first = raise_for(app, "Amelia", source_id=7)
    assert raise_for(app, "Amelia", source_id=7) == first
    assert len(mailbox.messages) == 1
    other = raise_for(app, "Amelia", source=AlertSource.WORRY_UNSAFE, source_id=7)
    assert other != first and len(mailbox.messages) == 2
    with app.test_request_context():
        alert = db.session.get(SafetyAlert, first)
        services.deal_with(alert, one(User, email="head@oakfield.example"), "Spoke with her.")
    assert raise_for(app, "Amelia", source_id=7) != first
    assert len(mailbox.messages) == 3


def test_with_no_lead_named_the_senco_hears_instead(app, demo, mailbox):
    with app.app_context():
        db.session.execute(sa.delete(SafeguardingLead))
        db.session.commit()
    alert_id = raise_for(app, "Zofia", by="teacher@oakfield.example")
    assert [m["To"] for m in mailbox.messages] == ["senco@oakfield.example"]
    assert "has not named a designated safeguarding lead" in mailbox.body(mailbox.messages[0])
    with app.app_context():
        assert db.session.get(SafetyAlert, alert_id).sent_to_sencos


def test_a_lead_who_has_left_the_staff_is_not_told(app, demo, mailbox):
    with app.app_context():
        membership = one(Membership, role=Role.TEACHER, title="Headteacher")
        membership.active = False
        db.session.commit()
        assert services.safeguarding_leads(one(School, slug="oakfield")) == []
    raise_for(app, "Amelia")
    assert [m["To"] for m in mailbox.messages] == ["senco@oakfield.example"]


def test_only_staff_can_be_leads(app, demo):
    with app.app_context():
        with pytest.raises(ValueError):
            services.add_lead(
                one(School, slug="oakfield"), one(User, email="parent@oakfield.example"), by=None
            )
        with pytest.raises(ValueError):  # staff, but at the other school
            services.add_lead(
                one(School, slug="oakfield"), one(User, email="senco@riverside.example"), by=None
            )
        priya = one(User, email="senco@oakfield.example")
        oakfield = one(School, slug="oakfield")
        services.add_lead(oakfield, priya, by=None)
        services.add_lead(oakfield, priya, by=None)  # twice is once
        db.session.commit()
        assert [u.email for u in services.safeguarding_leads(oakfield)] == [
            "head@oakfield.example",
            "senco@oakfield.example",
        ]
        services.remove_lead(oakfield, priya, by=None)
        db.session.commit()
        assert len(services.safeguarding_leads(oakfield)) == 1


def test_the_lowest_face_for_feeling_safe_raises_an_alert(app, demo, mailbox):
    with app.test_request_context():
        pupil = one(Pupil, given_name="Tyler")
        for face in ("very_happy", "happy", "ok", "sad", "not_sure", "rather_not_say"):
            assert (
                services.alert_if_unsafe(pupil, {"safe": face}, views_id=3, by=pupil.user) is None
            )
        assert services.alert_if_unsafe(pupil, {"school": "very_sad"}, views_id=3, by=None) is None
        alert = services.alert_if_unsafe(pupil, {"safe": "very_sad"}, views_id=3, by=pupil.user)
        assert alert.source is AlertSource.FEELING_UNSAFE and alert.source_id == 3
    assert len(mailbox.messages) == 1


def test_the_lead_opens_the_alert_and_says_what_they_did(app, demo, login, mailbox):
    alert_id = raise_for(app, "Amelia", by="teacher@oakfield.example")
    path = mailbox.link(mailbox.messages[0], "/safeguarding/")
    helen = login("head@oakfield.example")

    home = helen.get("/staff/").get_data(as_text=True)
    assert 'href="/safeguarding/alerts"' in home  # at the top of her navigation
    listing = helen.get("/safeguarding/alerts").get_data(as_text=True)
    assert "Amelia Clarke" in listing and "Not opened yet." in listing

    page = helen.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Amelia Clarke" in html and "Tom Evans" in html and "Sarah Clarke" in html
    assert "Childline" in html and "999" in html
    with app.app_context():
        alert = db.session.get(SafetyAlert, alert_id)
        assert alert.first_seen_by.email == "head@oakfield.example"
        first_seen = alert.first_seen_at
    # Opened again: the first look is kept; each read is audited, naming the alert.
    assert helen.get(path).status_code == 200
    with app.app_context():
        assert db.session.get(SafetyAlert, alert_id).first_seen_at == first_seen
        reads = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "safety_alert.view")
        ).all()
        assert [(e.object_type, e.object_id) for e in reads] == [("SafetyAlert", alert_id)] * 2

    empty = helen.submit(path, {"note": "   "})
    assert empty.status_code == 400
    assert "Say what you have done about this alert" in empty.get_data(as_text=True)
    done = helen.submit(path, {"note": "Spoke with Amelia and her mum today."})
    assert done.status_code == 302 and done.location.endswith("/safeguarding/alerts")
    with app.app_context():
        alert = db.session.get(SafetyAlert, alert_id)
        assert not alert.is_open and alert.dealt_with_by.email == "head@oakfield.example"
        assert alert.action_note == "Spoke with Amelia and her mum today."
    again = helen.get(path).get_data(as_text=True)
    assert "Spoke with Amelia and her mum today." in again and 'name="note"' not in again


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("senco@oakfield.example", 404),  # the SENCO, not the lead
        ("teacher@oakfield.example", 404),
        ("senco@riverside.example", 404),  # a lead, of another school
        ("parent@oakfield.example", 404),  # the address names an alert: 404, not 403
        ("tyler@riverside.example", 404),
    ],
)
def test_nobody_else_opens_an_alert(app, demo, login, email, status):
    alert_id = raise_for(app, "Amelia")
    client = login(email)
    assert client.get(f"/safeguarding/alerts/{alert_id}").status_code == status
    listing = client.get("/safeguarding/alerts")
    if email == "senco@riverside.example":  # their own school's list, without Amelia
        assert listing.status_code == 200 and "Amelia" not in listing.get_data(as_text=True)
    elif email in ("parent@oakfield.example", "tyler@riverside.example"):
        assert listing.status_code == 403  # a staff page, naming nothing
    else:
        assert listing.status_code == status
    if email in ("senco@oakfield.example", "teacher@oakfield.example"):
        assert 'href="/safeguarding/alerts"' not in client.get("/").get_data(as_text=True)


def test_talk_now_names_people_the_pupil_knows(app, demo):
    with app.app_context():
        amelia = one(Pupil, given_name="Amelia")
        assert services.people_to_talk_to(amelia) == ["Tom Evans", "Helen Price", "Priya Shah"]
        tyler = one(Pupil, given_name="Tyler")
        assert services.people_to_talk_to(tyler) == ["David Okafor"]


def test_the_email_is_in_the_leads_language(app, demo, mailbox):
    with app.app_context():
        helen = one(User, email="head@oakfield.example")
        helen.locale = "pl"
        db.session.commit()
    raise_for(app, "Amelia")
    message = mailbox.messages[0]
    assert message["Content-Language"] == "pl"
    assert re.search(r"/safeguarding/alerts/\d+", mailbox.body(message))


def test_the_senco_names_and_removes_leads_on_the_staff_page(app, demo, login, mailbox):
    priya = login("senco@oakfield.example")
    with app.app_context():
        tom = one(Membership, role=Role.TEACHER, title="Class teacher")
        helen = one(Membership, role=Role.TEACHER, title="Headteacher")
        tom_id, helen_id = tom.id, helen.id
    page = priya.get("/senco/staff").get_data(as_text=True)
    assert "Designated safeguarding leads" in page
    assert f'action="/safeguarding/leads/{helen_id}"' in page
    assert "Remove as lead: Helen Price" in page and "Name as lead: Tom Evans" in page

    named = priya.submit(f"/safeguarding/leads/{tom_id}", {"lead": "1"}, page="/senco/staff")
    assert named.status_code == 302 and named.location.endswith("/senco/staff#leads")
    removed = priya.submit(f"/safeguarding/leads/{helen_id}", {"lead": "0"}, page="/senco/staff")
    assert removed.status_code == 302
    page = priya.get("/senco/staff").get_data(as_text=True)
    assert "Tom Evans is now a safeguarding lead." in page or "Remove as lead: Tom Evans" in page
    with app.app_context():
        oakfield = one(School, slug="oakfield")
        assert [u.email for u in services.safeguarding_leads(oakfield)] == [
            "teacher@oakfield.example"
        ]
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(
                AuditEvent.action.like("safeguarding_lead.%"),
                AuditEvent.actor_id == one(User, email="senco@oakfield.example").id,
            )
        ).all()
        assert sorted(actions) == ["safeguarding_lead.add", "safeguarding_lead.remove"]
    raise_for(app, "Amelia")
    assert [m["To"] for m in mailbox.messages] == ["teacher@oakfield.example"]

    # Someone whose access was removed is not named; another school's staff is not found.
    with app.app_context():
        db.session.get(Membership, helen_id).active = False
        db.session.commit()
    refused = priya.submit(f"/safeguarding/leads/{helen_id}", {"lead": "1"}, page="/senco/staff")
    assert "Restore Helen Price" in priya.get(refused.location).get_data(as_text=True)
    with app.app_context():
        other = one(
            Membership, role=Role.SENCO, user_id=one(User, email="senco@riverside.example").id
        )
        other_id = other.id
    assert (
        priya.submit(
            f"/safeguarding/leads/{other_id}", {"lead": "1"}, page="/senco/staff"
        ).status_code
        == 404
    )
    tom_client = login("teacher@oakfield.example")
    assert (
        tom_client.submit(
            f"/safeguarding/leads/{tom_id}", {"lead": "0"}, page="/staff/"
        ).status_code
        == 404  # not a SENCO: an address naming someone answers as if nobody (issue 9)
    )
