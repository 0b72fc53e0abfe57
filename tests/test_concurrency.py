"""Twenty families at once through gunicorn (benchmarks/concurrency.py runs two hundred):
every concern and every set of views is stored exactly once, nothing answers 5xx, and SQLite
never says "database is locked"."""

import os
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from concurrency import run  # noqa: E402

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")


def _assert_all_stored(result: dict) -> None:
    assert result["client_errors"] == []
    assert result["lost"] == []
    assert result["server_errors"] == 0, result["statuses"]
    assert result["locked"] == 0 and result["tracebacks"] == 0
    assert result["ok"]


def test_twenty_families_at_once_on_sqlite():
    _assert_all_stored(run(20, quiet=True))


@pytest.mark.skipif(not POSTGRES.startswith("postgresql"), reason="needs TEST_DATABASE_URL")
def test_twenty_families_at_once_on_postgresql():
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"portal_concurrency_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        url = sa.engine.make_url(POSTGRES).set(database=name).render_as_string(False)
        _assert_all_stored(run(20, url, quiet=True))
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_a_waiting_writer_goes_the_moment_the_last_one_commits(tmp_path):
    """SQLite's own wait sleeps longer and longer between tries (a page waited up to 800 ms
    behind writes of a millisecond): a writer waits its turn on the lock file instead, so
    it needs no sleeping at all. Here the second writer may not sleep (busy_timeout 0): it
    is refused at once ("database is locked") unless it waited for its turn."""
    import threading
    import time

    from portal import create_app
    from portal.config import for_tests

    app = create_app(for_tests(f"sqlite:///{tmp_path / 'turns.db'}"))
    with app.app_context():
        from portal.extensions import db

        engine = db.engine
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE note (id INTEGER PRIMARY KEY, word TEXT)")
        first, second = engine.raw_connection(), engine.raw_connection()
        try:
            second.cursor().execute("PRAGMA busy_timeout = 0")
            first.cursor().execute("INSERT INTO note (word) VALUES ('first')")  # its turn
            outcome = []

            def write_second():
                try:
                    second.cursor().execute("INSERT INTO note (word) VALUES ('second')")
                    second.commit()
                    outcome.append("written")
                except Exception as error:  # noqa: BLE001 (the test reports what happened)
                    outcome.append(repr(error))

            waiting = threading.Thread(target=write_second)
            waiting.start()
            time.sleep(0.2)
            assert outcome == [], "the second writer did not wait for its turn"
            first.commit()
            waiting.join(timeout=10)
            assert outcome == ["written"]
            rows = first.cursor().execute("SELECT word FROM note ORDER BY id").fetchall()
            assert [word for (word,) in rows] == ["first", "second"]
        finally:
            first.close()
            second.close()
        engine.dispose()
