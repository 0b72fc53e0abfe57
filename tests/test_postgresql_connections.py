"""PostgreSQL connections: a restart costs no failed page, a healthy pooled connection is not
asked whether it is alive, and reading needs no transaction while writing is all or nothing
(each was a round trip on every request). Needs TEST_DATABASE_URL."""

import os
import time

import pytest
import sqlalchemy as sa

from portal.extensions import db, quiet
from portal.models import School

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not POSTGRES.startswith("postgresql"), reason="needs TEST_DATABASE_URL"
)


def _end(app, pids: list[int]) -> int:
    """What a restart does to these connections: the server ends each one. (Only these: the
    database is shared with other tests' servers.)"""
    with app.app_context():
        url = db.engine.url
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as connection:
            return connection.execute(
                sa.text("SELECT count(pg_terminate_backend(pid)) FROM unnest(:pids) AS pid"),
                {"pids": pids},
            ).scalar_one()
    finally:
        admin.dispose()


def _end_the_pools_connections(app) -> int:
    """End every connection waiting in the app's pool."""
    with app.app_context():
        engine = db.engine
    waiting = [engine.raw_connection() for _ in range(engine.pool.checkedin())]
    pids = [connection.driver_connection.info.backend_pid for connection in waiting]
    for connection in waiting:
        connection.close()
    return _end(app, pids)


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

        _end(app, [driver.info.backend_pid])
        deadline = time.monotonic() + 5
        while quiet(driver) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not quiet(driver)  # the server said goodbye: it gets asked, and fails
        connection.invalidate()


def _driver():
    return db.session.connection().connection.dbapi_connection


def test_reading_opens_no_transaction_and_writing_is_all_or_nothing(app):
    from psycopg.pq import TransactionStatus

    with app.app_context():
        db.session.execute(sa.select(School.id)).all()
        assert _driver().info.transaction_status == TransactionStatus.IDLE  # no BEGIN sent

        db.session.add(School(slug="kept-out", name="Kept Out"))
        db.session.flush()
        assert _driver().info.transaction_status == TransactionStatus.INTRANS
        db.session.add(School(slug="kept-out-too", name="Kept Out Too"))
        db.session.flush()
        db.session.rollback()  # both writes go, not only the last
        assert db.session.scalar(sa.select(sa.func.count(School.id))) == 0

        db.session.add(School(slug="kept", name="Kept"))
        db.session.commit()
        assert _driver().info.transaction_status == TransactionStatus.IDLE
        assert db.session.scalar(sa.select(School.slug)) == "kept"


def test_a_locking_read_opens_the_transaction_it_locks_in(app):
    from psycopg.pq import TransactionStatus

    with app.app_context():
        db.session.add(School(slug="locked", name="Locked"))
        db.session.commit()
        db.session.execute(sa.select(School.id).with_for_update()).all()
        assert _driver().info.transaction_status == TransactionStatus.INTRANS
        db.session.rollback()


def test_a_page_that_only_reads_sends_its_audit_rows_without_a_transaction(
    app, login, demo, monkeypatch
):
    import psycopg

    from portal.models import AuditEvent, Concern

    begun = []
    execute = psycopg.Connection.execute

    def counting(self, query, *args, **kwargs):
        if query == "BEGIN":
            begun.append(query)
        return execute(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "execute", counting)
    senco = login("senco@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")

    begun.clear()
    assert senco.get(f"/staff/pupils/{amelia.id}").status_code == 200
    assert begun == []  # one INSERT, all or nothing by itself: no BEGIN, no COMMIT
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.pupil_id == amelia.id)
        ).all()
    assert actions == ["pupil.view"]

    # Opening an unread concern marks it read: the change and the read are one transaction.
    with app.app_context():
        concern = db.session.scalars(
            sa.select(Concern).where(Concern.reference == "CN-A7K-3PQ")
        ).one()
    assert senco.get(f"/senco/concerns/{concern.id}").status_code == 200
    assert begun == ["BEGIN"]
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.pupil_id == concern.pupil_id)
        ).all()
    assert "concern.view" in actions and "concern.read" in actions
