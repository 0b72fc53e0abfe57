"""What needs the SENCO's attention, built from sections any domain package can add.

A section is a count and the rows to show first, from one query: the rows shown (LIMIT)
and, with each, the count of them all (`COUNT(*) OVER ()`, worked out by the database).
Every section runs that one query whether it finds anything or not, so the list costs the
same number of queries, and loads the same number of rows, in a school of 2,000 pupils as
in one of 200. A domain package's attention.py holds its sections and a `register()` its
init_app calls:

    def overdue(q: AttentionQuery, limit: int, offset: int) -> tuple[int, list[Row]]:
        total, plans = page_of(sa.select(Plan).where(...).order_by(...), limit, offset)
        return total, [Row(plan, ...) for (plan,) in plans]

    attention.add("overdue", _l("Reviews past their date"), overdue, order=20)

Rows name their `subject` (a plan, a meeting); the page turns it into an address with
portal.links, so sections never know the web's endpoints.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from portal.extensions import db


@dataclass(frozen=True)
class AttentionQuery:
    school_id: int
    today: date  # in the school's time zone
    now: datetime  # UTC, as stored
    # What sections work out once per list (the school's year and terms), by their key.
    cache: dict = field(default_factory=dict, compare=False, hash=False)

    def remember(self, key: str, make: Callable[[], object]):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass
class Row:
    subject: object  # what opening the row shows
    pupil_name: str
    text: str  # one line: "annual review report due on 3 March"
    due: date | None = None
    since: datetime | None = None
    anchor: str = ""
    url: str = ""  # filled in by the page (portal.links)


@dataclass(frozen=True)
class Source:
    key: str
    title: object  # a lazy string
    order: int
    load: Callable[[AttentionQuery, int, int], tuple[int, list[Row]]]
    hint: object = None


@dataclass
class Section:
    key: str
    title: str
    count: int
    rows: list[Row] = field(default_factory=list)
    hint: str | None = None


class Attention:
    def __init__(self):
        self._sources: dict[str, Source] = {}

    def add(self, key: str, title, load, order: int = 100, hint=None) -> None:
        """Add a section (adding a key again replaces it, so apps can be created twice)."""
        self._sources[key] = Source(key, title, order, load, hint)

    def sources(self) -> list[Source]:
        return sorted(self._sources.values(), key=lambda s: (s.order, s.key))

    def keys(self) -> list[str]:
        return [s.key for s in self.sources()]

    def sections(
        self,
        query: AttentionQuery,
        *,
        limit: int = 5,
        offset: int = 0,
        only: str | None = None,
    ) -> list[Section]:
        """The sections with something in them, each with its first `limit` rows."""
        found = []
        for source in self.sources():
            if only is not None and source.key != only:
                continue
            count, rows = source.load(query, limit, offset)
            if count:
                hint = str(source.hint) if source.hint else None
                found.append(Section(source.key, str(source.title), count, rows, hint))
        return found


def page_of(statement: sa.Select, limit: int, offset: int) -> tuple[int, list[sa.Row]]:
    """One page of a section's rows, and how many there are in all, in one query. (Past the
    last page no row carries the count: a second query counts them.)"""
    rows = db.session.execute(
        statement.add_columns(sa.func.count().over().label("attention_total"))
        .limit(limit)
        .offset(offset)
    ).all()
    if rows:
        return int(rows[0][-1]), [row[:-1] for row in rows]
    if offset == 0:
        return 0, []
    counted = sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    return int(db.session.scalar(counted) or 0), []


def page_about_pupils(model, where, order_by, limit: int, offset: int) -> tuple[int, list]:
    """`page_of` for rows about a pupil (`model.pupil`), loaded with the pupil in the same
    query; `where` may use the pupil's columns. Returns the total and the rows' objects."""
    total, rows = page_of(
        sa.select(model)
        .join(model.pupil)
        .where(*where)
        .options(contains_eager(model.pupil))
        .order_by(*order_by),
        limit,
        offset,
    )
    return total, [row for (row,) in rows]


attention = Attention()
