"""The one access rule, checked on every pupil route for every demo person and every pupil.

Someone else's pupil answers 404 (ids reveal nothing), and so does an address naming a pupil
on a page for a role the person does not hold at all; a page without one answers 403.
"""

import pytest
import sqlalchemy as sa

from portal.demo.people import PARENTS, PUPILS, TEACHERS, USERS
from portal.extensions import db
from portal.models import AuditEvent

EMAILS = [email for email, *_ in USERS]
PUPIL_NAMES = [(given, family) for _s, given, family, *_ in PUPILS]
PUPIL_SCHOOL = {(given, family): school for school, given, family, *_ in PUPILS}


def roles_of(email):
    return {
        (school, role.value)
        for e, *_, memberships in USERS
        if e == email
        for school, role, _title in memberships
    }


def is_parent(email, pupil):
    return any(e == email and p == pupil for e, p, _ in PARENTS)


def is_teacher(email, pupil):
    return (email, pupil) in TEACHERS


def is_senco(email, pupil):
    return (PUPIL_SCHOOL[pupil], "senco") in roles_of(email)


def is_self(email, pupil):
    return email == "tyler@riverside.example" and pupil == ("Tyler", "Brooks")


# url, roles that may use the route at all, who may reach a given pupil through it
ROUTES = [
    ("/families/children/{id}", {"parent"}, is_parent),
    ("/staff/pupils/{id}", {"senco", "teacher"}, lambda e, p: is_senco(e, p) or is_teacher(e, p)),
    ("/senco/pupils/{id}/edit", {"senco"}, is_senco),
    ("/senco/pupils/{id}/invite", {"senco"}, is_senco),
    ("/senco/audit?pupil={id}", {"senco"}, is_senco),
]


def expected_status(email, url, url_roles, allowed, pupil):
    held = {role for _school, role in roles_of(email)}
    if not held & url_roles:
        return 404 if "{id}" in url else 403  # an id in the path or the query
    return 200 if allowed(email, pupil) else 404


@pytest.mark.parametrize("url,url_roles,allowed", ROUTES, ids=[r[0] for r in ROUTES])
@pytest.mark.parametrize("email", EMAILS)
def test_every_route_every_role_every_pupil(login, demo, app, email, url, url_roles, allowed):
    client = login(email)
    ids = {name: demo.pupil(*name).id for name in PUPIL_NAMES}
    for name in PUPIL_NAMES:
        response = client.get(url.format(id=ids[name]))
        assert response.status_code == expected_status(email, url, url_roles, allowed, name), (
            email,
            url,
            name,
        )
        if response.status_code == 404 and not is_self(email, name):  # "Signed in as Tyler"
            assert " ".join(name) not in response.text


def test_an_address_naming_a_pupil_in_its_query_answers_404_to_everyone_else(login, demo):
    """/senco/audit?pupil=<id> names a pupil: staff of another school, a teacher or a parent
    who may not open the audit log get 404 (they were told 403), as for an id in a path.
    The log without a pupil is a page, not an object: 403 to them."""
    tyler = demo.pupil("Tyler", "Brooks").id
    for email in ("teacher@oakfield.example", "parent@oakfield.example", "admin@portal.example"):
        client = login(email)
        assert client.get(f"/senco/audit?pupil={tyler}").status_code == 404, email
        assert client.get(f"/senco/audit?pupil={tyler}&page=2").status_code == 404, email
        assert client.get("/senco/audit").status_code == 403, email
        assert client.get("/senco/audit?page=2").status_code == 403, email
    assert login("senco@oakfield.example").get(f"/senco/audit?pupil={tyler}").status_code == 404


def test_pupil_page_is_only_the_pupils_own(login, demo):
    tyler = login("tyler@riverside.example")
    page = tyler.get("/me/")
    assert page.status_code == 200 and "Hello, Tyler!" in page.text
    for email in EMAILS:
        if email != "tyler@riverside.example":
            assert login(email).get("/me/").status_code == 403, email


