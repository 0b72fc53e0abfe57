"""Looking after an installation: backups and restores.

    flask --app portal backup PATH        a copy of the whole database, taken while it runs
    flask --app portal restore PATH       put a backup into an empty database

and the database's statistics, which the daily `security purge` and `init-db` refresh.

(`flask --app portal security ...`, the sign-in housekeeping, is in portal/auth/cli.py.)

SQLite is copied with its online backup API (a consistent copy while the portal writes);
PostgreSQL with `pg_dump --format=custom` and `pg_restore`, which must be on PATH and of the
server's major version.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app

from portal.extensions import db


class BackupError(click.ClickException):
    """A backup or restore that cannot be done, said plainly."""


def _url() -> sa.engine.URL:
    return sa.engine.make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _sqlite_file(url: sa.engine.URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("This database lives in memory only: there is nothing to back up.")
    return url.database


def _libpq(url: sa.engine.URL) -> tuple[str, dict]:
    """A URL for pg_dump and pg_restore, with the password passed in the environment (not
    on the command line, where any user of the machine could read it)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed or not on PATH. Install the PostgreSQL client of the "
            "server's version (Debian: postgresql-client-15)."
        )
    return found


def backup(path: Path) -> None:
    url = _url()
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        partial = path.with_name(path.name + ".partial")
        source = sqlite3.connect(_sqlite_file(url))
        target = sqlite3.connect(partial)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        partial.replace(path)  # a backup is either whole or absent
    elif url.get_backend_name() == "postgresql":
        libpq, env = _libpq(url)
        subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), libpq],
            check=True,
            env=env,
        )
    else:
        raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")


def rows_held() -> int:
    """How many rows the portal's tables hold now (0 for a new, empty database, whose one
    row is the data's version: portal.kept)."""
    inspector = sa.inspect(db.engine)
    present = set(inspector.get_table_names()) - {"data_version"}
    with db.engine.connect() as connection:
        return sum(
            connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
            if table.name in present
        )


def restore(path: Path, *, replace: bool) -> None:
    path = path.resolve()
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if not replace and rows_held():
        raise BackupError(
            "This database already holds records: a restore would replace them all. Restore "
            "into a new, empty database, or add --replace if that is really what you want."
        )
    url = _url()
    db.session.remove()
    db.engine.dispose()  # no connection of ours may hold the file or a lock while it changes
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not a whole SQLite backup.")
            target = sqlite3.connect(_sqlite_file(url))
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a SQLite backup ({error}).") from error
        finally:
            source.close()
    elif url.get_backend_name() == "postgresql":
        libpq, env = _libpq(url)
        subprocess.run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                libpq,
                str(path),
            ],
            check=True,
            env=env,
        )
    else:
        raise BackupError(f"Restores into {url.get_backend_name()} databases are not supported.")


def refresh_statistics() -> None:
    """Tell the database how many rows each index picks out (ANALYZE), so it reads a
    family's two plans by pupil rather than every shared plan of the trust by status.

    SQLite keeps no statistics until asked: without them it guessed, and the parent's home
    read 1,000 plans for two (1 ms of a 14 ms page at 5 x 1,000 pupils). `analysis_limit`
    samples each index, so it takes well under a second however large the school.
    PostgreSQL's autovacuum analyzes by itself; asking again does no harm.
    """
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        connection.exec_driver_sql("ANALYZE")


def init_app(app: Flask) -> None:
    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path: Path):
        """Copy the whole database to PATH while the portal runs."""
        backup(path)
        click.echo(f"Backed up to {path}. Keep it encrypted: it holds children's records.")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--replace", is_flag=True, help="Replace the records this database holds.")
    def restore_command(path: Path, replace: bool):
        """Put a backup made by `backup` into this (empty) database."""
        restore(path, replace=replace)
        click.echo(f"Restored from {path}: {rows_held()} rows.")
