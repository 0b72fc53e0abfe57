"""What parents and carers see: their own children, and nobody else's."""

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal import access, audit
from portal.extensions import db
from portal.families import bp
from portal.models import Pupil, Role
from portal.people import school_contacts
from portal.plans import records
from portal.plans import services as plans
from portal.voices import concerns, meetings


@bp.get("/")
@access.role_required(Role.PARENT)
def home():
    children = db.session.scalars(
        access.pupils_query(current_user, Role.PARENT)
        .options(selectinload(Pupil.needs), selectinload(Pupil.school))
        .order_by(Pupil.date_of_birth)
    ).all()
    audit.record_list(current_user, children)
    return render_template("families/home.html", children=children)


@bp.get("/children/<int:pupil_id>")
@access.role_required(Role.PARENT)
def child(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, Role.PARENT)
    return render_template(
        "families/child.html",
        pupil=pupil,
        contacts=school_contacts(pupil.school_id),
        meetings=meetings.family_meetings(pupil),
        concerns=concerns.family_concerns(current_user, pupil),
        plan=plans.family_plan(pupil.id),
        records=records.shared_records(pupil.id),
    )
