"""Shared helpers for the tests of meetings, views and concerns."""

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Meeting, Respondent, User, Views, ViewsRequest, ViewsStatus


def views_request_id(app, pupil, respondent: Respondent, email: str | None = None) -> int:
    """The demo request for this pupil's meeting, to a parent (by email) or to the pupil."""
    with app.app_context():
        query = (
            sa.select(ViewsRequest.id)
            .join(Meeting, Meeting.id == ViewsRequest.meeting_id)
            .where(
                ViewsRequest.pupil_id == pupil.id,
                ViewsRequest.respondent == respondent,
                Meeting.cancelled_at.is_(None),
            )
            .order_by(ViewsRequest.id)
        )
        if email:
            query = query.join(User, User.id == ViewsRequest.user_id).where(User.email == email)
        return db.session.scalars(query).first()


def views_for(app, request_id: int) -> list[Views]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Views).where(Views.request_id == request_id).order_by(Views.id)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def sent_views(app, request_id: int) -> list[Views]:
    return [v for v in views_for(app, request_id) if v.status is not ViewsStatus.DRAFT]
