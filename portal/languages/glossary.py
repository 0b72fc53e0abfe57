"""The SEND words families meet, in each language: `translations/glossary/<lang>.json`.

Each file names every term (`term`), keeps the English short form a parent can use with
the school (`short`), and explains it in one line (`explanation`). The "what the words
mean" page shows the page's language and falls back to English term by term, so a
glossary still being written never hides a word.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from portal.i18n import DEFAULT_LOCALE, direction_of, translations_dir


@dataclass(frozen=True)
class Term:
    key: str  # the anchor other pages link to: /help/words#outcome
    term: str
    short: str  # the English short form, e.g. "SENCO"
    explanation: str
    lang: str  # the language these words are in (English where the term fell back)

    @property
    def dir(self) -> str:
        return direction_of(self.lang)

    @property
    def shows_short(self) -> bool:
        """The short form adds something: it is not already the term itself."""
        return self.short.casefold() not in self.term.casefold()


@cache
def _load(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def glossary_file(code: str, directory: Path | None = None) -> dict:
    return _load((directory or translations_dir()) / "glossary" / f"{code}.json")


def terms(code: str | None, directory: Path | None = None) -> list[Term]:
    """Every term in English's order, in this language where its glossary has it."""
    english = glossary_file(DEFAULT_LOCALE, directory).get("terms", {})
    own = glossary_file(code or DEFAULT_LOCALE, directory).get("terms", {})
    found = []
    for key, source in english.items():
        entry = own.get(key)
        complete = entry and all(entry.get(part, "").strip() for part in ("term", "explanation"))
        if complete:
            found.append(
                Term(
                    key,
                    entry["term"],
                    entry.get("short") or source["short"],
                    entry["explanation"],
                    code,
                )
            )
        else:
            found.append(
                Term(key, source["term"], source["short"], source["explanation"], DEFAULT_LOCALE)
            )
    return found
