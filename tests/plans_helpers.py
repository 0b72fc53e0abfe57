"""Helpers the plan tests share: find demo rows, count SQL statements."""

import re
from contextlib import contextmanager

import sqlalchemy as sa
from querycount import count_queries as count_engine_queries

from portal.extensions import db
from portal.models import Plan, PlanStatus


def plan_of(app, pupil_id: int, status: PlanStatus | None = None) -> Plan:
    """The newest plan of a pupil (optionally in a given state), detached."""
    with app.app_context():
        query = sa.select(Plan).where(Plan.pupil_id == pupil_id).order_by(Plan.id.desc())
        if status is not None:
            query = query.where(Plan.status == status)
        plan = db.session.scalars(query).first()
        db.session.expunge(plan)
        return plan


def scalar(app, statement):
    with app.app_context():
        return db.session.scalar(statement)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]*)"', html)
    if match is None:
        match = re.search(rf'type="hidden" name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


@contextmanager
def count_queries(app):
    """Count the SQL statements run inside the block: `with count_queries(app) as n: ...`."""
    with app.app_context():
        engine = db.engine
    with count_engine_queries(engine) as statements:
        yield statements
