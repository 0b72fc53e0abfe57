"""The SENCO's inbox and each pupil's timeline, built from sources any feature can add.

A source is a function that loads its own rows in a fixed number of queries and returns
`Item`s. The timeline merges and sorts the items from every source, so it never knows what
kinds of things exist. The inbox chooses a page's items in the database: each source gives a
light SELECT of its rows' ids and sort keys (`sort_keys`), the feed orders all of them
together and keeps one page (`Feed.page`), and each source then loads only its own chosen
rows. A domain package's feeds.py holds its sources and a `register()` that adds them; its
`init_app` calls it when the app is created:

    def plan_questions(query: InboxQuery) -> list[Item]:
        statement = query.narrow(rows_of_the_school_joined_to_pupil, still_open)
        ...  # one query: query.first(statement.options(...), unread, when, PlanQuestion.id),
        ...  # the rows the inbox chose (or, for a source without keys, its first query.limit)

    def plan_question_keys(query: InboxQuery) -> sa.Select:
        return sort_keys(the_same_statement_unordered, PlanQuestion.id, when, unread)

    def count_plan_questions(query: InboxQuery) -> sa.Select:
        return tally(the_same_statement_unordered, unread)  # the inbox runs all in one

    def plans(pupil: Pupil, viewer: User) -> list[Item]:
        ...  # everything about this pupil, newest or oldest, the timeline sorts it

    def register() -> None:
        inbox.add("plan_question", _l("Questions about plans"), plan_questions, order=40,
                  item_label=_l("Question about a plan"), count=count_plan_questions,
                  keys=plan_question_keys)
        timeline.add("plan", _l("Plans"), plans, order=40)

An item names its `subject` (the concern, the plan); the page showing the feed turns it
into an address with portal.links, so sources never know the web's endpoints. In the inbox,
the subject's `id` is the id its source's keys give.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa

from portal import kept
from portal.extensions import db
from portal.models import Pupil


@dataclass
class Item:
    """One thing on the inbox or the timeline, whatever its kind."""

    kind: str  # the source's key, e.g. "concern", "pupil_views", "meeting"
    when: datetime  # UTC; what the list sorts on (raised, sent, held)
    title: str
    subject: object  # what opening the item shows: a Concern, a Views, a Plan...
    pupil: Pupil
    unread: bool = False  # needs the SENCO to open it
    status: str | None = None  # a short state in words, e.g. "Not read yet"
    detail: str | None = None  # one line more, e.g. a reference or a language
    kind_label: str = ""  # filled in from the source's label
    # When it began, for "raised 3 days ago" (defaults to `when`).
    since: datetime | None = None
    extra: dict = field(default_factory=dict)
    url: str = ""  # filled in by the page that shows the item (portal.links.attach)
    # Above everything else whatever the sort, while it needs someone (a safety alert).
    pinned: bool = False


@dataclass(frozen=True)
class InboxQuery:
    school_id: int
    year_group: int | None = None
    # True: only what still needs the SENCO (unread, or a concern not closed).
    open_only: bool = True
    # A source loads its first `limit` items in the inbox's order: the page shows the first
    # items of all sources together, so it never needs more of any one.
    limit: int | None = 200
    newest_first: bool = False
    # Who is looking: sources of things sent to one person (a pupil's worry, a safety
    # alert for the safeguarding lead) show only that person's.
    viewer: object = None
    # The ids of this source's rows the inbox chose for the page (Feed.page): the source
    # loads just those, in any order.
    chosen: tuple[int, ...] | None = None

    def order(self, unread, when) -> list:
        """A source's ORDER BY: what has waited longest unread first, then the rest newest
        first (oldest_unread_first below), or everything newest first."""
        if self.newest_first:
            return [when.desc()]
        return [sa.case((unread, 0), else_=1), sa.case((unread, when)).asc(), when.desc()]

    def narrow(self, statement: sa.Select, still_open) -> sa.Select:
        """A source's statement (joined to Pupil) narrowed to what this query asks for: the
        year group chosen, and only what still needs the SENCO (`still_open`) if asked."""
        if self.year_group is not None:
            statement = statement.where(Pupil.year_group == self.year_group)
        if self.open_only:
            statement = statement.where(still_open)
        return statement

    def first(self, statement: sa.Select, unread, when, key=None) -> sa.Select:
        """A source's rows the inbox chose by their `key` (its id column), or, for a source
        without sort keys, its first `limit` rows in the inbox's order."""
        if self.chosen is not None:
            if key is None:
                raise ValueError("a source with sort keys passes its id column to first()")
            return statement.where(key.in_(self.chosen))
        return statement.order_by(*self.order(unread, when)).limit(self.limit)


