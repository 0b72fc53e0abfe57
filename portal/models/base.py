"""The declarative base every model shares."""

import enum
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, registry

# Stable constraint names let Alembic alter tables on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def sparse_index(table: str, column: str) -> sa.Index:
    """An index of a column that is empty on most rows (a link most rows lack), holding only
    the rows that have it. A full one gives every empty row one value: SQLite's ANALYZE then
    finds each value on thousands of rows, judges the index useless, and reads the whole
    table for each lookup (the staff pupil page's "was this replaced?" took 60 ms a request
    after the nightly ANALYZE). An equality lookup implies IS NOT NULL, so SQLite and
    PostgreSQL both use the partial index."""
    return sa.Index(
        f"ix_{table}_{column}",
        column,
        sqlite_where=sa.text(f"{column} IS NOT NULL"),
        postgresql_where=sa.text(f"{column} IS NOT NULL"),
    )


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo: SQLite and PostgreSQL then store the same thing."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()


class Base(DeclarativeBase):
    # Enums are stored by value in a plain string column: readable in SQL, and adding a
    # member never needs an ALTER TYPE on PostgreSQL.
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={
            enum.Enum: sa.Enum(
                enum.Enum,
                native_enum=False,
                length=32,
                values_callable=lambda members: [m.value for m in members],
                validate_strings=True,
            ),
            str: sa.String(255),
        },
    )
