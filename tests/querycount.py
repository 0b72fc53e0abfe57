"""Count the SQL statements a request runs, to catch N+1 queries."""

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def count_queries(engine, parameters: list | None = None):
    """The statements run inside the block (and, given a list, each one's parameters in it,
    in the same order)."""
    statements: list[str] = []

    def before(conn, cursor, statement, sent, context, executemany):
        statements.append(statement)
        if parameters is not None:
            parameters.append(sent)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
