"""Who may open which concern, views, request, meeting and timeline: every demo person
against the demo objects. Someone else's answers 404, and so does one on a page for a role
the person does not hold at all: every address here names an object."""

import pytest
import sqlalchemy as sa

from portal.demo.people import USERS
from portal.extensions import db
from portal.models import AuditEvent, Concern, Meeting, Respondent, Views, ViewsStatus
from tests.voices_helpers import views_request_id

EMAILS = [email for email, *_ in USERS]
STAFF = {"senco@oakfield.example", "teacher@oakfield.example", "senco@riverside.example"}
PARENTS = {
    "parent@oakfield.example",
    "rodzic@oakfield.example",
    "ami@oakfield.example",
    "amma@oakfield.example",
    "parent@riverside.example",
    "baba@riverside.example",
}


def objects(app, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    zofia = demo.pupil("Zofia", "Nowak")
    tyler = demo.pupil("Tyler", "Brooks")
    with app.app_context():
        concern = {
            ref: db.session.scalar(sa.select(Concern.id).where(Concern.reference == ref))
            for ref in ("CN-A7K-3PQ", "CN-P4L-8ZW")
        }
        tyler_views = db.session.scalar(
            sa.select(Views.id).where(
                Views.pupil_id == tyler.id, Views.status == ViewsStatus.SUBMITTED
            )
        )
        amelia_meeting = db.session.scalar(
            sa.select(Meeting.id).where(Meeting.pupil_id == amelia.id)
        )
    return {
        "amelia": amelia.id,
        "zofia": zofia.id,
        "tyler": tyler.id,
        "concern_amelia": concern["CN-A7K-3PQ"],
        "concern_zofia": concern["CN-P4L-8ZW"],
        "tyler_views": tyler_views,
        "amelia_meeting": amelia_meeting,
        "sarah_request": views_request_id(
            app, demo.pupil("Amelia", "Clarke"), Respondent.PARENT, "parent@oakfield.example"
        ),
        "zofia_pupil_request": views_request_id(
            app, demo.pupil("Zofia", "Nowak"), Respondent.PUPIL
        ),
        "tyler_pupil_request": views_request_id(
            app, demo.pupil("Tyler", "Brooks"), Respondent.PUPIL
        ),
    }


def parent_route(allowed):
    return lambda e: 200 if e in allowed else 404


def senco_route(allowed):
    return lambda e: 200 if e in allowed else 404


# url template, who gets what
CASES = [
    ("/families/concerns/{concern_amelia}", parent_route({"parent@oakfield.example"})),
    ("/families/concerns/{concern_zofia}", parent_route({"rodzic@oakfield.example"})),
    ("/families/concerns/{concern_zofia}/noticed", parent_route(set())),  # sent: redirects
    ("/senco/concerns/{concern_amelia}", senco_route({"senco@oakfield.example"})),
    ("/senco/pupils/{zofia}/timeline", senco_route({"senco@oakfield.example"})),
    ("/senco/pupils/{tyler}/timeline", senco_route({"senco@riverside.example"})),
    # The class teacher linked to Amelia books and leads her meetings too (Code 6.51).
    (
        "/senco/meetings/{amelia_meeting}",
        senco_route({"senco@oakfield.example", "teacher@oakfield.example"}),
    ),
    (
        "/senco/pupils/{amelia}/meetings/new",
        senco_route({"senco@oakfield.example", "teacher@oakfield.example"}),
    ),
    ("/families/views/{sarah_request}", parent_route({"parent@oakfield.example"})),
    # Tyler's own views: his father reads them (Tyler is under 16)
    ("/families/views/given/{tyler_views}", parent_route({"parent@riverside.example"})),
    (
        "/staff/pupils/{tyler}/views/{tyler_views}",
        lambda e: 200 if e == "senco@riverside.example" else 404,
    ),
    ("/views/given/{tyler_views}", lambda e: 200 if e == "tyler@riverside.example" else 404),
    # A pupil without an account: their linked teacher and their SENCO sit with them. Their
    # parent may too, but not here: Zofia's teacher started these with her at school (finding
    # 7, tests/test_family_privacy.py).
    (
        "/views/{zofia_pupil_request}/",
        lambda e: 200 if e in {"teacher@oakfield.example", "senco@oakfield.example"} else 404,
    ),
    # A pupil with an account speaks for themself: nobody else opens their form.
    (
        "/views/{tyler_pupil_request}/",
        lambda e: 200 if e == "tyler@riverside.example" else 404,
    ),
]


@pytest.mark.parametrize("url,expect", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("email", EMAILS)
def test_every_voices_route_for_every_person(login, demo, app, email, url, expect):
    ids = objects(app, demo)
    client = login(email)
    response = client.get(url.format(**ids))
    status = response.status_code
    if url.endswith("/noticed") and email == "rodzic@oakfield.example":
        assert status == 302  # her own sent concern: shown, not edited
        return
    assert status == expect(email), (email, url, status)


@pytest.mark.parametrize(
    "email,url,data",
    [
        ("rodzic@oakfield.example", "/families/concerns/{concern_amelia}/messages", {"body": "x"}),
        ("senco@riverside.example", "/senco/concerns/{concern_amelia}/reply", {"body": "x"}),
        ("senco@riverside.example", "/senco/concerns/{concern_amelia}/close", {"summary": "x"}),
        ("senco@riverside.example", "/senco/meetings/{amelia_meeting}/cancel", {}),
        ("senco@riverside.example", "/senco/meetings/{amelia_meeting}/views", {"ask_parents": "y"}),
        (
            "ami@oakfield.example",
            "/families/views/{sarah_request}/q/going_well/autosave",
            {"answer": "x"},
        ),
        (
            "ami@oakfield.example",
            "/views/{zofia_pupil_request}/q/good_at/autosave",
            {"answer": "x"},
        ),
        ("parent@riverside.example", "/views/{tyler_pupil_request}/q/good_at", {"answer": "x"}),
    ],
)
def test_writes_to_someone_elses_objects_answer_404(login, demo, app, email, url, data):
    ids = objects(app, demo)
    client = login(email)
    token = client.csrf_token("/account")
    response = client.post(url.format(**ids), data={**data, "csrf_token": token})
    assert response.status_code == 404


def test_a_parent_sees_only_their_own_concerns_and_requests(login, demo, app):
    ids = objects(app, demo)
    nadia = login("ami@oakfield.example")
    page = nadia.get("/families/").text
    assert "CN-A7K-3PQ" not in page and "CN-P4L-8ZW" not in page
    # Sarah's other child's page shows nothing of Zofia's family.
    sarah_child = login("parent@oakfield.example").get(f"/families/children/{ids['amelia']}").text
    assert "CN-P4L-8ZW" not in sarah_child and "CN-A7K-3PQ" in sarah_child


def test_a_teacher_reads_the_pupils_views_but_not_parents_views_or_concerns(login, demo, app):
    ids = objects(app, demo)
    tom = login("teacher@oakfield.example")
    page = tom.get(f"/staff/pupils/{ids['zofia']}").text
    assert "Concerns from the family" not in page and "CN-P4L-8ZW" not in page
    # As Zofia's class teacher he leads her meetings (Code 6.51), but not her timeline.
    assert "Book a meeting" in page and "Timeline: everything in date order" not in page
    assert tom.get("/senco/inbox").status_code == 403


def test_reading_someones_views_and_concerns_is_audited(login, demo, app):
    ids = objects(app, demo)
    login("senco@riverside.example").get(f"/staff/pupils/{ids['tyler']}/views/{ids['tyler_views']}")
    login("senco@oakfield.example").get(f"/senco/concerns/{ids['concern_zofia']}")
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"views.view", "views.read", "concern.view"} <= actions
