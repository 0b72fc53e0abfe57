"""The SENCO's pupil list, adding and editing pupils, staff and the audit log."""

from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.models import AuditEvent, NeedCode, Pupil, PupilNeed, SenStatus
from portal.records.upn import is_valid_upn, make_upn
from tests.querycount import count_queries
from tests.roll import add_pupils

NEW_PUPIL = {
    "given_name": "Ruby",
    "family_name": "Ahmed",
    "preferred_name": "",
    "date_of_birth": "2018-09-30",
    "year_group": "4",
    "upn": "",
    "sen_status": "K",
    "primary_need": "SLCN",
    "secondary_need": "",
    "home_language": "bn",
    "eal": "y",
}


def test_list_filters_by_year_group_and_status(login):
    senco = login("senco@oakfield.example")
    everyone = senco.get("/senco/").text
    assert "9 pupils" in everyone
    # The list itself, not the "needs your attention" panel above it.
    year3 = senco.get("/senco/?year=3").text.split('id="pupil-results"')[1]
    assert "Clarke, Amelia" in year3 and "Hughes, Oliver" in year3 and "Nowak" not in year3
    support = senco.get("/senco/?status=K").text
    assert "4 pupils" in support and "Hughes" not in support
    ehc = senco.get("/senco/?status=E&year=5").text
    assert "1 pupil" in ehc and "Clarke, Jayden" in ehc
    by_name = senco.get("/senco/?q=nowak").text
    assert "Nowak, Zofia" in by_name and "1 pupil" in by_name
    # "%" and "_" are what was typed, not LIKE's "anything" (which matched every pupil).
    for wildcard in ("%25", "_"):
        assert "0 pupils" in senco.get(f"/senco/?q={wildcard}").text
    nonsense = senco.get("/senco/?year=banana&status=Z")
    assert nonsense.status_code == 200 and "9 pupils" in nonsense.text
    # The portal's own words for a name too long, which its catalogs translate (WTForms'
    # own "Field cannot be longer than 100 characters." is English on every page).
    too_long = senco.get("/senco/?q=" + "a" * 101)
    assert too_long.status_code == 200 and "Use 100 characters or fewer" in too_long.text


def test_filters_with_htmx_return_only_the_results(login):
    senco = login("senco@oakfield.example")
    partial = senco.get("/senco/?status=K", headers={"HX-Request": "true"}).text
    assert "<html" not in partial and "4 pupils" in partial
    assert "<table" in partial


def test_pupil_list_runs_a_fixed_number_of_queries(login, app, demo):
    senco = login("senco@oakfield.example")
    senco.get("/senco/")
    with app.app_context(), count_queries(db.engine) as few:
        senco.get("/senco/")
    with app.app_context():
        school = demo.school("oakfield")
        for n in range(40):
            pupil = Pupil(
                school_id=school.id,
                given_name=f"Extra{n}",
                family_name="Pupil",
                date_of_birth=date(2018, 1, 1),
                year_group=4,
                sen_status=SenStatus.SEN_SUPPORT,
            )
            pupil.needs.append(PupilNeed(code=NeedCode.MLD, rank=1))
            db.session.add(pupil)
        db.session.commit()
    with app.app_context(), count_queries(db.engine) as many:
        page = senco.get("/senco/").text
    assert "49 pupils" in page
    assert len(many) == len(few), (len(few), len(many))


def test_add_a_pupil_with_needs(login, app):
    senco = login("senco@oakfield.example")
    response = senco.submit("/senco/pupils/new", NEW_PUPIL)
    assert response.status_code == 302
    page = senco.get(response.headers["Location"]).text
    assert "Ruby Ahmed" in page and "Speech, language and communication needs" in page
    with app.app_context():
        ruby = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Ruby")).one()
        assert ruby.eal and ruby.home_language == "bn"
        assert [n.code for n in ruby.needs] == [NeedCode.SLCN]
        assert db.session.scalar(
            sa.select(AuditEvent.action).where(
                AuditEvent.pupil_id == ruby.id, AuditEvent.action == "pupil.create"
            )
        )