def tally(statement: sa.Select, unread) -> sa.Select:
    """For a source's count: the SELECT of how many rows its statement (before its options,
    order and limit) matches, and how many of them are unread. The inbox runs every
    source's in one statement."""
    return statement.with_only_columns(
        sa.func.count().label("total"),
        sa.func.count(sa.case((unread, 1))).label("unread"),
        maintain_column_froms=True,
    ).order_by(None)


_ZERO = sa.literal_column("0", sa.Integer)


def sort_keys(statement: sa.Select, key, when, unread, pinned=None) -> sa.Select:
    """For the inbox's choice of a page: the light SELECT of a source's rows (its statement
    before options, order and limit) as (id, at, unread, pinned), what the inbox's two orders
    need. The feed UNION ALLs every source's, so each column has one type in all of them:
    ids are integers, flags 1 or 0, and `when` a DateTime column (naive UTC everywhere; no
    CAST: SQLite's CAST AS DATETIME turns '2026-11-30 ...' into the number 2026)."""
    return statement.with_only_columns(
        key.label("id"),
        sa.type_coerce(when, sa.DateTime).label("at"),
        sa.case((unread, 1), else_=0).label("unread"),
        (sa.case((pinned, 1), else_=0) if pinned is not None else _ZERO).label("pinned"),
        maintain_column_froms=True,
    ).order_by(None)


@dataclass(frozen=True)
class Source:
    kind: str
    label: object  # a lazy string naming the kind, for the filter: "Concerns"
    order: int
    load: Callable[..., Iterable[Item]]
    item_label: object = None  # one item of it, for its tag: "Concern"
    # For the inbox: a SELECT of how many items the query matches and how many are unread
    # (made with `tally`), so all sources are counted in one statement without loading them.
    count: Callable[..., sa.Select] | None = None
    # For the inbox: the SELECT of its rows' ids and sort keys (made with `sort_keys`), so
    # the database chooses a page's items. Beside a source without, every source loads as
    # far as the page reaches and Python sorts them (the way before issue 13).
    keys: Callable[..., sa.Select] | None = None


def _same_for_everyone(argument):
    """A query as a key for kept counts: the same for every request that asks the same."""
    if isinstance(argument, InboxQuery):
        viewer = getattr(argument.viewer, "id", None)
        return replace(argument, limit=None, newest_first=False, viewer=viewer)
    return getattr(argument, "id", argument)


