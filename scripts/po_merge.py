"""A git merge driver for translation catalogs: merge by message, not by line.

Two branches that each add strings to a catalog touch neighbouring lines (the catalogs
are sorted by msgid), so a line merge conflicts where a message merge has nothing to
decide. Register it once per clone:

    git config merge.catalog.name "translation catalogs, merged by message"
    git config merge.catalog.driver "python3 scripts/po_merge.py %O %A %B"

(.gitattributes already routes *.po and *.pot here.) For each msgid the side that
changed it since the common ancestor wins; a message removed on one side and untouched
on the other goes. When both sides changed the same translation differently, ours is
kept and the driver exits 1 so git reports a conflict to look at. A translation is never
replaced by an empty one: where one side has the message untranslated (both added it, or
a `pybabel update` emptied it) the translated side wins.
"""

import sys

from babel.messages.pofile import read_po, write_po


def load(path):
    with open(path, "rb") as file:
        return read_po(file)


def text(message):
    return (message.string, tuple(sorted(message.flags)), message.user_comments)


def empty(message) -> bool:
    """Not translated: no string, or a plural with any form missing."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not all(strings)


def put(catalog, message) -> None:
    """Put `message` in the catalog in place of any it has: Catalog's own `[id] = message`
    keeps the old translation and only adds locations and flags."""
    catalog.delete(message.id, context=message.context)
    catalog[message.id] = message


def merge(base_path: str, ours_path: str, theirs_path: str) -> int:
    base, ours, theirs = load(base_path), load(ours_path), load(theirs_path)
    clashes = 0
    for message in theirs:
        if not message.id:
            continue
        mine, before = ours.get(message.id), base.get(message.id)
        if mine is None:
            if before is None:  # added on their side
                put(ours, message)
            continue  # we removed it
        if empty(message) and not empty(mine):
            continue  # a translation is never replaced by none
        if empty(mine) and not empty(message):
            put(ours, message)  # both added it, only they translated it
        elif before is not None and text(mine) == text(before):
            put(ours, message)  # only they changed it
        elif text(mine) != text(message) and (before is None or text(message) != text(before)):
            clashes += 1
            print(f"catalog conflict, ours kept: {message.id!r}", file=sys.stderr)
    theirs_ids = {m.id for m in theirs if m.id}
    for message in list(base):
        mine = ours.get(message.id) if message.id else None
        if mine is not None and message.id not in theirs_ids and text(mine) == text(message):
            del ours[message.id]  # they removed it and we did not touch it
    with open(ours_path, "wb") as file:
        write_po(file, ours, width=76, sort_output=True, ignore_obsolete=True)
    return 1 if clashes else 0


if __name__ == "__main__":
    sys.exit(merge(*sys.argv[1:4]))
