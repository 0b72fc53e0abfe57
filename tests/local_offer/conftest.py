"""Fixtures for the Local Offer: a school of its own, services typed in, feeds, query counts."""

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from portal.extensions import db
from portal.local_offer import services
from portal.models import School, Service, today

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "oruk" / "examples"
DEMO_FEED = (
    Path(__file__).resolve().parents[2] / "portal" / "demo" / "data" / "northshire-oruk.json"
)


@pytest.fixture
def school(app) -> str:
    """A school with an empty directory; its slug."""
    with app.app_context():
        db.session.add(
            School(
                slug="elmwood",
                name="Elmwood Primary School",
                local_authority="Northshire County Council",
                local_offer_url="https://www.northshire.example/send-local-offer",
                contact_email="office@elmwood.example",
            )
        )
        db.session.commit()
    return "elmwood"


def service_data(name: str, **fields) -> dict:
    data = {
        "name": name,
        "description": f"{name} helps children and families.",
        "status": "active",
        "categories": ["advice"],
        "all_needs": True,
        "areas": [],
        "need_codes": [],
        "min_age": None,
        "max_age": None,
        "cost": "free",
        "access_routes": ["self_referral"],
        "languages": [],
        "last_checked": today() - timedelta(days=30),
    }
    data.update(fields)
    return data


@pytest.fixture
def add_service(app):
    """add_service("slug", "Name", **fields) types a service in as staff would; its id."""

    def add(slug: str, name: str, **fields) -> int:
        with app.app_context():
            school = db.session.scalars(sa.select(School).where(School.slug == slug)).one()
            service = services.save_service(
                Service(school_id=school.id), service_data(name, **fields), None
            )
            return service.id

    return add


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` collects the SQL run inside the block."""

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def feeds() -> dict[str, Path]:
    return {
        "demo": DEMO_FEED,
        "service_full": EXAMPLES / "service_full.json",
        "service_list": EXAMPLES / "service_list.json",
        "organization_full": EXAMPLES / "organization_full.json",
        "service_at_location_full": EXAMPLES / "service_at_location_full.json",
    }
