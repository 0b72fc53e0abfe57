"""The SEN support plan: assess, plan, do, review, shared with the family; meeting records;
the provision map and the SEN register.

Owns services.py (plans and their rows, sharing, the family's answer, reviews), locking.py
(refusing lost updates), attention.py (what needs the SENCO), records.py (meeting records),
maps.py (the provision map, the register), forms.py, display.py (template helpers), feeds.py,
templates/plans/, and the pages for every role: senco_routes.py, rows_routes.py (the plan
editor's rows), staff_routes.py, family_routes.py, record_routes.py, map_routes.py.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal import links, navigation
from portal.models import MeetingRecord, Plan, PlanQuestion, ProgressNote, Role

bp = Blueprint("plans", __name__)


def init_app(app: Flask) -> None:
    from portal.plans import (  # noqa: F401  (routes join bp)
        family_routes,
        feeds,
        map_routes,
        record_routes,
        rows_routes,
        senco_routes,
        staff_routes,
    )

    feeds.register()
    links.register(Plan, "school", lambda p: links.to("plans.plan", plan_id=p.id))
    links.register(Plan, "family", lambda p: links.to("plans.family_plan", pupil_id=p.pupil_id))
    links.register(
        PlanQuestion,
        "school",
        lambda q: links.to("plans.question", plan_id=q.plan_id, question_id=q.id),
    )
    links.register(
        PlanQuestion, "family", lambda q: links.to("plans.family_plan", pupil_id=q.pupil_id)
    )
    links.register(
        MeetingRecord,
        "school",
        lambda r: links.to("plans.meeting_record", meeting_id=r.meeting_id),
    )
    links.register(
        MeetingRecord,
        "family",
        lambda r: links.to("plans.family_record", pupil_id=r.pupil_id, meeting_id=r.meeting_id),
    )
    links.register(
        ProgressNote,
        "school",
        lambda n: links.to("plans.plan", anchor=f"outcome-{n.outcome_id}", plan_id=n.plan_id),
    )
    navigation.add(Role.SENCO, "plans.provision_map", _l("Provision map"), order=40)
    navigation.add(Role.SENCO, "plans.register", _l("SEN register"), order=45)
    navigation.add(Role.PUPIL, "plans.my_goals", _l("My goals and my help"), order=20)
    app.register_blueprint(bp)