@pytest.mark.parametrize(
    "email,status",
    [
        ("senco@riverside.example", 404),
        ("parent@oakfield.example", 404),
        ("teacher@oakfield.example", 404),
        ("senco@oakfield.example", 302),
    ],
)
def test_writes_check_the_pupil_too(login, demo, email, status):
    zofia = demo.pupil("Zofia", "Nowak")
    client = login(email)
    response = client.submit(
        f"/senco/pupils/{zofia.id}/invite",
        {
            "who": "parent",
            "full_name": "A Person",
            "email": "a.person@example.com",
            "relationship": "carer",
            "locale": "en",
        },
        page="/account",
    )
    assert response.status_code == status


def test_lists_show_only_what_each_person_may_see(login, demo):
    sarah = login("parent@oakfield.example").get("/families/").text
    assert "Amelia Clarke" in sarah and "Jayden Clarke" in sarah
    assert "Zofia" not in sarah and "Yusuf" not in sarah and "Tyler" not in sarah

    tom = login("teacher@oakfield.example").get("/staff/").text
    assert "Amelia Clarke" in tom and "Zofia Nowak" in tom
    assert "Jayden" not in tom and "Yusuf" not in tom

    priya = login("senco@oakfield.example").get("/senco/").text
    assert "Clarke, Amelia" in priya and "Rahman, Yusuf" in priya
    assert "Tyler" not in priya and "Chloe" not in priya

    david = login("senco@riverside.example").get("/senco/").text
    assert "Brooks, Tyler" in david and "Amelia" not in david


def test_removed_staff_lose_access_at_once(login, demo):
    senco = login("senco@oakfield.example")
    tom = login("teacher@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    assert tom.get(f"/staff/pupils/{amelia.id}").status_code == 200
    page = senco.get("/senco/staff").text
    import re

    membership_id = re.search(  # Tom's row: the demo has other staff too
        r'Tom Evans.*?/senco/staff/(\d+)/active"[^>]*>\s*<input[^>]*>\s*<input[^>]*value="0"',
        page,
        re.S,
    )
    assert membership_id
    senco.submit(
        f"/senco/staff/{membership_id.group(1)}/active", {"active": "0"}, page="/senco/staff"
    )
    assert tom.get(f"/staff/pupils/{amelia.id}").status_code == 404
    assert tom.get("/staff/").status_code == 403


def test_the_platform_admin_sees_no_pupil_records(login, demo):
    admin = login("admin@portal.example")
    amelia = demo.pupil("Amelia", "Clarke")
    assert admin.get("/admin/schools").status_code == 200
    for url in (f"/staff/pupils/{amelia.id}", f"/families/children/{amelia.id}"):
        assert admin.get(url).status_code == 404
    assert admin.get("/senco/").status_code == 403


def test_every_pupil_read_and_change_is_audited(login, demo, app):
    amelia = demo.pupil("Amelia", "Clarke")
    login("parent@oakfield.example").get(f"/families/children/{amelia.id}")
    login("teacher@oakfield.example").get(f"/staff/pupils/{amelia.id}")
    senco = login("senco@oakfield.example")
    senco.submit(
        f"/senco/pupils/{amelia.id}/edit",
        {
            "given_name": "Amelia",
            "family_name": "Clarke",
            "preferred_name": "Millie",
            "date_of_birth": "2019-03-14",
            "year_group": "3",
            "upn": amelia.upn,
            "sen_status": "K",
            "primary_need": "SPLD",
            "secondary_need": "SLCN",
            "home_language": "en",
        },
    )
    with app.app_context():
        events = db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.actor_id).where(
                AuditEvent.pupil_id == amelia.id
            )
        ).all()
    actions = [a for a, _ in events]
    assert actions.count("pupil.view") >= 3
    assert "pupil.update" in actions
    assert len({actor for _, actor in events}) == 3
