"""Lists shown a page at a time, by statements built once.

Building a SELECT and working out its cache key costs SQLAlchemy more than SQLite takes to run
it (0.5 ms against 0.15 ms for a page of a pupil's views), so a list a busy page shows is
built once, with bound parameters, and run with the values of each request:

    @functools.cache
    def _statement():
        return paged(sa.select(...).where(Model.pupil_id == sa.bindparam("pupil_id")))

    total, rows = run_paged(_statement(), {"pupil_id": pupil.id}, limit, offset)
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


def run_paged(
    statement: sa.Select, params: dict, limit: int, offset: int = 0
) -> tuple[int, list[sa.Row]]:
    """One page of a `paged` statement's rows, and how many there are in all. The rows keep
    their columns' names (and the count, last); past the last page there are none, and the
    first row, asked for again, gives the count."""
    rows = db.session.execute(statement, {**params, "limit": limit, "offset": offset}).all()
    if rows:
        return int(rows[0][-1]), rows
    if offset == 0:
        return 0, []
    first = db.session.execute(statement, {**params, "limit": 1, "offset": 0}).first()
    return (int(first[-1]) if first else 0), []
