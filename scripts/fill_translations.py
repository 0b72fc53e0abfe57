"""Fill in msgstr for given msgids in a catalog, keeping everything else as it is.

    python scripts/fill_translations.py pl translations.json

The JSON maps each msgid (or, for plurals, the singular msgid) to a string or a list
of plural forms; a message with a context (pgettext) is keyed "context\u0004msgid", as
gettext itself keys it. Entries already translated are left alone unless --force is given.
Used by developers when adding strings; not used at run time.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def fill(language: str, translations: dict, force: bool = False) -> list[str]:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    unknown = []
    for key, value in translations.items():
        context, _sep, msgid = key.rpartition("\x04")
        if context:
            message = catalog.get(msgid, context=context)
            if message is None:
                unknown.append(key)
                continue
        message = message if context else catalog.get(key) or next(
            (m for m in catalog if isinstance(m.id, tuple) and m.id[0] == key), None
        )
        if message is None:
            unknown.append(key)
            continue
        empty = not message.string or (
            isinstance(message.string, tuple) and not all(message.string)
        )
        if empty or force:
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with path.open("wb") as file:
        write_po(file, catalog, width=76, omit_header=False)
    return unknown


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--force"]
    language, source = args
    unknown = fill(
        language, json.loads(Path(source).read_text(encoding="utf-8")), force="--force" in sys.argv
    )
    for key in unknown:
        print(f"not in the catalog: {key!r}", file=sys.stderr)
    sys.exit(1 if unknown else 0)
