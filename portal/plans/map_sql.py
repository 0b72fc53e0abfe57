"""SQL the provision map needs that SQLite and PostgreSQL spell differently.

The words the map groups help by are worked out by the database: lower case, with runs of
spaces, tabs and new lines as one space and none at either end, so "Maths  booster" and
"maths booster" are the same help when the database sums and pages the map. PostgreSQL does
it with its own functions; SQLite, whose lower() knows only ASCII and which has no regular
expressions, with the same Python the map used when it grouped in Python.
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
    # Text of printable ASCII with single spaces inside (most help, most names) is squashed
    # by SQLite's own lower(); only the rest calls Python, which costs a few microseconds.
    column = compiler.process(element.clauses, **kw)
    return (
        f"CASE WHEN {column} GLOB '*[^ -~]*' OR {column} GLOB '*  *' OR {column} GLOB ' *' "
        f"OR {column} GLOB '* ' THEN portal_squash({column}) ELSE lower({column}) END"
    )


class id_list(FunctionElement):  # noqa: N801
    """The ids of a group's rows, as "4,9,12"."""

    type = sa.Text()
    inherit_cache = True
    name = "portal_id_list"


@compiles(id_list)
def _id_list_sqlite(element, compiler, **kw):
    return f"group_concat({compiler.process(element.clauses, **kw)}, ',')"


@compiles(id_list, "postgresql")
def _id_list_postgresql(element, compiler, **kw):
    return f"string_agg(CAST({compiler.process(element.clauses, **kw)} AS TEXT), ',')"


@compiles(squashed, "postgresql")
def _squashed_postgresql(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"btrim(regexp_replace(lower({column}), '\\s+', ' ', 'g'), ' ')"


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_squash(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("portal_squash", 1, squash, deterministic=True)


class unindexed(FunctionElement):  # noqa: N801
    """A column SQLite must not look up through its index (its "+column"): the index of
    every plan's status would read the shared plans of the whole trust, where the school's
    pupils lead to their own plans (a third of the time for a school of five in a trust)."""

    inherit_cache = True
    name = "portal_unindexed"

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(unindexed, "postgresql")
def _unindexed_postgresql(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)
