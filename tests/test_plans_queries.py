"""Pages load in a fixed number of SQL statements, however many outcomes or pupils."""

from datetime import date, timedelta

import sqlalchemy as sa
from plans_helpers import count_queries, plan_of

from portal.extensions import db
from portal.models import (
    BroadArea,
    GroupSize,
    NeedCode,
    Outcome,
    Plan,
    PlanStatus,
    ProgressNote,
    Provision,
    Pupil,
    PupilNeed,
    SenStatus,
    SpecialistAdvice,
    User,
    today,
    utcnow,
)


def _grow_plan(app, plan_id: int, extra: int) -> None:
    """Add outcomes, each with its help and progress notes, and specialist advice."""
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        author = db.session.scalar(sa.select(User).where(User.email == "teacher@oakfield.example"))
        for n in range(extra):
            outcome = Outcome(
                plan=plan,
                position=10 + n,
                area=BroadArea.COGNITION,
                description=f"Extra outcome {n}",
                target_date=today() + timedelta(days=30),
                measure="A check",
            )
            db.session.add(outcome)
            db.session.add(
                Provision(
                    plan=plan,
                    outcome=outcome,
                    description=f"Extra help {n}",
                    group_size=GroupSize.SMALL_GROUP,
                    sessions_per_week=2,
                    minutes_per_session=20,
                    delivered_by=f"Adult {n}",
                )
            )
            db.session.add(SpecialistAdvice(plan=plan, adviser=f"Adviser {n}", summary="Advice"))
            db.session.flush()
            for k in range(2):
                db.session.add(
                    ProgressNote(
                        outcome=outcome,
                        plan_id=plan.id,
                        pupil_id=plan.pupil_id,
                        author_id=author.id,
                        noted_on=today() - timedelta(days=k),
                        note=f"Note {k}",
                    )
                )
        db.session.commit()


def _count(app, client, url: str) -> int:
    with count_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_plan_pages_do_not_grow_with_outcomes(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    zofia = demo.pupil("Zofia", "Nowak")
    shared = plan_of(app, amelia.id, PlanStatus.SHARED)
    draft = plan_of(app, zofia.id)
    senco = login("senco@oakfield.example")
    teacher = login("teacher@oakfield.example")
    parent = login("parent@oakfield.example")
    pages = [
        (senco, f"/senco/plans/{draft.id}"),
        (senco, f"/senco/plans/{shared.id}"),
        (senco, f"/senco/plans/{shared.id}/review"),
        (teacher, f"/staff/pupils/{amelia.id}/plan"),
        (parent, f"/families/children/{amelia.id}/plan"),
        (parent, f"/families/children/{amelia.id}"),
    ]
    # One of everything first, so a list going from empty to one is not counted as growth.
    _grow_plan(app, draft.id, 1)
    _grow_plan(app, shared.id, 1)
    before = [_count(app, client, url) for client, url in pages]
    _grow_plan(app, draft.id, 12)
    _grow_plan(app, shared.id, 12)
    after = [_count(app, client, url) for client, url in pages]
    assert after == before
    # And the numbers stay small.
    assert max(before) <= 25, before


def _add_pupils_with_help(app, school_slug: str, count: int) -> None:
    with app.app_context():
        from portal.models import School

        school = db.session.scalar(sa.select(School).where(School.slug == school_slug))
        for n in range(count):
            pupil = Pupil(
                school_id=school.id,
                given_name=f"Test{n}",
                family_name="Pupil",
                date_of_birth=date(2018, 1, 1),
                year_group=3 + n % 3,
                sen_status=SenStatus.SEN_SUPPORT,
            )
            pupil.needs = [PupilNeed(code=NeedCode.SPLD, rank=1)]
            plan = Plan(
                pupil=pupil,
                status=PlanStatus.SHARED,
                shared_at=utcnow() - timedelta(days=20),
                review_date=today() + timedelta(days=5 + n),
            )
            outcome = Outcome(plan=plan, description="Read", area=BroadArea.COGNITION)
            plan.provisions = [
                Provision(
                    outcome=outcome,
                    description="Phonics catch-up group",
                    group_size=GroupSize.SMALL_GROUP,
                    sessions_per_week=4,
                    minutes_per_session=20,
                    delivered_by="Mrs Khan, teaching assistant",
                ),
                Provision(
                    description=f"Own help {n}",
                    group_size=GroupSize.ONE_TO_ONE,
                    sessions_per_week=1,
                    minutes_per_session=30,
                    delivered_by="Ms Ahmed",
                ),
            ]
            db.session.add_all([pupil, plan, outcome])
        db.session.commit()


def test_school_pages_do_not_grow_with_pupils(app, login, demo):
    senco = login("senco@oakfield.example")
    pages = [
        "/senco/",
        "/senco/provision-map",
        "/senco/provision-map.csv",
        "/senco/register",
        "/senco/register.csv",
        "/senco/attention",
    ]
    _add_pupils_with_help(app, "oakfield", 1)
    before = [_count(app, senco, url) for url in pages]
    _add_pupils_with_help(app, "oakfield", 15)
    after = [_count(app, senco, url) for url in pages]
    assert after == before
    # The SENCO's home and the attention page run one query for each list of what needs
    # attention (15 lists: portal/attention.py) whatever the school's size.
    assert max(before) <= 30, before
