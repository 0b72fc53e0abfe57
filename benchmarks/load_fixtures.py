"""For benchmarks/load.py, run inside the checkout being served (PYTHONPATH=that checkout):

    python benchmarks/load_fixtures.py DATABASE_URL

Prints, as JSON, the app's GET rules and, for each role, the ids its pages are about in a
trust made by `flask seed-load`: the featured pupil of school1 and what hangs off them.
"""

import json
import sys

import sqlalchemy as sa

from portal import create_app
from portal.config import for_tests
from portal.extensions import db
from portal.models import (
    Concern,
    ConcernStatus,
    Meeting,
    MeetingRecord,
    Outcome,
    Plan,
    PlanQuestion,
    PlanStatus,
    Pupil,
    Respondent,
    School,
    Service,
    ServiceStatus,
    TeacherLink,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)

EMAILS = {
    "parent": "parent1@school1.load.example",
    "pupil": "pupil1@school1.load.example",
    "teacher": "teacher1@school1.load.example",
}


def first(statement):
    return db.session.scalar(statement.limit(1))


def user_id(role: str) -> int:
    return first(sa.select(User.id).where(User.email == EMAILS[role]))


def fixtures() -> dict:
    school = first(sa.select(School).where(School.slug == "school1"))
    parent, pupil_user, teacher = user_id("parent"), user_id("pupil"), user_id("teacher")
    pupil = first(sa.select(Pupil.id).where(Pupil.user_id == pupil_user))
    plans = sa.select(Plan.id).where(Plan.pupil_id == pupil)
    plan = first(plans.where(Plan.status == PlanStatus.SHARED))
    old_plan = first(plans.where(Plan.status == PlanStatus.SUPERSEDED).order_by(Plan.id.desc()))
    draft = first(
        sa.select(Plan.id)
        .join(Pupil)
        .where(Pupil.school_id == school.id, Plan.status == PlanStatus.DRAFT)
        .order_by(Plan.id)
    )
    upcoming = first(
        sa.select(Meeting.id)
        .where(
            Meeting.pupil_id == pupil,
            Meeting.starts_at > utcnow(),
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at)
    )
    recorded = first(
        sa.select(MeetingRecord.meeting_id)
        .where(MeetingRecord.pupil_id == pupil, MeetingRecord.shared_at.is_not(None))
        .order_by(MeetingRecord.id.desc())
    )
    concerns = sa.select(Concern.id).where(Concern.pupil_id == pupil)

    def request_for(user: int) -> int | None:
        return first(
            sa.select(ViewsRequest.id).where(
                ViewsRequest.meeting_id == upcoming, ViewsRequest.user_id == user
            )
        )

    def read_views(*where) -> Views | None:
        return first(sa.select(Views).where(Views.status == ViewsStatus.READ, *where))

    parent_views = read_views(Views.author_id == parent)
    pupil_views = read_views(Views.author_id == pupil_user)
    helped_views = read_views(Views.author_id == teacher, Views.supported.is_(True))
    # A pupil without an account whose teacher sits with them to give their views.
    helped_request = first(
        sa.select(ViewsRequest.id)
        .join(Meeting)
        .where(
            ViewsRequest.pupil_id.in_(
                sa.select(TeacherLink.pupil_id).where(TeacherLink.user_id == teacher)
            ),
            ViewsRequest.respondent == Respondent.PUPIL,
            ViewsRequest.user_id.is_(None),
            Meeting.starts_at > utcnow(),
            Meeting.cancelled_at.is_(None),
        )
    )
    common = {
        "slug": school.slug,
        "school_id": school.id,
        "pupil_id": pupil,
        "plan_id": plan,
        "meeting_id": recorded,
        "concern_id": first(concerns.where(Concern.status == ConcernStatus.REPLIED)),
        "service_id": first(
            sa.select(Service.id)
            .where(Service.school_id == school.id, Service.status == ServiceStatus.ACTIVE)
            .order_by(Service.id)
        ),
        "question_id": first(sa.select(PlanQuestion.id).where(PlanQuestion.plan_id == plan)),
    }
    draft_concern = first(concerns.where(Concern.status == ConcernStatus.DRAFT))
    family = {
        "_": {
            **common,
            "request_id": request_for(parent),
            "views_id": parent_views.id if parent_views else None,
            "key": "going_well",
            "step": "since",
        },
        "families.concern_step": {"concern_id": draft_concern},
        "families.concern_check": {"concern_id": draft_concern},
        "plans.family_plan_version": {"plan_id": old_plan},
    }
    staff = {
        "_": {
            **common,
            "request_id": helped_request,
            "views_id": pupil_views.id if pupil_views else None,
            "key": "good_at",
        },
        "senco.meeting": {"meeting_id": upcoming},
        "senco.edit_meeting": {"meeting_id": upcoming},
        "plans.edit_details": {"plan_id": draft},
        "plans.add_row": {"plan_id": draft, "kind": "outcomes"},
        "plans.edit_row": {
            "plan_id": draft,
            "kind": "outcomes",
            "row_id": first(sa.select(Outcome.id).where(Outcome.plan_id == draft)),
        },
        "pupil_views.thanks": {
            "request_id": helped_views.request_id if helped_views else None,
            "views_id": helped_views.id if helped_views else None,
        },
        "pupil_views.given": {"views_id": helped_views.id if helped_views else None},
    }
    own = {
        "_": {
            **common,
            "request_id": request_for(pupil_user),
            "views_id": pupil_views.id if pupil_views else None,
            "key": "good_at",
        },
        "pupil_views.thanks": {"request_id": pupil_views.request_id if pupil_views else None},
    }
    return {
        "parent": family,
        "pupil": own,
        "teacher": staff,
        "senco": staff,
        "office": {"_": common},
        "admin": {"_": common},
        "anonymous": {"_": common},
    }


def main() -> None:
    app = create_app(for_tests(sys.argv[1]))
    rules = [
        {"endpoint": rule.endpoint, "rule": rule.rule, "args": sorted(rule.arguments)}
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
    ]
    with app.app_context():
        print(json.dumps({"rules": rules, "fixtures": fixtures()}))


if __name__ == "__main__":
    main()