class Feed:
    """A registry of sources, collected into one sorted list."""

    def __init__(self, name: str):
        self.name = name
        self._sources: dict[str, Source] = {}

    def add(
        self,
        kind: str,
        label,
        load: Callable[..., Iterable[Item]],
        order: int = 100,
        item_label=None,
        count: Callable[..., sa.Select] | None = None,
        keys: Callable[..., sa.Select] | None = None,
    ) -> None:
        """Add a source (adding a kind again replaces it, so apps can be created twice)."""
        self._sources[kind] = Source(kind, label, order, load, item_label, count, keys)

    def sources(self) -> list[Source]:
        return sorted(self._sources.values(), key=lambda s: (s.order, s.kind))

    def kinds(self) -> list[tuple[str, object]]:
        return [(s.kind, s.label) for s in self.sources()]

    def _wanted(self, kinds: Iterable[str] | None) -> list[Source]:
        wanted = set(kinds) if kinds else None
        return [s for s in self.sources() if wanted is None or s.kind in wanted]

    def count(self, *args, kinds: Iterable[str] | None = None) -> tuple[int, int]:
        """How many items, and how many unread, the sources hold for this query: one statement
        for all the sources that count (one without a count is loaded whole and counted).

        Asked again with the same query (the inbox page, then the Inbox tab's number in the
        menu on every page) it answers from the first time until the data changes
        (portal.kept)."""
        key = (
            "feed count",
            self.name,
            tuple(_same_for_everyone(a) for a in args),
            tuple(kinds) if kinds else None,
        )
        return kept.result(key, lambda: self._count(*args, kinds=kinds))

    def _count(self, *args, kinds: Iterable[str] | None = None) -> tuple[int, int]:
        total = unread = 0
        counts = []
        for source in self._wanted(kinds):
            if source.count is not None:
                counts.append(source.count(*args).subquery())
            else:
                whole = [replace(a, limit=None) if isinstance(a, InboxQuery) else a for a in args]
                items = list(source.load(*whole))
                total += len(items)
                unread += sum(1 for i in items if i.unread)
        if counts:
            together = counts[0]  # each a single row: joined side by side, one row still
            for other in counts[1:]:
                together = together.join(other, sa.true())
            row = db.session.execute(
                sa.select(
                    sum((c.c.total for c in counts), sa.literal(0)),
                    sum((c.c.unread for c in counts), sa.literal(0)),
                ).select_from(together)
            ).one()
            total, unread = total + row[0], unread + row[1]
        return total, unread

    def collect(self, *args, kinds: Iterable[str] | None = None) -> list[Item]:
        items: list[Item] = []
        for source in self._wanted(kinds):
            items.extend(self._load(source, *args))
        return items

    @staticmethod
    def _load(source: Source, *args) -> list[Item]:
        label = str(source.item_label if source.item_label is not None else source.label)
        items = list(source.load(*args))
        for item in items:
            item.kind_label = label
            if item.since is None:
                item.since = item.when
        return items

    def page(
        self, query: InboxQuery, *, offset: int, size: int, kinds: Iterable[str] | None = None
    ) -> list[Item]:
        """One page of the inbox in its order (pinned first, then oldest unread first or
        newest first): `size` items after the first `offset`.

        The database chooses them: one statement orders every source's sort keys together
        and keeps the page's ids, then each source loads just its own (one query a source,
        or its few). The work is the page's, whatever the school's size. Items at the same
        moment keep the sources' order, then the order they were made in."""
        sources = self._wanted(kinds)
        if any(s.keys is None for s in sources):
            whole = self.collect(replace(query, limit=offset + size), kinds=kinds)
            ordered = newest_first(whole) if query.newest_first else oldest_unread_first(whole)
            return ordered[offset : offset + size]
        if not sources:
            return []
        rows = self._choose(query, sources, offset, size)
        chosen: dict[int, list[int]] = {n: [] for n in range(len(sources))}
        for position, key in rows:
            chosen[position].append(key)
        loaded = {}
        # A source with nothing on this page asks too (for no rows, at no cost to the
        # database): the page then runs the same statements whatever it shows.
        for position, keys in chosen.items():
            for item in self._load(sources[position], replace(query, chosen=tuple(keys))):
                loaded[position, item.subject.id] = item
        # Anything gone between the two statements (closed a moment ago) is left out.
        return [loaded[row] for row in rows if row in loaded]

    @staticmethod
    def _choose(
        query: InboxQuery, sources: list[Source], offset: int, size: int
    ) -> tuple[tuple[int, int], ...]:
        """The page's items as (source's position, id): one statement over every source's
        sort keys."""
        every = sa.union_all(
            *(
                s.keys(query).add_columns(sa.literal_column(str(n), sa.Integer).label("source"))
                for n, s in enumerate(sources)
            )
        ).subquery("inbox")
        c = every.c
        if query.newest_first:
            order = [c.pinned.desc(), c.at.desc()]
        else:  # unread by how long they have waited, then the rest newest first
            order = [
                c.pinned.desc(),
                c.unread.desc(),
                sa.case((c.unread == 1, c.at)).asc(),
                c.at.desc(),
            ]
        order += [c.source, c.id]
        statement = sa.select(c.source, c.id).order_by(*order).limit(size).offset(offset)
        return tuple((position, key) for position, key in db.session.execute(statement))


inbox = Feed("inbox")
timeline = Feed("timeline")


def _pinned_first(items: list[Item]) -> list[Item]:
    return [i for i in items if i.pinned] + [i for i in items if not i.pinned]


def newest_first(items: list[Item]) -> list[Item]:
    return _pinned_first(sorted(items, key=lambda i: i.when, reverse=True))


def oldest_unread_first(items: list[Item]) -> list[Item]:
    """What has waited longest comes first; what is already read follows, newest first."""
    unread = sorted((i for i in items if i.unread), key=lambda i: i.since or i.when)
    read = newest_first([i for i in items if not i.unread])
    return _pinned_first(unread + read)
