"""How the portal's database connections are set up.

SQLite serves a school on one machine (the demo, a small trust). Three settings make it
fit a web server with many threads: the write-ahead log, so a page being read never waits
for another request's write and a write never waits for readers; a busy timeout, so two
writes queue for a few seconds instead of failing at once; and synchronous=NORMAL, which in
WAL mode skips the disk flush on every commit (a power cut may lose the last moments of
writes, never the database's integrity; an application crash loses nothing).
PostgreSQL needs nothing here.
"""

import sqlalchemy as sa
from flask import Flask

from portal.extensions import db

# busy_timeout first: switching a new database file to WAL briefly needs the write lock.
SQLITE_PRAGMAS = ("busy_timeout = 5000", "journal_mode = WAL", "synchronous = NORMAL")


def sqlite_pragmas(dbapi_connection, _record=None) -> None:
    """Set the pragmas on a new SQLite connection (WAL is kept in the file; the rest are
    per connection)."""
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def init_app(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                sa.event.listen(engine, "connect", sqlite_pragmas)
