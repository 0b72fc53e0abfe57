"""Writing the audit trail. Every read and change of a pupil's record passes through here.

A change is added to the session and written by the caller's commit, with the change. A
read has no change to ride with, so during a request reads are collected and written
together: with the request's own commit if it makes one, otherwise in one INSERT once the
page is built and before it is sent (on SQLite, with the reads of the other requests
finishing at the same moment: GroupCommit). Readers then never queue behind one commit
each, and no page about a child leaves the server without its audit rows: if they cannot
be written (after one retry) the page is withheld and the person sees "try again later".
"""

import logging
import threading
import time
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import sqlalchemy as sa
from flask import Flask, current_app, g, has_app_context, has_request_context, render_template

from portal.extensions import RUNS_ALONE, db
from portal.models import AuditEvent, Pupil, User, utcnow

log = logging.getLogger(__name__)

_PENDING = "_audit_reads"  # read events not yet handed to the database, on flask.g
_IN_FLIGHT = "_audit_reads_in_flight"  # handed to a commit that has not finished yet


def record(
    actor: User | None,
    action: str,
    *,
    pupil: Pupil | None = None,
    school_id: int | None = None,
    obj: object | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit writes it with the change."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        action=action,
        pupil_id=pupil.id if pupil is not None else None,
        school_id=pupil.school_id if pupil is not None else school_id,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None) if obj is not None else None,
    )
    db.session.add(event)
    return event


def record_read(
    actor: User,
    action: str,
    *,
    pupil: Pupil | None = None,
    school_id: int | None = None,
    obj: object | None = None,
) -> None:
    """A read: written with the request's commit, or on its own at the end of the request."""
    _read_rows(
        [
            {
                "at": utcnow(),
                "actor_id": actor.id,
                "school_id": pupil.school_id if pupil is not None else school_id,
                "pupil_id": pupil.id if pupil is not None else None,
                "action": action,
                "object_type": type(obj).__name__ if obj is not None else None,
                "object_id": getattr(obj, "id", None) if obj is not None else None,
            }
        ]
    )


class Shown(NamedTuple):
    """A pupil a list showed, as the audit needs it (a list kept between requests keeps
    these, not the pupils' rows)."""

    id: int
    school_id: int


def record_list(actor: User, pupils: Sequence[Pupil | Shown], action: str = "pupil.list") -> None:
    """A list page shows each pupil's name and needs: one event per pupil."""
    now = utcnow()
    _read_rows(
        [
            {
                "at": now,
                "actor_id": actor.id,
                "school_id": p.school_id,
                "pupil_id": p.id,
                "action": action,
                "object_type": None,
                "object_id": None,
            }
            for p in pupils
        ]
    )


def _read_rows(rows: list[dict]) -> None:
    if not rows:
        return
    if has_request_context():
        g.setdefault(_PENDING, []).extend(rows)
    else:
        # A command or a script: nothing to batch with, so write now.
        insert_rows(db.session, rows)
        db.session.commit()


def pending_reads() -> int:
    """How many read events this request has not yet handed to the database."""
    return len(g.get(_PENDING, ())) if has_app_context() else 0


# Rows an INSERT names at most: 7 values each stays far under SQLite's 32,766.
ROWS_A_STATEMENT = 1000
_COLUMNS = ("at", "actor_id", "school_id", "pupil_id", "action", "object_type", "object_id")


def insert_rows(session, rows: list[dict]) -> None:
    """Audit rows in as few statements as can hold them. One INSERT of many rows runs in one
    step of the database; a statement run once for each row (executemany) makes SQLite's
    driver give up Python's lock to another thread and wait for it back between rows, all
    while holding the database's only writing turn. The statement is the driver's own,
    built once for each number of rows: SQLAlchemy would compile it afresh each time."""
    # The request's reads and nothing else to write: one statement, which needs no
    # transaction around it (on PostgreSQL, two round trips fewer: extensions.RUNS_ALONE).
    alone = len(rows) <= ROWS_A_STATEMENT and not (session.new or session.dirty or session.deleted)
    _insert(session.connection(), rows, _ALONE if alone else None)


def _insert(connection, rows: list[dict], options: dict | None = None) -> None:
    dialect = connection.dialect
    processors = _bind_processors(dialect)
    for start in range(0, len(rows), ROWS_A_STATEMENT):
        chunk = rows[start : start + ROWS_A_STATEMENT]
        values = tuple(
            process(row[name]) if process else row[name]
            for row in chunk
            for name, process in processors
        )
        connection.exec_driver_sql(_insert_sql(dialect.paramstyle, len(chunk)), values, options)


_ALONE = {RUNS_ALONE: True}


@lru_cache(maxsize=4)
def _bind_processors(dialect) -> tuple:
    columns = AuditEvent.__table__.c
    return tuple((name, columns[name].type.bind_processor(dialect)) for name in _COLUMNS)


@lru_cache(maxsize=64)
def _insert_sql(paramstyle: str, count: int) -> str:
    mark = "?" if paramstyle == "qmark" else "%s"
    row = "(" + ", ".join([mark] * len(_COLUMNS)) + ")"
    return f"INSERT INTO audit_event ({', '.join(_COLUMNS)}) VALUES " + ", ".join([row] * count)


