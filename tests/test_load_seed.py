"""`flask seed-load` builds a trust of the size asked for, with every role able to sign in."""

from collections import Counter

import pytest
import sqlalchemy as sa
from signing_in import signed_in_client

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Concern,
    InviteeRole,
    Meeting,
    MeetingAttendee,
    MeetingOutcome,
    MeetingRecord,
    Membership,
    ParentLink,
    Plan,
    PlanStatus,
    Pupil,
    Role,
    School,
    SenInformationReport,
    SenStatus,
    Service,
    TeacherLink,
    User,
    Views,
    utcnow,
)

SCHOOLS, PUPILS, AUDIT_PER_PUPIL = 2, 60, 10


@pytest.fixture
def demo_mode(app):
    app.config["PORTAL_DEMO"] = True
    yield
    app.config["PORTAL_DEMO"] = False


def seed_load(app, *extra):
    args = ["seed-load", "--schools", str(SCHOOLS), "--pupils", str(PUPILS)]
    args += ["--audit-per-pupil", str(AUDIT_PER_PUPIL), *extra]
    return app.test_cli_runner().invoke(args=args)


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_builds_the_trust_it_is_asked_for(app, demo_mode):
    result = seed_load(app)
    assert result.exit_code == 0, result.output
    assert "senco1@school1.load.example" in result.output

    with app.app_context():
        schools = db.session.scalars(sa.select(School).order_by(School.slug)).all()
        assert [s.slug for s in schools] == ["school1", "school2"]
        # Views for meetings still to come were sent already, never in the future.
        assert count(Views, Views.submitted_at > utcnow()) == 0
        assert count(Views, Views.created_at > utcnow()) == 0
        for number, school in enumerate(schools, 1):
            pupils = db.session.scalars(sa.select(Pupil).where(Pupil.school_id == school.id)).all()
            assert len(pupils) == PUPILS
            statuses = Counter(p.sen_status for p in pupils)
            # A fifth with SEN, a fifth of those with an EHC plan.
            assert statuses[SenStatus.SEN_SUPPORT] + statuses[SenStatus.EHC_PLAN] == PUPILS // 5
            assert statuses[SenStatus.EHC_PLAN] == PUPILS // 25
            roles = Counter(
                db.session.scalars(
                    sa.select(Membership.role).where(Membership.school_id == school.id)
                )
            )
            assert roles[Role.SENCO] == 1 and roles[Role.ADMIN] == 1
            assert roles[Role.TEACHER] >= 3 and roles[Role.PARENT] >= PUPILS // 5
            assert roles[Role.PUPIL] >= 1
            for kind in ("senco", "office", "teacher", "parent", "pupil"):
                email = f"{kind}1@school{number}.load.example"
                assert count(User, User.email == email) == 1, email
            parent = db.session.scalars(
                sa.select(User).where(User.email == f"parent1@school{number}.load.example")
            ).one()
            featured = db.session.scalars(
                sa.select(Pupil)
                .join(User, Pupil.user_id == User.id)
                .where(User.email == f"pupil1@school{number}.load.example")
            ).one()
            assert featured.sen_status is SenStatus.SEN_SUPPORT
            assert count(ParentLink, ParentLink.user_id == parent.id) >= 1
            assert count(ParentLink, ParentLink.pupil_id == featured.id) == 2
            teacher1 = sa.select(User.id).where(
                User.email == f"teacher1@school{number}.load.example"
            )
            assert count(
                TeacherLink,
                TeacherLink.pupil_id == featured.id,
                TeacherLink.user_id.in_(teacher1),
            )
            # Three years of history for the featured pupil, and what is coming up.
            plans = Counter(
                db.session.scalars(sa.select(Plan.status).where(Plan.pupil_id == featured.id))
            )
            assert plans[PlanStatus.SHARED] == 1 and plans[PlanStatus.SUPERSEDED] >= 5
            first = db.session.scalar(
                sa.select(sa.func.min(Meeting.starts_at)).where(Meeting.pupil_id == featured.id)
            )
            assert (utcnow() - first).days > 2 * 365
            assert db.session.scalar(
                sa.select(Meeting.id).where(
                    Meeting.pupil_id == featured.id, Meeting.starts_at > utcnow()
                )
            )
            assert count(MeetingRecord, MeetingRecord.pupil_id == featured.id) >= 5
            # What happened at past meetings was said, as a school does: most were held
            # with the family there (Code 6.65 counts those), a few are still to be said.
            past = (Meeting.school_id == school.id, Meeting.starts_at < utcnow())
            said = count(Meeting, *past, Meeting.outcome.is_not(None))
            assert said > 0.85 * count(Meeting, *past, Meeting.cancelled_at.is_(None))
            assert (
                count(
                    MeetingAttendee,
                    MeetingAttendee.role == InviteeRole.PARENT,
                    MeetingAttendee.meeting_id.in_(
                        sa.select(Meeting.id).where(
                            Meeting.pupil_id == featured.id, Meeting.outcome == MeetingOutcome.HELD
                        )
                    ),
                )
                >= 5
            )
            assert count(Views, Views.pupil_id == featured.id) >= 10
            assert count(Concern, Concern.pupil_id == featured.id) == 3
            assert count(Service, Service.school_id == school.id) == 60
            assert count(SenInformationReport, SenInformationReport.school_id == school.id) == 1
            assert count(AuditEvent, AuditEvent.school_id == school.id) == (
                PUPILS * AUDIT_PER_PUPIL
            )
        assert count(User, User.email == "admin@load.example", User.is_platform_admin) == 1


def test_the_same_seed_builds_the_same_trust(app, demo_mode):
    def snapshot():
        with app.app_context():
            return (
                db.session.execute(
                    sa.select(Pupil.given_name, Pupil.family_name, Pupil.sen_status).order_by(
                        Pupil.id
                    )
                ).all(),
                count(Plan),
                count(Concern),
                count(Views),
                count(Meeting),
            )

    assert seed_load(app).exit_code == 0
    first = snapshot()
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    assert seed_load(app).exit_code == 0
    assert snapshot() == first


def test_every_role_signs_in_and_sees_its_pages(app, demo_mode):
    assert seed_load(app).exit_code == 0
    homes = {
        "senco1@school1.load.example": "/senco/",
        "teacher1@school1.load.example": "/staff/",
        "parent1@school2.load.example": "/families/",
        "pupil1@school2.load.example": "/me/",
        "office1@school1.load.example": "/admin/school",
        "admin@load.example": "/admin/schools",
    }
    for email, home in homes.items():
        client = signed_in_client(app, email)  # with the demo's second step where needed
        assert client.get(home).status_code == 200, home
    anonymous = app.test_client()
    assert anonymous.get("/schools/school1/local-offer?q=speech").status_code == 200
    assert anonymous.get("/schools/school2/sen-information-report").status_code == 200


def test_refuses_to_load_twice_or_outside_the_demo(app, demo_mode):
    assert seed_load(app).exit_code == 0
    again = seed_load(app)
    assert again.exit_code != 0 and "already holds school1, school2" in again.output

    app.config["PORTAL_DEMO"] = False
    refused = app.test_cli_runner().invoke(args=["seed-load", "--schools", "1"])
    assert refused.exit_code != 0 and "PORTAL_DEMO=1" in refused.output
