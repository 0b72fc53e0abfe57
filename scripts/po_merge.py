"""A git merge driver for translation catalogs: merge by message, not by line.

Two branches that each add strings to a catalog touch neighbouring lines (the catalogs
are sorted by msgid), so a line merge conflicts where a message merge has nothing to
decide. Register it once per clone:

    git config merge.catalog.name "translation catalogs, merged by message"
    git config merge.catalog.driver "python3 scripts/po_merge.py %O %A %B"

(.gitattributes already routes *.po and *.pot here.) For each msgid the side that
changed it since the common ancestor wins; a message removed on one side and untouched
on the other goes. When both sides changed the same translation differently, ours is
kept and the driver exits 1 so git reports a conflict to look at.
"""

import sys

from babel.messages.pofile import read_po, write_po


def load(path):
    with open(path, "rb") as file:
        return read_po(file)


def text(message):
    return (message.string, tuple(sorted(message.flags)), message.user_comments)


def merge(base_path: str, ours_path: str, theirs_path: str) -> int:
    base, ours, theirs = load(base_path), load(ours_path), load(theirs_path)
    clashes = 0
    for message in theirs:
        if not message.id:
            continue
        mine, before = ours.get(message.id), base.get(message.id)
        if mine is None:
            if before is None:  # added on their side
                ours[message.id] = message
            continue  # we removed it
        if before is not None and text(mine) == text(before):
            ours[message.id] = message  # only they changed it
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
