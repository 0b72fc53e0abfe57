"""The words the provision map groups help by, worked out by the database: lower case, with
runs of spaces, tabs and new lines as one space and none at either end, so "Maths  booster"
and "maths booster" are the same help when the database sums and pages the map.

PostgreSQL does it with its own functions; SQLite, whose lower() knows only ASCII and which
has no regular expressions, with the same Python the map used when it grouped in Python.
"""

import sqlite3

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def squash(text: str | None) -> str | None:
    return None if text is None else " ".join(text.lower().split())


class squashed(FunctionElement):  # noqa: N801 (used like sa.func.lower)
    """squash() of a column, in SQL."""

    type = sa.Text()
    inherit_cache = True
    name = "portal_squash"


@compiles(squashed)
def _squashed_sqlite(element, compiler, **kw):
    return f"portal_squash({compiler.process(element.clauses, **kw)})"


@compiles(squashed, "postgresql")
def _squashed_postgresql(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"btrim(regexp_replace(lower({column}), '\\s+', ' ', 'g'), ' ')"


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_squash(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("portal_squash", 1, squash, deterministic=True)
