"""Pages for teachers and teaching assistants, and the pupil page all staff share: a
dashboard over what each domain package holds about the pupil."""

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal import access, audit
from portal.access import STAFF_ROLES
from portal.concerns import services as concerns
from portal.extensions import db
from portal.meetings import services as meetings
from portal.models import Pupil, Respondent, Role
from portal.people import parents_of, teachers_of
from portal.plans import services as plans
from portal.pupil_views import services as views_service
from portal.school.services import school_teachers
from portal.staff import bp


@bp.get("/")
@access.role_required(Role.TEACHER)
def home():
    pupils = db.session.scalars(
        access.pupils_query(current_user, Role.TEACHER)
        .where(Pupil.left_at.is_(None))  # leavers leave the working lists (portal/records)
        .options(selectinload(Pupil.needs))
        .order_by(Pupil.year_group, Pupil.family_name, Pupil.given_name)
    ).all()
    audit.record_list(current_user, pupils)
    return render_template("staff/home.html", pupils=pupils)


@bp.get("/pupils/<int:pupil_id>")
@access.staff_only
def pupil(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, *STAFF_ROLES)
    is_senco = access.is_senco_for(current_user, pupil)
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
        voices=staff_voices(pupil, is_senco),
        plan=plans.current_plan(pupil.id, full=False),
    )


def staff_voices(pupil: Pupil, is_senco: bool) -> dict:
    """Meetings, views and (for the SENCO) concerns, for the pupil page's sections."""
    respondents = (Respondent.PUPIL, Respondent.PARENT) if is_senco else (Respondent.PUPIL,)
    sent = views_service.sent_views_of(pupil, respondents)
    all_meetings = meetings.pupil_meetings(pupil)
    still_open = (views_service.NOT_STARTED, views_service.STARTED)
    open_requests = [
        r
        for m in all_meetings
        if m.is_upcoming
        for r in m.views_requests
        if r.respondent is Respondent.PUPIL and views_service.state(r)[0] in still_open
    ]
    return {
        "meetings": all_meetings,
        "views": sent,
        "replaced": views_service.superseded_ids(sent),
        "concerns": concerns.pupil_concerns(pupil) if is_senco else [],
        "support_requests": open_requests if pupil.user_id is None else [],
        "drafts": views_service.drafts_in(all_meetings),
    }
