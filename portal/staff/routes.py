"""Pages for teachers and teaching assistants, and the pupil page all staff share."""

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal import access, audit
from portal.access import STAFF_ROLES
from portal.extensions import db
from portal.models import Pupil, Role
from portal.people import parents_of, teachers_of
from portal.plans import records
from portal.plans import services as plans
from portal.senco.services import school_teachers
from portal.staff import bp


@bp.get("/")
@access.role_required(Role.TEACHER)
def home():
    pupils = db.session.scalars(
        access.pupils_query(current_user, Role.TEACHER)
        .options(selectinload(Pupil.needs))
        .order_by(Pupil.year_group, Pupil.family_name, Pupil.given_name)
    ).all()
    audit.record_list(current_user, pupils)
    return render_template("staff/home.html", pupils=pupils)


@bp.get("/pupils/<int:pupil_id>")
@access.role_required(*STAFF_ROLES)
def pupil(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, *STAFF_ROLES)
    is_senco = access.staff_school(current_user, pupil.school_id, Role.SENCO)
    teachers = teachers_of(pupil)
    staff_choices = []
    if is_senco:
        linked = {link.user_id for link in teachers}
        staff_choices = [
            (m.user_id, m.user.full_name)
            for m in school_teachers(pupil.school_id)
            if m.user_id not in linked
        ]
    return render_template(
        "staff/pupil.html",
        pupil=pupil,
        parents=parents_of(pupil),
        teachers=teachers,
        is_senco=is_senco,
        staff_choices=staff_choices,
        plan=plans.current_plan(pupil.id, full=False),
        meetings_held=records.meetings_with_records(pupil.id) if is_senco else [],
    )
