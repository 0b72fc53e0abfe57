"""Who may open which concern, views request or views: built on portal.access's one rule.

Each loader finds the object only through a pupil the person reaches in the right role,
audits the read, and answers 404 for anything else, so ids reveal nothing.
"""

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from portal import audit
from portal.access import reach_clause, staff_school
from portal.extensions import db
from portal.models import (
    Concern,
    ConcernStatus,
    Meeting,
    Pupil,
    Respondent,
    Role,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
)

SUPPORTER_ROLES = (Role.TEACHER, Role.SENCO, Role.PARENT)


def concern_for_family(user: User, concern_id: int, action: str = "concern.view") -> Concern:
    """A concern this parent raised, about a child still linked to them."""
    concern = db.session.scalar(
        sa.select(Concern)
        .join(Concern.pupil)
        .where(
            Concern.id == concern_id,
            Concern.raised_by_id == user.id,
            reach_clause(user, [Role.PARENT]),
        )
        .options(selectinload(Concern.messages))
    )
    if concern is None:
        abort(404)
    if action:
        audit.record_read(user, action, pupil=concern.pupil)
    return concern


def concern_for_school(user: User, concern_id: int, action: str = "concern.view") -> Concern:
    """A sent concern about a pupil of a school where this person is the SENCO."""
    concern = db.session.scalar(
        sa.select(Concern)
        .join(Concern.pupil)
        .where(
            Concern.id == concern_id,
            Concern.status != ConcernStatus.DRAFT,
            reach_clause(user, [Role.SENCO]),
        )
        .options(selectinload(Concern.messages), selectinload(Concern.raised_by))
    )
    if concern is None:
        abort(404)
    if action:
        audit.record_read(user, action, pupil=concern.pupil)
    return concern


def request_for_parent(user: User, request_id: int) -> ViewsRequest:
    """A request for this parent's own views, for a meeting that still stands."""
    request = db.session.scalar(
        sa.select(ViewsRequest)
        .join(ViewsRequest.pupil)
        .join(ViewsRequest.meeting)
        .where(
            ViewsRequest.id == request_id,
            ViewsRequest.respondent == Respondent.PARENT,
            ViewsRequest.user_id == user.id,
            Meeting.cancelled_at.is_(None),
            reach_clause(user, [Role.PARENT]),
        )
        .options(selectinload(ViewsRequest.views))
    )
    if request is None:
        abort(404)
    audit.record_read(user, "views_request.view", pupil=request.pupil)
    return request


def request_for_pupil_form(user: User, request_id: int) -> tuple[ViewsRequest, bool]:
    """A request for a pupil's views, and whether an adult is filling it in with them.

    The pupil opens their own. An adult who reaches the pupil (linked teacher, SENCO,
    parent) opens it only for a pupil without an account: one with an account speaks for
    themself.
    """
    request = db.session.scalar(
        sa.select(ViewsRequest)
        .join(ViewsRequest.pupil)
        .join(ViewsRequest.meeting)
        .where(
            ViewsRequest.id == request_id,
            ViewsRequest.respondent == Respondent.PUPIL,
            Meeting.cancelled_at.is_(None),
            reach_clause(user, [Role.PUPIL, *SUPPORTER_ROLES]),
        )
        .options(selectinload(ViewsRequest.views))
    )
    if request is None:
        abort(404)
    pupil = request.pupil
    if pupil.user_id == user.id:
        supported = False
    elif pupil.user_id is None:
        supported = True
    else:
        abort(404)
    audit.record_read(user, "views_request.view", pupil=pupil)
    return request, supported


def views_for_staff(user: User, pupil: Pupil, views_id: int) -> Views:
    """Sent views about a pupil this person already reached as staff. Teachers linked to the
    pupil read the pupil's own views; the SENCO reads parents' views too."""
    views = db.session.scalar(
        sa.select(Views)
        .where(
            Views.id == views_id,
            Views.pupil_id == pupil.id,
            Views.status != ViewsStatus.DRAFT,
        )
        .options(selectinload(Views.request).selectinload(ViewsRequest.meeting))
    )
    if views is None:
        abort(404)
    if views.respondent is Respondent.PARENT and not staff_school(
        user, pupil.school_id, Role.SENCO
    ):
        abort(404)
    return views


def views_for_family(user: User, views_id: int) -> Views:
    """Views a parent wrote (their own, or their child's with them), or a pupil's own."""
    views = db.session.scalar(
        sa.select(Views)
        .join(Views.pupil)
        .where(
            Views.id == views_id,
            Views.status != ViewsStatus.DRAFT,
            reach_clause(user, [Role.PARENT, Role.PUPIL]),
        )
        .options(selectinload(Views.request).selectinload(ViewsRequest.meeting))
    )
    if views is None:
        abort(404)
    own_pupil = views.pupil.user_id == user.id and views.respondent is Respondent.PUPIL
    if not own_pupil and views.author_id != user.id:
        abort(404)
    audit.record_read(user, "views.view", pupil=views.pupil)
    return views


def is_senco_for(user: User, pupil: Pupil) -> bool:
    return staff_school(user, pupil.school_id, Role.SENCO)
