"""Extensions created unbound; create_app binds them to an app."""

import fcntl
import os
import re
import select
import sqlite3
import threading
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from psycopg.pq import TransactionStatus

from portal.models.base import Base

# Objects stay loaded after a commit: a read audited (and committed) mid-request must not
# make the page reload every row it already has.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()


@sa.event.listens_for(sa.engine.Engine, "connect")
def sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite with several gunicorn workers writing at once (benchmarks/concurrency.py).

    WAL lets pages be read while a form is saved; a writer waits its turn for up to 30 s
    instead of failing at once with "database is locked"; NORMAL sync is safe with WAL and
    keeps each commit short. (PostgreSQL needs none of this.)
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # a no-op for an in-memory database
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@sa.event.listens_for(sa.engine.Engine, "handle_error")
def without_the_values(context) -> None:
    """PostgreSQL repeats the values a statement was refused for in its DETAIL line ("Key
    (email)=(…) already exists"): keep only its first line, so a logged error carries no
    personal data. (The statement's parameters are hidden by hide_parameters.)"""
    original = context.original_exception
    primary = getattr(getattr(original, "diag", None), "message_primary", None)
    if not primary:
        return
    original.args = (primary,)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None:
        kind = type(original)
        wrapped.args = (f"({kind.__module__}.{kind.__name__}) {primary}",)


# -- PostgreSQL: a pooled connection checked without a round trip ----------------------------


def quiet(dbapi_connection) -> bool:
    """Whether a pooled connection has heard nothing from its server since it was last used.

    A healthy idle connection has nothing to read. A server that shuts down or restarts, or
    ends the connection, sends a last message and closes the socket, which then reads as
    ready. Looking costs no round trip, where asking the server (SQLAlchemy's pool_pre_ping)
    cost one on every request: a quarter of a small page's time on PostgreSQL.
    """
    try:
        if dbapi_connection.closed or dbapi_connection.broken:
            return False
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except Exception:  # noqa: BLE001 - anything odd about it: ask the server below
        return False


def check_on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:
    """A connection taken from the pool is quiet, or answers; otherwise the pool opens a
    new one (SQLAlchemy retries a checkout that raises DisconnectionError), so a database
    restart costs no failed page."""
    if quiet(dbapi_connection):
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # noqa: BLE001 - whatever the driver says, it is gone
        raise sa.exc.DisconnectionError("the database ended this connection") from error


# -- PostgreSQL: a transaction only for a request that writes --------------------------------

_READ = re.compile(r"\s*(?:SELECT|SHOW)\b", re.I)
# A SELECT that locks rows or moves a sequence needs the transaction it would end with.
_NEEDS_TRANSACTION = re.compile(
    r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE|KEY\s+SHARE)\b|advisory|nextval|setval", re.I
)


def begin_before_writing(conn, cursor, statement, parameters, context, executemany) -> None:
    """Open the transaction at a request's first write, not its first statement.

    PostgreSQL connections run in autocommit mode (isolation_level AUTOCOMMIT): a page that
    only reads sends its SELECTs alone, without the BEGIN and ROLLBACK round trips around
    them. Each SELECT sees the data as committed when it starts, as it would inside a READ
    COMMITTED transaction. The first statement that writes (or locks, or is not a SELECT)
    begins a real transaction, and everything after it belongs to it until the session
    commits or rolls back (psycopg sends COMMIT or ROLLBACK when one is open)."""
    driver = cursor.connection
    if driver.info.transaction_status != TransactionStatus.IDLE:
        return
    if _only_reads(statement):
        return
    if context is not None and context.execution_options.get(RUNS_ALONE):
        return
    driver.execute("BEGIN")


@lru_cache(maxsize=4096)
def _only_reads(statement: str) -> bool:
    """Whether a statement only reads. Asked once per statement text: SQLAlchemy sends the
    same compiled string each time (whose hash Python keeps), and searching a page's dozen
    statements of a few thousand characters each took a fortieth of its time."""
    return bool(_READ.match(statement)) and not _NEEDS_TRANSACTION.search(statement)


