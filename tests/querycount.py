"""Count the SQL statements a request runs, to catch N+1 queries."""

from contextlib import contextmanager

from flask import current_app, has_app_context
from sqlalchemy import event


@contextmanager
def count_queries(engine, parameters: list | None = None, *, kept: bool = False):
    """The statements run inside the block (and, given a list, each one's parameters in it,
    in the same order).

    Results kept between requests (portal.kept) are forgotten first, so the block does all
    its work, as after a change; `kept=True` counts with what earlier requests kept."""
    statements: list[str] = []
    if not kept and has_app_context():
        current_app.extensions["kept"].clear()

    def before(conn, cursor, statement, sent, context, executemany):
        statements.append(statement)
        if parameters is not None:
            parameters.append(sent)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
