"""Everything the database holds about a pupil or a person, found by following foreign keys.

Subject access (a copy of everything) and retention (deleting a leaver's record) both need
"every row about this pupil", including rows that features added after this was written:
so the rows are found from the schema itself, not from a list kept by hand.
"""

from collections.abc import Iterator

import sqlalchemy as sa

from portal.extensions import db

# Never copied out: secrets, and uploaded files that are not about anyone in particular.
SECRET_COLUMNS = {"password_hash", "session_token", "token_hash", "account_key", "ip_key"}


def _tables() -> list[sa.Table]:
    return list(db.metadata.sorted_tables)


def about_pupils(pupil_ids: list[int]) -> dict[sa.Table, sa.ColumnElement[bool]]:
    """Each table with rows about these pupils, and the WHERE clause that finds them.

    Tables come parents first: deleting goes the other way round.
    """
    pupil = db.metadata.tables["pupil"]
    found: dict[sa.Table, sa.ColumnElement[bool]] = {pupil: pupil.c.id.in_(pupil_ids)}
    for table in _tables():
        if table is pupil:
            continue
        clauses = []
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent is table or parent not in found:
                continue
            key = fk.column
            clauses.append(fk.parent.in_(sa.select(key).where(found[parent])))
        if clauses:
            found[table] = sa.or_(*clauses)
    return found


def school_scope(table: sa.Table, school_id: int, depth: int = 0) -> sa.ColumnElement | None:
    """A clause keeping a table's rows to one school's, or None if the table has no school."""
    if "school_id" in table.c:
        return table.c.school_id == school_id
    if "pupil_id" in table.c:
        pupil = db.metadata.tables["pupil"]
        return table.c.pupil_id.in_(sa.select(pupil.c.id).where(pupil.c.school_id == school_id))
    if depth >= 3:
        return None
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent is table or parent.name == "user_account":
            continue
        scope = school_scope(parent, school_id, depth + 1)
        if scope is not None:
            return fk.parent.in_(sa.select(fk.column).where(scope))
    return None


def about_person(user_id: int, school_id: int) -> dict[sa.Table, sa.ColumnElement[bool]]:
    """Each table with rows naming this person, kept to one school's where a table has one."""
    users = db.metadata.tables["user_account"]
    found: dict[sa.Table, sa.ColumnElement[bool]] = {users: users.c.id == user_id}
    for table in _tables():
        columns = [fk.parent for fk in table.foreign_keys if fk.column.table is users]
        if table is users or not columns:
            continue
        clause = sa.or_(*(column == user_id for column in columns))
        scope = school_scope(table, school_id)
        found[table] = sa.and_(clause, scope) if scope is not None else clause
    return found


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, (int, float, str, bool)):
        return value.value
    return value


def dump(found: dict[sa.Table, sa.ColumnElement[bool]]) -> Iterator[tuple[str, list[dict]]]:
    """(table name, rows as plain dicts) for each table, without secrets or file contents."""
    for table, clause in found.items():
        columns = [
            c
            for c in table.c
            if c.name not in SECRET_COLUMNS and not isinstance(c.type, sa.LargeBinary)
        ]
        order = list(table.primary_key.columns)
        rows = db.session.execute(sa.select(*columns).where(clause).order_by(*order)).mappings()
        data = [{key: _value(value) for key, value in row.items()} for row in rows]
        if data:
            yield table.name, data


def delete(found: dict[sa.Table, sa.ColumnElement[bool]]) -> int:
    """Delete the rows, children before parents. Returns how many rows went."""
    total = 0
    for table in reversed(list(found)):
        total += db.session.execute(table.delete().where(found[table])).rowcount or 0
    return total
