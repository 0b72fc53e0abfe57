"""Results kept between requests until the data they come from changes.

The SENCO's home works out what needs attention from sixteen queries, and every SENCO page
counts the inbox; the answers change only when someone changes something, far less often
than the pages are read. So each instance keeps such results in its own memory, filed
under the data's version: `data_version.token`, one row, which every commit that changes
data gives a new random value, in the same transaction as the change. A page reads the
token (one small query) and uses what was kept under it, or works it out and keeps it:

    sections = kept.result(("attention", school.id, today, limit), lambda: work_it_out())

Nothing is shared between instances but the database, so each works its results out once
per version; none ever shows what another instance has since changed. What counts as a
change is any INSERT, UPDATE or DELETE except to the tables that record who read what and
who is signed in (`UNTRACKED`): reading a pupil's page writes an audit row, and must not
make every kept result stale.

Results must be plain values (numbers, strings, dates, tuples, frozen dataclasses), never
ORM objects: those belong to the session that loaded them.
"""

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context

from portal.extensions import db
from portal.models import DataVersion

T = TypeVar("T")

# Tables whose rows no kept result is made from: writing them leaves the version alone.
UNTRACKED = frozenset(
    {
        "audit_event",
        "user_session",
        "sign_in_event",
        "login_attempt",
        "held_form",
        "data_version",
        "alembic_version",
    }
)
CHANGED = "kept.changed"  # on a connection's info: it has written data since its last commit
PAUSED = "kept.paused"  # on a connection's info: migrations, which run before the table exists
KEEP_AT_MOST = 512  # results an instance keeps, the least recently used going first

_WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I)


class Store:
    """An instance's kept results: a small LRU, safe for gunicorn's threads."""

    def __init__(self, size: int = KEEP_AT_MOST):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._working: dict[Hashable, list] = {}  # key: [its lock, threads wanting it]

    @contextmanager
    def one_at_a_time(self, key: Hashable):
        """While one thread works a result out, the others wanting it wait for it rather than
        all working it out at once (after a change, every request for a busy page arrives
        to find nothing kept, and together they would take many times as long)."""
        with self._lock:
            entry = self._working.setdefault(key, [threading.RLock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._lock:
                entry[1] -= 1
                if not entry[1]:
                    del self._working[key]

    def get(self, key: Hashable):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
        return False, None

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def result(key: tuple, make: Callable[[], T]) -> T:
    """What `make()` returns for the data as it is now, kept for as long as nothing changes.

    `key` names the result and everything else it depends on (the school, the day, the
    page's language, who is looking if it depends on that). Inside a transaction that has
    changed data and not yet committed, results are worked out afresh and not kept: they
    see changes nobody else can see yet."""
    connection = db.session.connection()
    if connection.info.get(CHANGED):
        return make()
    token = g.get(_TOKEN) if has_request_context() else None
    if token is None:
        token = connection.execute(sa.select(VERSION)).scalar()
        note_version(token)
    store: Store = current_app.extensions["kept"]
    full_key = (token, *key)
    found, value = store.get(full_key)
    if found:
        return value
    with store.one_at_a_time(full_key):
        found, value = store.get(full_key)  # another thread may have just kept it
        if not found:
            value = make()
            store.put(full_key, value)
    return value


# The version as a column, for a statement every request runs anyway (the signed-in
# session's: portal.auth.sessions.live) to bring back with it.
VERSION = sa.select(DataVersion.token).where(DataVersion.id == 1).scalar_subquery()
_TOKEN = "kept_version"  # on flask.g: the version this request read


def note_version(token: str | None) -> None:
    """The version this request has read, until it commits a change of its own."""
    if token is not None and has_request_context():
        g.setdefault(_TOKEN, token)


def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if conn.info.get(CHANGED):
        return
    written = _WRITE.match(statement)
    if written and written.group(1).lower() not in UNTRACKED:
        conn.info[CHANGED] = True


def _new_version(conn) -> None:
    """Just before a commit that changed data: a new token, in the same transaction."""
    if conn.info.pop(CHANGED, False) and not conn.info.get(PAUSED):
        if has_request_context():
            g.pop(_TOKEN, None)
        cursor = conn.connection.cursor()
        try:
            cursor.execute(
                _NEW_TOKEN[conn.dialect.paramstyle],
                (secrets.token_hex(16),),
            )
        finally:
            cursor.close()


_NEW_TOKEN = {
    "qmark": "UPDATE data_version SET token = ? WHERE id = 1",
    "format": "UPDATE data_version SET token = %s WHERE id = 1",
    "pyformat": "UPDATE data_version SET token = %s WHERE id = 1",
}


def _forget(conn) -> None:
    conn.info.pop(CHANGED, None)


def _checked_out(dbapi_connection, record, proxy) -> None:
    record.info.pop(CHANGED, None)
    record.info.pop(PAUSED, None)


def pause(connection) -> None:
    """Mark a connection as one that runs migrations: its writes change no version (the
    table may not exist yet, and a new release starts every instance afresh anyway). The
    mark goes when the connection is next taken from the pool."""
    connection.info[PAUSED] = True


def init_app(app: Flask) -> None:
    app.extensions["kept"] = Store()
    with app.app_context():
        engine = db.engine
    if not sa.event.contains(engine, "before_cursor_execute", _note_write):
        sa.event.listen(engine, "before_cursor_execute", _note_write)
        sa.event.listen(engine, "commit", _new_version)
        sa.event.listen(engine, "rollback", _forget)
        sa.event.listen(engine.pool, "checkout", _checked_out)