def test_pupil_form_errors_keep_what_was_typed(login):
    senco = login("senco@oakfield.example")
    bad = dict(
        NEW_PUPIL,
        given_name="",
        date_of_birth="2018-02-30",
        upn="A12345",
        sen_status="N",
        primary_need="SLCN",
    )
    response = senco.submit("/senco/pupils/new", bad)
    assert response.status_code == 400
    text = response.text
    assert "There is a problem" in text
    assert "Enter the pupil&#39;s first name" in text or "Enter the pupil's first name" in text
    assert "Enter the date of birth as a real date" in text
    assert "Enter a real UPN" in text
    assert "A pupil with no SEN cannot have a need" in text
    assert 'value="Ahmed"' in text  # kept


def test_census_rules_for_needs(login):
    senco = login("senco@oakfield.example")
    no_primary = senco.submit("/senco/pupils/new", dict(NEW_PUPIL, primary_need=""))
    assert "Choose the primary need" in no_primary.text
    nsa_with_ehc = senco.submit(
        "/senco/pupils/new", dict(NEW_PUPIL, sen_status="E", primary_need="NSA")
    )
    assert "NSA can only be used for pupils on SEN support" in nsa_with_ehc.text
    same_twice = senco.submit("/senco/pupils/new", dict(NEW_PUPIL, secondary_need="SLCN"))
    assert "must be different" in same_twice.text


