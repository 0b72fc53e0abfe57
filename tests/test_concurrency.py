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
