"""The SENCO's inbox and each pupil's timeline, built from sources any feature can add.

A source is a function that loads its own rows in a fixed number of queries and returns
`Item`s. The inbox and the timeline merge and sort the items from every source, so neither
page knows what kinds of things exist. A domain package's feeds.py holds its sources and a
`register()` that adds them; its `init_app` calls it when the app is created:

    def plan_questions(query: InboxQuery) -> list[Item]:
        ...  # one query, filtered by query.school_id, query.year_group, query.open_only

    def plans(pupil: Pupil, viewer: User) -> list[Item]:
        ...  # everything about this pupil, newest or oldest, the timeline sorts it

    def register() -> None:
        inbox.add("plan_question", _l("Questions about plans"), plan_questions, order=40,
                  item_label=_l("Question about a plan"))
        timeline.add("plan", _l("Plans"), plans, order=40)

An item names its `subject` (the concern, the plan); the page showing the feed turns it
into an address with portal.links, so sources never know the web's endpoints.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

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
    limit: int = 200
    # Who is looking: sources of things sent to one person (a pupil's worry, a safety
    # alert for the safeguarding lead) show only that person's.
    viewer: object = None


@dataclass(frozen=True)
class Source:
    kind: str
    label: object  # a lazy string naming the kind, for the filter: "Concerns"
    order: int
    load: Callable[..., Iterable[Item]]
    item_label: object = None  # one item of it, for its tag: "Concern"


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
    ) -> None:
        """Add a source (adding a kind again replaces it, so apps can be created twice)."""
        self._sources[kind] = Source(kind, label, order, load, item_label)

    def sources(self) -> list[Source]:
        return sorted(self._sources.values(), key=lambda s: (s.order, s.kind))

    def kinds(self) -> list[tuple[str, object]]:
        return [(s.kind, s.label) for s in self.sources()]

    def collect(self, *args, kinds: Iterable[str] | None = None) -> list[Item]:
        wanted = set(kinds) if kinds else None
        items: list[Item] = []
        for source in self.sources():
            if wanted is not None and source.kind not in wanted:
                continue
            for item in source.load(*args):
                item.kind_label = str(source.item_label or source.label)
                if item.since is None:
                    item.since = item.when
                items.append(item)
        return items


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
