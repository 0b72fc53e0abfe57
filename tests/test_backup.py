"""Backups and restores: a backup put into an empty database gives every row back."""

import os
import shutil
import uuid

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.config import for_tests
from portal.extensions import db


def _app(url: str):
    return create_app(for_tests(url))


def _every_row(app) -> dict[str, list[tuple]]:
    """Each table's rows, in primary-key order."""
    with app.app_context():
        rows = {}
        with db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                rows[table.name] = [
                    tuple(row) for row in connection.execute(sa.select(table).order_by(*order))
                ]
        return rows


def _seeded(app) -> None:
    from portal.demo import seed

    with app.app_context():
        db.create_all()
        seed()
        db.session.remove()


def _dispose(*apps) -> None:
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_sqlite_backup_restores_into_an_empty_database(tmp_path):
    live = _app(f"sqlite:///{tmp_path / 'live.db'}")
    _seeded(live)
    before = _every_row(live)
    assert sum(len(rows) for rows in before.values()) > 400  # the whole demo

    result = live.test_cli_runner().invoke(args=["backup", str(tmp_path / "nightly" / "b.db")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nightly" / "b.db").is_file()
    assert not list((tmp_path / "nightly").glob("*.partial"))

    empty = _app(f"sqlite:///{tmp_path / 'new.db'}")
    with empty.app_context():
        db.create_all()  # a new installation: the tables, no rows
    result = empty.test_cli_runner().invoke(args=["restore", str(tmp_path / "nightly" / "b.db")])
    assert result.exit_code == 0, result.output
    assert _every_row(empty) == before
    _dispose(live, empty)


def test_a_restore_never_overwrites_records_unless_told(tmp_path):
    live = _app(f"sqlite:///{tmp_path / 'live.db'}")
    _seeded(live)
    runner = live.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "b.db")]).exit_code == 0
    refused = runner.invoke(args=["restore", str(tmp_path / "b.db")])
    assert refused.exit_code != 0 and "already holds records" in refused.output
    assert runner.invoke(args=["restore", "--replace", str(tmp_path / "b.db")]).exit_code == 0
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    junk = runner.invoke(args=["restore", "--replace", str(tmp_path / "junk.db")])
    assert junk.exit_code != 0 and "not a SQLite backup" in junk.output
    missing = runner.invoke(args=["restore", str(tmp_path / "nowhere.db")])
    assert missing.exit_code != 0 and "There is no backup" in missing.output
    _dispose(live)


POSTGRES = os.environ.get("TEST_DATABASE_URL", "")


@pytest.mark.skipif(not POSTGRES.startswith("postgresql"), reason="needs TEST_DATABASE_URL")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not on PATH")
def test_a_postgresql_backup_restores_into_an_empty_database(tmp_path):
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    names = [f"portal_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    urls = [sa.engine.make_url(POSTGRES).set(database=n).render_as_string(False) for n in names]
    with admin.connect() as connection:
        for name in names:
            connection.execute(sa.text(f"CREATE DATABASE {name}"))
    live, empty = _app(urls[0]), _app(urls[1])
    try:
        _seeded(live)
        before = _every_row(live)
        result = live.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.dump")])
        assert result.exit_code == 0, result.output
        with empty.app_context():
            db.create_all()
        result = empty.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.dump")])
        assert result.exit_code == 0, result.output
        assert _every_row(empty) == before
    finally:
        _dispose(live, empty)
        with admin.connect() as connection:
            for name in names:
                connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()
