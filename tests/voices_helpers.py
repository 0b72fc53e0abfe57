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


def answer_for(page: str, key: str, text: str | None = None) -> dict:
    """What a pupil sends on one page of the views form: words on an open question, one
    card sorted on the board, a happy face (and "it helps" for a goal)."""
    if "data-board" in page:
        return {"feel-school": "good", "action": "next"}
    if 'name="helps"' in page or key.startswith("goal-"):
        return {"feeling": "happy", "helps": "yes", "action": "next"}
    if 'name="feeling"' in page:
        return {"feeling": "happy", "action": "next"}
    return {"answer": text or f"My answer to {key}", "action": "next"}


def walk_pupil_form(client, rid: int, key: str) -> tuple[list[str], str]:
    """Answer every page from `key` on, as a pupil pressing Next: the keys answered, and
    where the last Next went (the helped page, or the check page after a change)."""
    url, keys = f"/views/{rid}/q/{key}", []
    while "/q/" in url:
        key = url.rsplit("/q/", 1)[1].split("?")[0]
        page = client.get(url).get_data(as_text=True)
        response = client.submit(url, answer_for(page, key))
        assert response.status_code == 302, (key, response.get_data(as_text=True)[:800])
        keys.append(key)
        url = response.headers["Location"]
    return keys, url


def forget_views(app, request_id: int) -> None:
    """Start a request afresh: its views go, and with them the plans' links to them (which
    PostgreSQL, unlike SQLite here, holds to)."""
    from portal.models.plans import plan_views

    with app.app_context():
        ids = sa.select(Views.id).where(Views.request_id == request_id)
        db.session.execute(sa.delete(plan_views).where(plan_views.c.views_id.in_(ids)))
        db.session.execute(sa.delete(Views).where(Views.request_id == request_id))
        db.session.commit()
