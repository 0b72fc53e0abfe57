"""The SEND words families meet, in each language: `translations/glossary/<lang>.json`.

Each file names every term (`term`), keeps the English short form a parent can use with
the school (`short`), and explains it in one line (`explanation`). The "what the words
mean" page shows the page's language and falls back to English term by term, so a
glossary still being written never hides a word.
"""

import json
import re
import unicodedata
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
    def heading(self) -> str:
        """The term as a heading: its first letter a capital ("Outcome"), nothing else
        changed ("SEN support" stays so)."""
        return self.term[:1].upper() + self.term[1:]

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


# --- Is each catalog using the glossary's names? ---------------------------------------------

# Where the English says one of these terms, the translation should use the glossary's name
# for it (or keep the English short form, as in "koordynator SEN (SENCO)").
TRIGGERS = {
    "senco": r"\bSENCOs?\b",
    "ehc-plan": r"\bEHC plans?\b|Education, Health and Care plan",
    "ehc-needs-assessment": r"\bEHC needs assessment",
    "sen-support": r"\bSEN support\b",
    "local-offer": r"\bLocal Offer\b",
    "sendiass": r"\bSENDIASS\b",
    "sen-information-report": r"\bSEN information report\b",
    "annual-review": r"\b[Aa]nnual review\b",
}


def _words(text: str) -> list[str]:
    # Split on spaces and punctuation only: \w would split Bengali, Gurmukhi and Urdu words
    # at their vowel signs.
    return [w for w in re.split(r"[\s,.;:()\[\]/'’\-–—]+", text) if w]


def _stem(word: str) -> str:
    """A word cut so an inflected form still matches (koordynator/koordynatora)."""
    return word[: max(3, len(word) - 2)]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFD", text).casefold()


def names_the_term(text: str, entry: dict) -> bool:
    """Whether `text` uses the glossary's name for a term: the English short form; every
    main word of the name (before any " – " explanation; inflected endings allowed); or the
    short form's abbreviation with a word of the name ("خطة EHC", "EHC পরিকল্পনা")."""
    folded = _fold(text)
    short = entry.get("short") or ""
    if short and _fold(short) in folded:
        return True
    name = re.split(r" – | \(", entry.get("term", ""))[0]
    words = [_fold(w) for w in _words(name)]
    stems = [_stem(w) for w in words if len(w) >= 4]
    if stems and all(stem in folded for stem in stems):
        return True
    abbreviations = re.findall(r"\b[A-Z]{2,}\b", short)
    others = [_stem(w) for w in words if len(w) >= 3 and w.upper() not in abbreviations]
    return bool(
        abbreviations
        and all(a in text for a in abbreviations)
        and any(stem in folded for stem in others)
    )


def inconsistencies(code: str, catalog, directory: Path | None = None) -> list[tuple[str, str]]:
    """(term key, msgid) for each message whose English names a term and whose translation
    uses neither the glossary's name nor the English short form."""
    own = glossary_file(code, directory).get("terms", {})
    found = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for key, pattern in TRIGGERS.items():
            entry = own.get(key)
            if entry is None or not any(re.search(pattern, i) for i in ids):
                continue
            if not all(names_the_term(s, entry) for s in strings if s):
                found.append((key, ids[0]))
    return found
