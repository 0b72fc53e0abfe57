"""What parents and carers see first: their own children, and nobody else's; each child's
page gathers what every domain package shows a family about them."""

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from portal import access, audit
from portal.concerns import services as concerns
from portal.extensions import db
from portal.families import bp
from portal.languages.display import child_words
from portal.meetings import services as meetings
from portal.models import Pupil, Role, today
from portal.people import senco_names
from portal.plans import records
from portal.plans import services as plans


@bp.get("/")
@access.parent_only
def home():
    children = db.session.scalars(
        access.pupils_query(current_user, Role.PARENT)
        .options(selectinload(Pupil.needs), joinedload(Pupil.school))
        .order_by(Pupil.date_of_birth)
    ).all()
    audit.record_list(current_user, children)
    ids = [child.id for child in children]
    return render_template(
        "families/home.html",
        children=children,
        meetings_by_child=meetings.family_meetings_for(ids),
        plans_waiting=plans.waiting_for_family(ids),
    )


@bp.get("/children/<int:pupil_id>")
@access.parent_only
def child(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.PARENT)
    upcoming = meetings.family_meetings(pupil)
    # The page says where the plan stands and links to it: the plan's own rows stay unread.
    plan = plans.family_plan_summary(pupil.id)
    running = plans.help_running(pupil.id, today())
    return render_template(
        "families/child.html",
        child_words=child_words(pupil, running, upcoming),
        pupil=pupil,
        senco_names=senco_names(pupil.school_id),
        meetings=upcoming,
        concerns=concerns.family_concerns(current_user, pupil),
        plan=plan,
        running=running,
        next_review=plans.next_review(plan, upcoming),
        records=records.shared_records(pupil.id),
    )
