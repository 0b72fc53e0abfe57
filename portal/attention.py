"""What needs the SENCO's attention, built from sections any domain package can add.

A section is a count and the rows to show first. Every section's count comes from one
aggregate query for the whole list (the counts are scalar subqueries of one SELECT), and
each section with something in it loads only the rows shown (LIMIT), so the work does not
grow with the school: a school of 2,000 pupils costs what a school of 200 does. A domain
package's attention.py holds its sections and a `register()` its init_app calls:

    def overdue_count(q: AttentionQuery) -> sa.Select:
        return sa.select(sa.func.count(Plan.id)).where(...)

    def overdue_rows(q: AttentionQuery, limit: int, offset: int) -> list[Row]:
        ...  # one query with LIMIT and OFFSET; rows name their subject

    attention.add("overdue", _l("Reviews past their date"), overdue_count, overdue_rows, order=20)

Rows name their `subject` (a plan, a meeting); the page turns it into an address with
portal.links, so sections never know the web's endpoints.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

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
    count: Callable[[AttentionQuery], sa.Select]
    rows: Callable[[AttentionQuery, int, int], list[Row]]
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

    def add(self, key: str, title, count, rows, order: int = 100, hint=None) -> None:
        """Add a section (adding a key again replaces it, so apps can be created twice)."""
        self._sources[key] = Source(key, title, order, count, rows, hint)

    def sources(self) -> list[Source]:
        return sorted(self._sources.values(), key=lambda s: (s.order, s.key))

    def keys(self) -> list[str]:
        return [s.key for s in self.sources()]

    def counts(self, query: AttentionQuery, keys: list[str] | None = None) -> dict[str, int]:
        """Every section's count in one query."""
        sources = [s for s in self.sources() if keys is None or s.key in keys]
        if not sources:
            return {}
        row = db.session.execute(
            sa.select(*[s.count(query).scalar_subquery().label(s.key) for s in sources])
        ).one()
        return {s.key: int(value or 0) for s, value in zip(sources, row, strict=True)}

    def sections(
        self,
        query: AttentionQuery,
        *,
        limit: int = 5,
        offset: int = 0,
        only: str | None = None,
    ) -> list[Section]:
        """The sections with something in them, each with its first `limit` rows."""
        keys = [only] if only else None
        counts = self.counts(query, keys)
        found = []
        for source in self.sources():
            count = counts.get(source.key, 0)
            if not count:
                continue
            found.append(
                Section(
                    source.key,
                    str(source.title),
                    count,
                    source.rows(query, limit, offset),
                    str(source.hint) if source.hint else None,
                )
            )
        return found


attention = Attention()
