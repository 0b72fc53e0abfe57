"""Access to every plan route: someone else's pupil, or a page naming a plan for a role the
person does not hold, answers 404; a page naming nothing (the school's lists) answers 403."""

import pytest
import sqlalchemy as sa
from plans_helpers import plan_of, scalar

from portal.models import MeetingRecord, Outcome, PlanQuestion, PlanStatus

ANON = None
OAK_SENCO = "senco@oakfield.example"
RIVER_SENCO = "senco@riverside.example"
TEACHER = "teacher@oakfield.example"
SARAH = "parent@oakfield.example"  # Amelia's and Jayden's mother
NADIA = "ami@oakfield.example"  # Yusuf's mother
TYLER = "tyler@riverside.example"
ADMIN = "admin@portal.example"

# Pages about Amelia (Oakfield): {placeholder} values are filled in from the demo.
SENCO_PAGES = [
    "/senco/pupils/{amelia}/plan",
    "/senco/plans/{plan}",
    "/senco/plans/{plan}/details",
    "/senco/plans/{plan}/review",
    "/senco/plans/{plan}/plan.pdf",
    "/senco/plans/{plan}/outcomes/new",
    "/senco/plans/{plan}/outcomes/{outcome}",
    "/senco/plans/{plan}/questions/{question}",
    "/senco/meetings/{meeting}/record",
    "/senco/meetings/{meeting}/record.pdf",
]
SCHOOL_PAGES = [
    "/senco/provision-map",
    "/senco/provision-map.csv",
    "/senco/register",
    "/senco/register.csv",
    "/senco/attention",
]
FAMILY_PAGES = [
    "/families/children/{amelia}/plan",
    "/families/children/{amelia}/plans/{plan}",
    "/families/children/{amelia}/plans/{plan}/plan.pdf",
    "/families/children/{amelia}/plans/{plan}/question",
    "/families/children/{amelia}/meetings/{meeting}/record",
    "/families/children/{amelia}/meetings/{meeting}/record.pdf",
]
STAFF_PAGES = ["/staff/pupils/{amelia}/plan"]

SENCO_POSTS = [
    "/senco/pupils/{amelia}/plans",
    "/senco/plans/{plan}/share",
    "/senco/plans/{plan}/outcomes/{outcome}/remove",
    "/senco/meetings/{meeting}/record/share",
]
FAMILY_POSTS = ["/families/children/{amelia}/plans/{plan}/agree"]
STAFF_POSTS = ["/staff/plans/{plan}/notes"]


@pytest.fixture
def ids(app, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    plan = plan_of(app, amelia.id, PlanStatus.SHARED)
    outcome = scalar(app, sa.select(Outcome.id).where(Outcome.plan_id == plan.id))
    meeting = scalar(
        app, sa.select(MeetingRecord.meeting_id).where(MeetingRecord.pupil_id == amelia.id)
    )
    from portal.extensions import db

    with app.app_context():
        question = PlanQuestion(
            plan_id=plan.id, pupil_id=amelia.id, question="When is the review?", language="en"
        )
        db.session.add(question)
        db.session.commit()
        question_id = question.id
    return {
        "amelia": amelia.id,
        "plan": plan.id,
        "outcome": outcome,
        "meeting": meeting,
        "question": question_id,
    }


def _client(app, login, who):
    return app.test_client() if who is None else login(who)


# (pages, who, expected status)
GET_CASES = [
    (SENCO_PAGES, OAK_SENCO, 200),
    (SENCO_PAGES, RIVER_SENCO, 404),
    (SENCO_PAGES, SARAH, 404),
    (SENCO_PAGES, TEACHER, 404),
    (SENCO_PAGES, TYLER, 404),
    (SENCO_PAGES, ADMIN, 404),
    (SENCO_PAGES, ANON, 302),
    (SCHOOL_PAGES, OAK_SENCO, 200),
    (SCHOOL_PAGES, SARAH, 403),
    (SCHOOL_PAGES, TEACHER, 403),
    (SCHOOL_PAGES, ANON, 302),
    (FAMILY_PAGES, SARAH, 200),
    (FAMILY_PAGES, NADIA, 404),
    (FAMILY_PAGES, "parent@riverside.example", 404),
    (FAMILY_PAGES, OAK_SENCO, 404),
    (FAMILY_PAGES, TEACHER, 404),
    (FAMILY_PAGES, TYLER, 404),
    (FAMILY_PAGES, ANON, 302),
    (STAFF_PAGES, TEACHER, 200),
    (STAFF_PAGES, OAK_SENCO, 200),
    (STAFF_PAGES, RIVER_SENCO, 404),
    (STAFF_PAGES, SARAH, 404),
    (STAFF_PAGES, TYLER, 404),
    (STAFF_PAGES, ANON, 302),
    (["/me/goals"], TYLER, 200),
    (["/me/goals"], SARAH, 403),
    (["/me/goals"], OAK_SENCO, 403),
    (["/me/goals"], ANON, 302),
]


@pytest.mark.parametrize(
    "pages,who,expected", GET_CASES, ids=[f"{p[0]}-{w}" for p, w, _ in GET_CASES]
)
def test_get_routes(app, login, ids, pages, who, expected):
    client = _client(app, login, who)
    for page in pages:
        url = page.format(**ids)
        response = client.get(url, follow_redirects=expected == 200)
        assert response.status_code == expected, url


POST_CASES = [
    (SENCO_POSTS, RIVER_SENCO, 404),
    (SENCO_POSTS, SARAH, 404),
    (SENCO_POSTS, TEACHER, 404),
    (FAMILY_POSTS, NADIA, 404),
    (FAMILY_POSTS, OAK_SENCO, 404),
    (STAFF_POSTS, RIVER_SENCO, 404),
    (STAFF_POSTS, SARAH, 404),
    (STAFF_POSTS + FAMILY_POSTS + SENCO_POSTS, ANON, 302),
]


@pytest.mark.parametrize(
    "pages,who,expected", POST_CASES, ids=[f"{p[0]}-{w}" for p, w, _ in POST_CASES]
)
def test_post_routes(app, login, ids, pages, who, expected):
    client = _client(app, login, who)
    token_page = "/login" if who is None else "/account"
    for page in pages:
        url = page.format(**ids)
        response = client.submit(url, {"version": "1"}, page=token_page)
        assert response.status_code == expected, url
        if expected == 302:
            assert "/login" in response.headers["Location"]


def test_nothing_changed_by_refused_posts(app, login, ids):
    plan_before = plan_of(app, ids["amelia"], PlanStatus.SHARED)
    for who in (RIVER_SENCO, SARAH):
        client = login(who)
        for page in SENCO_POSTS:
            client.submit(page.format(**ids), {"version": "1"}, page="/account")
    plan_after = plan_of(app, ids["amelia"], PlanStatus.SHARED)
    assert plan_after.version == plan_before.version
    assert plan_after.family_agreed_at == plan_before.family_agreed_at


def test_a_meeting_record_not_shared_is_not_for_the_family(app, login, ids):
    from portal.extensions import db

    with app.app_context():
        record = db.session.scalar(
            sa.select(MeetingRecord).where(MeetingRecord.meeting_id == ids["meeting"])
        )
        record.shared_at = None
        db.session.commit()
    parent = login(SARAH)
    url = "/families/children/{amelia}/meetings/{meeting}/record".format(**ids)
    assert parent.get(url).status_code == 404
    assert parent.get(url + ".pdf").status_code == 404
