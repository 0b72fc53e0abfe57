"""Looking after an installation: backups and restores, and clearing what is kept no longer.

    flask --app portal backup PATH        a copy of the whole database, taken while it runs
    flask --app portal restore PATH       put a backup into an empty database
    flask --app portal security purge     delete the sign-in record past its year, and the rest
    flask --app portal security reset-second-factor EMAIL
                                          the way back in for an administrator with no phone

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
    """How many rows the portal's tables hold now (0 for a new, empty database)."""
    inspector = sa.inspect(db.engine)
    present = set(inspector.get_table_names())
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

    @app.cli.group()
    def security():
        """Sign-in housekeeping."""

    @security.command()
    def purge():
        """Delete the sign-in record past SIGN_IN_RECORD_DAYS, ended sessions, old reset links,
        held forms and sign-in tries. Run it daily (cron, a systemd timer)."""
        from portal.auth import events
        from portal.models import utcnow

        for what, count in events.purge(utcnow()).items():
            click.echo(f"{count:8d} {what} deleted")

    @security.command("reset-second-factor")
    @click.argument("email")
    def reset_second_factor(email: str):
        """Remove someone's second step (an administrator who lost their phone); they set it up
        again when they next sign in. Recorded in the sign-in record."""
        from portal.auth import events, second_factor, services, sessions
        from portal.models import utcnow

        user = services.user_by_email(email)
        if user is None or not user.has_second_factor:
            raise click.ClickException(f"No account with a second step has the address {email}.")
        now = utcnow()
        second_factor.disable(user)
        sessions.end_all(user, "second_factor", now)
        events.record(user, "second_factor_reset", now)
        services.tell(user, "second_factor_reset", now)
        db.session.commit()
        click.echo(f"The second step of account {user.id} was removed; they have been emailed.")
