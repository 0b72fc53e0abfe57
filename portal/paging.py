"""Lists shown a page at a time, by statements built once.

Building a SELECT and working out its cache key costs SQLAlchemy more than SQLite takes to run
it (0.5 ms against 0.15 ms for a page of a pupil's views), so a list a busy page shows is
built once, with bound parameters, and run with the values of each request:

    @functools.cache
    def _statement():
        return paged(sa.select(...).where(Model.pupil_id == sa.bindparam("pupil_id")))

    total, rows = run_paged(_statement(), {"pupil_id": pupil.id}, limit, offset)

A statement of mapped objects is run by the session (`objects=True`); one of columns on its
connection.
"""

import sqlalchemy as sa

from portal.extensions import db


def paged(statement: sa.Select) -> sa.Select:
    """The statement's rows a page at a time (bound `limit` and `offset`), each row with the
    count of all of them as its last column."""
    return (
        statement.add_columns(sa.func.count().over().label("paged_total"))
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
    )


def rows_of(statement: sa.Select, params: dict) -> list[sa.Row]:
    """The rows of a statement of columns (no mapped objects), run on the session's
    connection: the ORM's steps for a statement cost half as much again as the statement."""
    return db.session.connection().execute(statement, params).all()


def run_paged(
    statement: sa.Select, params: dict, limit: int, offset: int = 0, *, objects: bool = False
) -> tuple[int, list[sa.Row]]:
    """One page of a `paged` statement's rows, and how many there are in all. The rows keep
    their columns' names (and the count, last); past the last page there are none, and the
    first row, asked for again, gives the count. `objects`: the statement loads mapped
    objects, so the session runs it."""
    run = db.session.execute if objects else rows_of

    def page(limit: int, offset: int) -> list[sa.Row]:
        return list(run(statement, {**params, "limit": limit, "offset": offset}))

    found = page(limit, offset)
    if found:
        return int(found[0][-1]), found
    if offset == 0:
        return 0, []
    first = page(1, 0)
    return (int(first[0][-1]) if first else 0), []
