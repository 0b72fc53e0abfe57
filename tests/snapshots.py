"""Copies of the test database, taken once per session and put back before each test.

Seeding the demo school takes about half a second; putting a copy back takes a few
milliseconds. On SQLite (in memory) a copy is a second in-memory database filled with
SQLite's online backup API, copied back into the app's one connection. On PostgreSQL a copy
is a schema holding each table's rows and each sequence's position; putting it back empties
the tables and inserts the rows again, in one round trip (about 20 ms; a database
created from a template takes 120 ms, and a transaction rolled back per test would hide
the second connection's view that the locking tests need). Both keep real commits, so tests
that use a second connection (a save racing another) behave as in production.
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa

from portal.extensions import db


class Snapshots:
    """`take(name)` copies the database as it is now; `restore(name)` puts that copy back."""

    def __init__(self, app):
        self.app = app
        with app.app_context():
            dialect = db.engine.dialect.name
        self._impl = _SQLite(app) if dialect == "sqlite" else _PostgreSQL(app)
        self._names: set[str] = set()

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def take(self, name: str) -> None:
        with self.app.app_context():
            db.session.remove()
            self._impl.take(name)
        self._names.add(name)

    def restore(self, name: str) -> None:
        with self.app.app_context():
            db.session.remove()
            self._impl.restore(name)
        # The copy brings back the data's version too (portal.kept): what an earlier test kept
        # under it may have been worked out with settings that test changed (rows a page).
        self.app.extensions["kept"].clear()

    def drop(self) -> None:
        with self.app.app_context():
            self._impl.drop(self._names)
        self._names.clear()


class _SQLite:
    """sqlite:// is one in-memory connection (Flask-SQLAlchemy uses a StaticPool)."""

    def __init__(self, app):
        with app.app_context():
            proxy = db.engine.raw_connection()
            self.live: sqlite3.Connection = proxy.driver_connection
            proxy.close()  # back to the pool; the StaticPool keeps the connection open
        self.copies: dict[str, sqlite3.Connection] = {}

    def take(self, name: str) -> None:
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        self._settle()
        self.live.backup(copy)
        self.copies[name] = copy

    def restore(self, name: str) -> None:
        self._settle()
        self.copies[name].backup(self.live)

    def _settle(self) -> None:
        # A test that ended mid-transaction must not hold the database against the copy.
        if self.live.in_transaction:
            self.live.rollback()

    def drop(self, names) -> None:
        for copy in self.copies.values():
            copy.close()
        self.copies.clear()


class _PostgreSQL:
    """A schema per copy, with the rows of every table and where each sequence stood."""

    def __init__(self, app):
        self.tables = [table.name for table in db.metadata.sorted_tables]
        with app.app_context(), db.engine.connect() as connection:
            self.schema = connection.scalar(sa.text("SELECT current_schema()"))
            self.sequences = {
                table: connection.scalar(
                    sa.text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table}
                )
                for table in self.tables
                if "id" in db.metadata.tables[table].c
            }
        self.restores: dict[str, str] = {}

    def _copy_schema(self, name: str) -> str:
        return f"test_copy_{name}"

    def take(self, name: str) -> None:
        copy = self._copy_schema(name)
        with db.engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {copy} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {copy}"))
            for table in self.tables:
                connection.execute(
                    sa.text(f'CREATE TABLE {copy}."{table}" AS TABLE {self.schema}."{table}"')
                )
            positions = {
                table: connection.execute(
                    sa.text(f"SELECT last_value, is_called FROM {sequence}")
                ).one()
                for table, sequence in self.sequences.items()
                if sequence
            }
        # DELETE, not TRUNCATE: for tables this small it is four times faster (20 ms a test).
        statements = [f'DELETE FROM {self.schema}."{t}"' for t in reversed(self.tables)]
        statements += [
            f'INSERT INTO {self.schema}."{t}" SELECT * FROM {copy}."{t}"' for t in self.tables
        ]
        statements += [
            f"SELECT setval('{self.sequences[t]}', {value}, {'true' if called else 'false'})"
            for t, (value, called) in positions.items()
        ]
        self.restores[name] = ";\n".join(statements)

    def restore(self, name: str) -> None:
        with db.engine.connect() as connection:
            # One round trip: psycopg sends a string without parameters as a simple query.
            connection.exec_driver_sql(self.restores[name])
            connection.commit()

    def drop(self, names) -> None:
        with db.engine.begin() as connection:
            for name in names:
                connection.execute(
                    sa.text(f"DROP SCHEMA IF EXISTS {self._copy_schema(name)} CASCADE")
                )


def demo_snapshot(app) -> str:
    """Seed the demo school once per session, through the same code as `flask seed-demo`."""
    snapshots = app.extensions["test_snapshots"]
    if "demo" not in snapshots:
        from portal.demo import seed

        snapshots.restore("empty")
        with app.app_context():
            seed()
            db.session.remove()
        snapshots.take("demo")
    return "demo"
