"""What a SENCO and the installation's administrator oversee about signing in: the sign-in
record, and who has a second step (with the way back in for someone who lost their phone).

A SENCO sees their own school's staff; the administrator sees everyone. Removing someone's
second step is recorded, ends their sessions and emails them.
"""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from portal import access
from portal.auth import bp, events, second_factor, services, sessions
from portal.extensions import db
from portal.models import Membership, Role, User, utcnow
from portal.web import page_number


def _overseen_school() -> int | None:
    """The school whose staff this person oversees (None: the whole installation); refused
    (access.refuse) if they oversee nobody."""
    if current_user.is_platform_admin:
        return None
    membership = access.current_membership()
    if membership is None or membership.role is not Role.SENCO:
        access.refuse()
    return membership.school_id


def _people_with_second_step(school_id: int | None) -> list[User]:
    query = sa.select(User).where(User.totp_secret.is_not(None))
    if school_id is not None:
        query = query.where(
            User.id.in_(
                sa.select(Membership.user_id).where(
                    Membership.school_id == school_id, Membership.active.is_(True)
                )
            )
        )
    return db.session.scalars(
        query.options(selectinload(User.memberships).selectinload(Membership.school)).order_by(
            User.full_name, User.id
        )
    ).all()


@bp.get("/security/sign-ins")
@login_required
def sign_ins():
    school_id = _overseen_school()
    page = page_number()
    rows, total = events.page(school_id=school_id, page_number=page)
    return render_template(
        "auth/sign_ins.html",
        events=rows,
        total=total,
        page=page,
        page_size=events.PAGE_SIZE,
        actions=events.ACTIONS,
        whole_installation=school_id is None,
        people=_people_with_second_step(school_id),
    )


@bp.post("/security/people/<int:user_id>/second-step/remove")
@login_required
def remove_second_step(user_id: int):
    """The way back in for someone whose phone and recovery codes are lost."""
    _overseen_school()
    person = access.overseen_person_for(current_user, user_id)
    now = utcnow()
    second_factor.disable(person)
    sessions.end_all(person, "second_factor", now)
    events.record(
        person, "second_factor_reset", now, ip_address=request.remote_addr, actor=current_user
    )
    services.tell(person, "second_factor_reset", now)
    db.session.commit()
    flash(
        _(
            "The second step of %(name)s has been removed. They have been signed out and told "
            "by email.",
            name=person.full_name,
        ),
        "success",
    )
    return redirect(url_for("auth.sign_ins") + "#second-step")