def test_upn_must_be_valid_and_unique_in_the_school(login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    assert is_valid_upn(amelia.upn)
    senco = login("senco@oakfield.example")
    taken = senco.submit("/senco/pupils/new", dict(NEW_PUPIL, upn=amelia.upn))
    assert taken.status_code == 400 and "already has this UPN" in taken.text
    fresh = make_upn(881, 2104, 2022, 777)
    assert senco.submit("/senco/pupils/new", dict(NEW_PUPIL, upn=fresh.lower())).status_code == 302


def test_upn_check_letter():
    upn = make_upn(881, 2104, 2023, 101)
    assert is_valid_upn(upn)
    wrong_letter = ("B" if upn[0] != "B" else "C") + upn[1:]
    assert not is_valid_upn(wrong_letter)
    assert not is_valid_upn("I" + upn[1:])  # I, O and S are never used
    assert not is_valid_upn(upn[:-1])


def test_edit_changes_status_and_needs(login, demo, app):
    zofia = demo.pupil("Zofia", "Nowak")
    senco = login("senco@oakfield.example")
    form = senco.get(f"/senco/pupils/{zofia.id}/edit").text
    assert 'value="Zofia"' in form and "selected" in form
    data = dict(
        NEW_PUPIL,
        given_name="Zofia",
        family_name="Nowak",
        date_of_birth="2020-01-22",
        year_group="2",
        upn=zofia.upn,
        sen_status="K",
        primary_need="SLCN",
        secondary_need="SEMH",
        home_language="pl",
    )
    assert senco.submit(f"/senco/pupils/{zofia.id}/edit", data).status_code == 302
    with app.app_context():
        codes = db.session.scalars(
            sa.select(PupilNeed.code).where(PupilNeed.pupil_id == zofia.id).order_by(PupilNeed.rank)
        ).all()
    assert codes == [NeedCode.SLCN, NeedCode.SEMH]


def test_link_and_unlink_a_teacher(login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    tom_id = demo.user("teacher@oakfield.example").id
    tom = login("teacher@oakfield.example")
    assert tom.get(f"/staff/pupils/{yusuf.id}").status_code == 404
    senco = login("senco@oakfield.example")
    page = senco.get(f"/staff/pupils/{yusuf.id}").text
    assert f'<option value="{tom_id}">Tom Evans</option>' in page
    senco.submit(
        f"/senco/pupils/{yusuf.id}/staff", {"user_id": tom_id}, page=f"/staff/pupils/{yusuf.id}"
    )
    assert tom.get(f"/staff/pupils/{yusuf.id}").status_code == 200
    assert "Yusuf Rahman" in tom.get("/staff/").text
    # Another school's teacher cannot be linked.
    other = demo.user("senco@riverside.example").id
    senco.submit(
        f"/senco/pupils/{yusuf.id}/staff", {"user_id": other}, page=f"/staff/pupils/{yusuf.id}"
    )
    assert (
        "David Okafor"
        not in senco.get(f"/staff/pupils/{yusuf.id}").text.split('id="staff"')[1].split("<form")[0]
    )


def test_invite_staff_and_see_invitations(login, demo, mailbox):
    senco = login("senco@oakfield.example")
    bad = senco.submit("/senco/staff", {"full_name": "", "email": "nope", "role": "teacher"})
    assert bad.status_code == 400 and "Enter their full name" in bad.text
    ok = senco.submit(
        "/senco/staff",
        {
            "full_name": "Hannah Lee",
            "email": "hannah@oakfield.example",
            "role": "teacher",
            "title": "Teaching assistant",
        },
    )
    assert ok.status_code == 302
    assert len(mailbox.to("hannah@oakfield.example")) == 1
    listing = senco.get("/senco/invitations").text
    assert "Hannah Lee" in listing
    import re

    invitation_id = re.search(r"/senco/invitations/(\d+)/revoke", listing).group(1)
    senco.submit(f"/senco/invitations/{invitation_id}/revoke", page="/senco/invitations")
    assert "Hannah Lee" not in senco.get("/senco/invitations").text
    # Another school's SENCO cannot revoke it.
    assert (
        login("senco@riverside.example")
        .submit(f"/senco/invitations/{invitation_id}/revoke", page="/senco/invitations")
        .status_code
        == 404
    )


def test_audit_log_shows_who_read_what(login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    login("teacher@oakfield.example").get(f"/staff/pupils/{amelia.id}")
    senco = login("senco@oakfield.example")
    log = senco.get(f"/senco/audit?pupil={amelia.id}").text
    assert "Tom Evans" in log and "pupil.view" in log
    other_school = login("senco@riverside.example").get("/senco/audit").text
    assert "Tom Evans" not in other_school and "Amelia" not in other_school


def test_the_audit_log_is_paged_and_keeps_the_pupil_filter(login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    teacher = login("teacher@oakfield.example")
    for _ in range(55):
        teacher.get(f"/staff/pupils/{amelia.id}")
    senco = login("senco@oakfield.example")
    first = senco.get(f"/senco/audit?pupil={amelia.id}").text
    assert "Page 1 of 2" in first and "Previous page" not in first
    assert f'href="/senco/audit?page=2&amp;pupil={amelia.id}"' in first
    second = senco.get(f"/senco/audit?pupil={amelia.id}&page=2").text
    assert "Page 2 of 2" in second and "Previous page" in second and "Next page" not in second


def test_an_audit_log_too_long_to_count_says_more_than_and_pages_on(login, demo, monkeypatch):
    """Counting the whole log grew with it (15 ms at 365,000 events): past a limit the page
    says "more than" and its pages go on without a last one."""
    from portal.school import services

    amelia = demo.pupil("Amelia", "Clarke")
    teacher = login("teacher@oakfield.example")
    for _ in range(55):
        teacher.get(f"/staff/pupils/{amelia.id}")
    monkeypatch.setattr(services, "AUDIT_COUNT_LIMIT", 20)
    senco = login("senco@oakfield.example")
    first = senco.get(f"/senco/audit?pupil={amelia.id}").text
    assert "More than 20 events" in first and " of " not in first.split("Page 1")[1][:20]
    assert "Page 1<" in first and "Previous page" not in first
    assert f'href="/senco/audit?page=2&amp;pupil={amelia.id}"' in first
    second = senco.get(f"/senco/audit?pupil={amelia.id}&page=2").text
    assert "Page 2<" in second and "Previous page" in second and "Next page" not in second
    monkeypatch.setattr(services, "AUDIT_COUNT_LIMIT", 10_000)
    counted = senco.get(f"/senco/audit?pupil={amelia.id}").text
    assert "More than" not in counted and "Page 1 of 2" in counted


def test_long_lists_are_paged_and_keep_their_filters(login, app, demo):
    with app.app_context():
        school = demo.school("oakfield")
    add_pupils(app, school.id, 60)
    senco = login("senco@oakfield.example")
    first = senco.get("/senco/?year=4").text
    assert "62 pupils" in first and "Showing 1 to 50." in first
    assert 'href="/senco/?page=2&amp;year=4"' in first
    second = senco.get("/senco/?year=4&page=2").text
    assert "Showing 51 to 62." in second and "Previous page" in second and "Next page" not in second
