"""The talking-mat board: topic cards sorted into good, not sure and not good.

The server-side form is the truth: each topic is three radio choices named
`<board>-<topic>`, which is all a browser without JavaScript shows. board.js only lays the
same radios out as cards in three columns that can be dragged, moved with the keyboard or
a switch, and announced to a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.symbol_banks import Card


@dataclass(frozen=True)
class Column:
    value: str
    label: object  # a lazy string
    symbol: str


COLUMNS = [
    Column("good", _l("Good"), "face-happy"),
    Column("not_sure", _l("Not sure"), "not-sure"),
    Column("not_good", _l("Not good"), "face-sad"),
]
COLUMN_VALUES = {c.value for c in COLUMNS}

# "How do you feel about ...": the everyday parts of school a pupil sorts on the board.
SCHOOL_TOPICS = [
    Card("reading", _l("Reading"), "sym-reading"),
    Card("writing", _l("Writing"), "sym-writing"),
    Card("maths", _l("Maths"), "sym-maths"),
    Card("pe", _l("PE and sport"), "sym-sport"),
    Card("art", _l("Drawing and art"), "sym-art"),
    Card("music", _l("Music"), "sym-music"),
    Card("computers", _l("Computers"), "sym-computer"),
    Card("break", _l("Break and lunch time"), "sym-lunch"),
    Card("group_work", _l("Working with a friend"), "sym-friends"),
    Card("teachers", _l("My teachers"), "sym-teacher"),
    Card("tests", _l("Tests"), "sym-test"),
    Card("journey", _l("Getting to school"), "sym-bus"),
]


# The views form's board, "How do you feel about these?": school, learning and friends (a face
# each until December 2026, with the same symbols as those questions had), then the school day.
FEELINGS_TOPICS = [
    Card("school", _l("School"), "school"),
    Card("learning", _l("Learning"), "book"),
    Card("friends", _l("My friends"), "friends"),
    *SCHOOL_TOPICS,
]


def field_name(board: str, topic_key: str) -> str:
    return f"{board}-{topic_key}"


def read_board(formdata, board: str, topics: list[Card]) -> dict[str, str]:
    """What the pupil sorted: {topic key: column value}; topics left unsorted are left out,
    and anything that is not one of the three columns is ignored."""
    sorted_topics = {}
    for topic in topics:
        value = formdata.get(field_name(board, topic.key))
        if value in COLUMN_VALUES:
            sorted_topics[topic.key] = value
    return sorted_topics
