"""A PostgreSQL restart costs no failed page, and a healthy pooled connection is not asked
whether it is alive (that was a round trip on every request). Needs TEST_DATABASE_URL."""

import os
import time

import pytest
import sqlalchemy as sa

from portal.extensions import db, quiet

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not POSTGRES.startswith("postgresql"), reason="needs TEST_DATABASE_URL"
)


def _end_the_pools_connections(app) -> int:
    """What a restart does to the portal's connections: the server ends each one."""
    with app.app_context():
        url = db.engine.url
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as connection:
            return connection.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        admin.dispose()


def test_a_page_after_the_database_restarts_is_served(app, login):
    parent = login("parent@oakfield.example")
    assert parent.get("/families/").status_code == 200  # its connection waits in the pool
    assert _end_the_pools_connections(app) >= 1
    time.sleep(0.2)  # the server's goodbye reaches the sockets

    assert parent.get("/families/").status_code == 200
    assert parent.get("/families/").status_code == 200


def test_a_pooled_connection_is_quiet_until_its_server_ends_it(app):
    with app.app_context(), db.engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
        connection.commit()
        driver = connection.connection.dbapi_connection
        assert quiet(driver)  # nothing to read: taken as alive without asking

        _end_the_pools_connections(app)
        deadline = time.monotonic() + 5
        while quiet(driver) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not quiet(driver)  # the server said goodbye: it gets asked, and fails
        connection.invalidate()