# --- Riding with the request's commit ----------------------------------------------------


def _before_commit(session) -> None:
    if not has_request_context() or session is not db.session():
        return
    rows = g.pop(_PENDING, None)
    if rows:
        g.setdefault(_IN_FLIGHT, []).extend(rows)
        insert_rows(session, rows)


def _after_commit(session) -> None:
    if has_request_context():
        g.pop(_IN_FLIGHT, None)


def _after_rollback(session) -> None:
    if has_request_context():
        _requeue()


def _requeue() -> None:
    """The commit they rode with failed: they are pending again, for the end of the request."""
    if rows := g.pop(_IN_FLIGHT, None):
        g.setdefault(_PENDING, [])[:0] = rows


# --- Several requests' reads in one commit (SQLite) ----------------------------------------


class GroupCommit:
    """The read events of the requests finishing at the same moment in this process, written
    in one INSERT and one commit on a connection of their own.

    SQLite lets one connection write at a time, and writers take turns on a lock file
    (`extensions.OneWriterConnection`). With each page writing its own audit row, a page
    about a child under 16 connections found six of the eight threads waiting for the turn,
    and its p99 was 200 ms. Here the first request to arrive writes for itself and for
    every request that arrives while it writes; those wait until their rows are committed,
    so no page is sent before its audit rows are in the database, as before. One turn is
    taken for a batch, not one a request.
    """

    def __init__(self):
        self._changed = threading.Condition()
        self._waiting: list[list] = []  # [rows, written: None until tried, then True/False]
        self._writing = False
        self.commits = 0  # how many batches were committed (for tests and benchmarks)

    def queued(self) -> int:
        """How many requests' rows wait for the batch being written to finish."""
        with self._changed:
            return len(self._waiting)

    def write(self, engine: sa.Engine, rows: list[dict]) -> bool:
        """Write these rows with whatever else is waiting; True once they are committed."""
        mine = [rows, None]
        with self._changed:
            self._waiting.append(mine)
            while self._writing and mine[1] is None:
                self._changed.wait()
            if mine[1] is not None:  # another request wrote them
                return mine[1]
            self._writing = True
            batch, self._waiting = self._waiting, []
        written = False
        try:
            with engine.connect() as connection:
                _insert(connection, [row for waiting in batch for row in waiting[0]])
                connection.commit()
            written = True
            self.commits += 1
        except sa.exc.SQLAlchemyError as error:
            log.error("Could not write a batch of audit events: %s", type(error).__name__)
        finally:
            with self._changed:
                for waiting in batch:
                    waiting[1] = written
                self._writing = False
                self._changed.notify_all()
        return written


def _reads_alone() -> bool:
    """The request's session has nothing of its own to write (SQLite only: there writers
    take turns; PostgreSQL writes a request's reads without a transaction already)."""
    if db.engine.dialect.name != "sqlite":
        return False
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return False
    if session.get_transaction() is None:
        return True
    return not session.connection().connection.dbapi_connection.in_transaction


# --- The end of the request ----------------------------------------------------------------


def write_pending() -> bool:
    """Write this request's remaining read events in one INSERT and commit; retry once.
    False if they could not be written (logged without any personal data)."""
    rows = g.get(_PENDING)
    if not rows:
        return True
    group = current_app.extensions.get("audit_group_commit")
    # Not written by the group: the request's own commit tries them below, with its retry.
    if group is not None and _reads_alone() and group.write(db.engine, rows):
        g.pop(_PENDING, None)
        return True
    for attempt in (1, 2):
        try:
            db.session.commit()  # hands the rows over through _before_commit
            return True
        except sa.exc.SQLAlchemyError as error:
            db.session.rollback()
            _requeue()
            actions = sorted({row["action"] for row in g.get(_PENDING, rows)})
            log.error(
                "Could not write %d audit events (%s), attempt %d: %s",
                len(g.get(_PENDING, rows)),
                ", ".join(actions),
                attempt,
                type(error).__name__,
            )
            if attempt == 1:
                time.sleep(0.05)
    return False


def init_app(app: Flask) -> None:
    """Register the session events and the end-of-request write. Call after every other
    after_request hook is registered, so this one runs first and a withheld page still gets
    the security headers and compression."""
    app.extensions["audit_group_commit"] = GroupCommit()
    if not sa.event.contains(db.session, "before_commit", _before_commit):
        sa.event.listen(db.session, "before_commit", _before_commit)
        sa.event.listen(db.session, "after_commit", _after_commit)
        sa.event.listen(db.session, "after_rollback", _after_rollback)

    @app.after_request
    def write_audited_reads(response):
        if write_pending():
            return response
        g.pop(_PENDING, None)
        return app.make_response((render_template("errors/error.html", status=503), 503))

    @app.teardown_request
    def never_drop_reads(error=None):
        # After-request hooks are skipped only when the request fails on its way out; the
        # events still go to the database, or the log says how many were lost.
        if g.get(_PENDING) and not write_pending():
            log.error("Audit events lost at the end of a request: %d", len(g.pop(_PENDING)))