# An execution option: this statement is all the transaction would hold (the audit rows of a
# request that changed nothing), and one statement is all or nothing by itself.
RUNS_ALONE = "portal_runs_alone"


def _reads_without_transaction(url: sa.engine.URL) -> bool:
    """The one decision behind both halves of it: the engine's AUTOCOMMIT (engine_options)
    and the BEGIN sent before the first write (watch_connections)."""
    return url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg"


def engine_options(uri: str, options: dict) -> dict:
    """The engine options this portal needs on top of a configuration's own."""
    # Failed SQL is logged without its parameters, whatever else a configuration sets.
    options = {**options, "hide_parameters": True}
    if not uri:
        return options
    url = sa.engine.make_url(uri)
    if _reads_without_transaction(url):
        # Pages that only read need no transaction (begin_before_writing).
        options["isolation_level"] = "AUTOCOMMIT"
    if url.get_backend_name() == "sqlite":
        options["connect_args"] = {
            **options.get("connect_args", {}),
            "factory": OneWriterConnection,
        }
    return options


def watch_connections(engine: sa.engine.Engine) -> None:
    """Check PostgreSQL connections as they leave the pool (SQLite has no server to lose),
    and let them read without a transaction."""
    if engine.dialect.name != "postgresql" or sa.event.contains(
        engine, "checkout", check_on_checkout
    ):
        return
    sa.event.listen(engine, "checkout", check_on_checkout)
    if _reads_without_transaction(engine.url):
        sa.event.listen(engine, "before_cursor_execute", begin_before_writing)


# -- SQLite: one writer at a time, in turn ---------------------------------------------------

_WRITES = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.I)
_held_here = threading.local()  # whether this thread holds the turn, on any connection


class OneWriterConnection(sqlite3.Connection):
    """A SQLite connection that waits its turn to write on a lock file beside the database.

    SQLite lets one connection write at a time. One that finds another writing sleeps and
    tries again, sleeping longer each time (1, 2, 5, 10 ... 100 ms): with every page
    writing its audit row, a page often waited 40 ms and sometimes 800 ms behind writes
    that take a millisecond. Waiting on the lock file instead (flock, in every thread and
    every gunicorn worker of the machine) wakes the next writer the moment the last one
    commits. The turn is taken at a transaction's first write and given back when it
    commits or rolls back; SQLite's own wait (busy_timeout) still covers other programs.
    """

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        path = os.fspath(database)
        self._turn = None
        self._holding = False
        if path and path != ":memory:" and not path.startswith("file:"):
            self._turn = os.open(f"{path}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)

    def cursor(self, factory=None):
        return super().cursor(factory or _TurnTakingCursor)

    def take_turn(self, statement: str) -> None:
        if self._turn is None or self._holding or not _WRITES.match(statement):
            return
        if getattr(_held_here, "turn", False):
            return  # this thread writes on another connection already: never wait on itself
        fcntl.flock(self._turn, fcntl.LOCK_EX)
        self._holding = _held_here.turn = True

    def give_turn(self) -> None:
        if self._holding:
            self._holding = _held_here.turn = False
            fcntl.flock(self._turn, fcntl.LOCK_UN)

    def after_statement(self) -> None:
        if self._holding and not self.in_transaction:  # a write outside a transaction
            self.give_turn()

    def commit(self):
        try:
            super().commit()
        finally:
            self.give_turn()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self.give_turn()

    def close(self):
        try:
            super().close()
        finally:
            self.give_turn()
            if self._turn is not None:
                os.close(self._turn)
                self._turn = None


class _TurnTakingCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):
        self.connection.take_turn(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection.after_statement()

    def executemany(self, sql, parameters, /):
        self.connection.take_turn(sql)
        try:
            return super().executemany(sql, parameters)
        finally:
            self.connection.after_statement()
