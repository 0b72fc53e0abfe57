"""Pages for teachers and teaching assistants, and the pupil page all staff share: a
dashboard over what each domain package holds about the pupil."""

from flask import abort, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
from portal.records.display import sen_history_page
from portal.school.services import school_teacher_names
from portal.staff import bp
from portal.web import page_number


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
            (user_id, name)
            for user_id, name in school_teacher_names(pupil.school_id)
            if user_id not in linked
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
        recent=RECENT,
    )


# Each history section of the pupil page shows the latest few; the rest are a click away, a
# page at a time, so the page does the same work however long the pupil's history.
RECENT = 5
HISTORY_PAGE_SIZE = 25
# The sections with a page of their own, and whether only the SENCO sees them.
HISTORY_SECTIONS = {"meetings": False, "views": False, "concerns": True, "sen-history": False}


def _respondents(is_senco: bool) -> tuple[Respondent, ...]:
    """Whose views staff read: the SENCO the family's too, other staff the pupil's."""
    return (Respondent.PUPIL, Respondent.PARENT) if is_senco else (Respondent.PUPIL,)


def staff_voices(pupil: Pupil, is_senco: bool) -> dict:
    """The latest meetings, views and (for the SENCO) concerns for the pupil page's sections,
    how many of each there are, and what is being prepared for meetings to come."""
    meetings_total, recent_meetings = meetings.pupil_meetings_page(pupil.id, RECENT)
    views_total, recent_views = views_service.sent_views_page(
        pupil.id, _respondents(is_senco), RECENT
    )
    concerns_total, recent_concerns = (
        concerns.pupil_concerns_page(pupil.id, RECENT) if is_senco else (0, [])
    )
    upcoming = views_service.upcoming_pupil_requests(pupil.id)
    return {
        "meetings": recent_meetings,
        "meetings_total": meetings_total,
        "views_sent": meetings.views_sent_and_asked([m.id for m in recent_meetings]),
        "views": recent_views,
        "views_total": views_total,
        "concerns": recent_concerns,
        "concerns_total": concerns_total,
        # Views to give with an adult, for a pupil without an account: none sent yet.
        "support_requests": [r for r in upcoming if not r.sent] if pupil.user_id is None else [],
        "drafts": [r for r in upcoming if r.draft is not None],
    }


@bp.get("/pupils/<int:pupil_id>/<any(meetings, views, concerns, 'sen-history'):section>")
@access.staff_only
def pupil_history(pupil_id: int, section: str):
    """All of one history section of the pupil page, newest first, a page at a time."""
    pupil = access.pupil_for(current_user, pupil_id, *STAFF_ROLES)
    is_senco = access.is_senco_for(current_user, pupil)
    if HISTORY_SECTIONS[section] and not is_senco:
        abort(404)
    page = page_number()
    offset = (page - 1) * HISTORY_PAGE_SIZE
    shown: dict = {}
    if section == "meetings":
        total, rows = meetings.pupil_meetings_page(pupil.id, HISTORY_PAGE_SIZE, offset)
        shown["views_sent"] = meetings.views_sent_and_asked([m.id for m in rows])
    elif section == "views":
        total, rows = views_service.sent_views_page(
            pupil.id, _respondents(is_senco), HISTORY_PAGE_SIZE, offset
        )
    elif section == "concerns":
        total, rows = concerns.pupil_concerns_page(pupil.id, HISTORY_PAGE_SIZE, offset)
    else:
        total, rows = sen_history_page(pupil.id, HISTORY_PAGE_SIZE, offset)
    if not rows and page > 1:
        abort(404)  # past the last page
    return render_template(
        "staff/pupil_history.html",
        pupil=pupil,
        is_senco=is_senco,
        section=section,
        heading=_history_heading(section, pupil, is_senco),
        empty=HISTORY_EMPTY[section],
        rows=rows,
        total=total,
        page=page,
        page_size=HISTORY_PAGE_SIZE,
        **shown,
    )


# What each section's page says when there is nothing in it (as the pupil page does).
HISTORY_EMPTY = {
    "meetings": _l("No meetings yet."),
    "views": _l("No views have been sent yet."),
    "concerns": _l("No concerns have been raised."),
    "sen-history": _l("No SEN history recorded."),
}


def _history_heading(section: str, pupil: Pupil, is_senco: bool) -> str:
    if section == "meetings":
        return _("Meetings about %(name)s", name=pupil.full_name)
    if section == "views":
        if is_senco:
            return _("Views given about %(name)s", name=pupil.full_name)
        return _("%(name)s's views", name=pupil.first_name)
    if section == "concerns":
        return _("Concerns from the family about %(name)s", name=pupil.full_name)
    return _("SEN history of %(name)s", name=pupil.full_name)
