"""Refusing lost updates: every change to a plan, its rows or a meeting record checks the
version the person started from; if someone else saved in between, EditConflict is raised
and nothing is written, so the page can show both what is saved now and what was typed."""

from functools import wraps

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.models import Plan, User, utcnow


class EditConflict(Exception):
    """Someone else changed the thing being saved, or the plan is no longer a draft."""

    def __init__(self, current: object | None, reason: str = "version"):
        super().__init__(reason)
        self.current = current
        self.reason = reason


def check_version(obj, version: int | None, plan: Plan) -> None:
    if not plan.is_draft:
        raise EditConflict(plan, reason="not_draft")
    if version is None or obj.version != version:
        raise EditConflict(obj)


def versioned(func):
    """A change to a versioned row (the row is the first argument). If another save slipped
    in after the version was checked, the database matches no row at the version this
    one started from (SQLAlchemy's version_id_col): refuse it as a conflict."""

    @wraps(func)
    def guarded(obj, *args, **kwargs):
        try:
            return func(obj, *args, **kwargs)
        except StaleDataError:
            db.session.rollback()
            db.session.refresh(obj)
            raise EditConflict(obj) from None

    return guarded


def touch(obj, by: User) -> None:
    obj.updated_at = utcnow()
    obj.updated_by_id = by.id


def touch_plan(plan: Plan, by: User) -> None:
    """A change to one of a plan's rows is a change to the plan: it says who saved it last
    and when. The plan's own version is left alone: it guards the plan's fields and the
    share button, which this change did not touch, so nobody gets a conflict for it."""
    now = utcnow()
    db.session.execute(
        sa.update(Plan)
        .where(Plan.id == plan.id)
        .values(updated_at=now, updated_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(plan, "updated_at", now)
    set_committed_value(plan, "updated_by_id", by.id)
    set_committed_value(plan, "updated_by", by)
