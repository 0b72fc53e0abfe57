"""The words families type, in their own language, for the help the directory describes.

Each language's glossary (`translations/glossary/<lang>.json`) keeps a `search` map: an
English key ("speech therapy") and the words a family would type for it ("logopeda",
"logopedia", "terapia mowy"). A query is read against those words, in the page's language
first and then in every other (a Polish word typed on an English page still counts), and
each word of the query that is one of them may also be met by the English words for the
same help: "logopeda" finds "Children's Speech and Language Therapy". English words are
searched as typed, as they always were.

Words are folded and stemmed as the directory's own words are (search.words); in the
page's language an ending may differ a little, so on a Polish page "logopedy" and
"logopedii" count as "logopeda"/"logopedia".
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from portal.local_offer import search
from portal.local_offer.search import Term

GLOSSARIES = Path(__file__).resolve().parents[2] / "translations" / "glossary"
# At most this many distinct words go to the database for one query.
MAX_WORDS = 24


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    language: str
    key: str


@dataclass(frozen=True)
class _Glossaries:
    by_start: dict[str, list[_Phrase]]  # phrases by the first two letters of their first word
    alternatives: dict[tuple[str, str], tuple[tuple[str, ...], ...]]  # (language, key)
    english: frozenset[tuple[str, ...]]  # the English glossary's own phrases


@lru_cache(maxsize=1)
def _glossaries() -> _Glossaries:
    by_start: dict[str, list[_Phrase]] = {}
    said: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for path in sorted(GLOSSARIES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        language = data.get("language") or path.stem
        for key, typed in (data.get("search") or {}).items():
            for text in [key, *typed] if language == "en" else typed:
                words = tuple(search.words(text))
                if not words:
                    continue
                said.setdefault((language, key), [])
                if words not in said[(language, key)]:
                    said[(language, key)].append(words)
                by_start.setdefault(words[0][:2], []).append(_Phrase(words, language, key))
    # Longest phrases first, so "terapia mowy" wins over "mowy" alone.
    for phrases in by_start.values():
        phrases.sort(key=lambda p: -len(p.words))
    english = frozenset(
        words for (language, _), found in said.items() if language == "en" for words in found
    )
    return _Glossaries(by_start, {k: tuple(v) for k, v in said.items()}, english)


def same_word(typed: str, known: str) -> bool:
    """The same word, or the same word with another ending ("logopedy", "logopeda")."""
    if typed == known:
        return True
    if min(len(typed), len(known)) < 5:
        return False
    shared = 0
    for a, b in zip(typed, known, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= 4 and len(typed) - shared <= 3 and len(known) - shared <= 3


def _match(words: list[str], start: int, language: str) -> list[_Phrase]:
    """The glossary phrases the query's words make from `start`: the longest found, in the
    page's language if it has one (where an ending may differ), else exactly in any other.

    English words are searched as typed: the services are described in English, and an
    English search stays exactly what it was (its results and its speed)."""
    glossaries = _glossaries()
    candidates = glossaries.by_start.get(words[start][:2], [])
    for wanted in (language, None):
        found = []
        for phrase in candidates:
            if phrase.language == "en" or phrase.words in glossaries.english:
                continue
            if wanted is not None and phrase.language != wanted:
                continue
            if found and len(phrase.words) < len(found[0].words):
                break
            end = start + len(phrase.words)
            same = same_word if phrase.language == language else str.__eq__
            if end <= len(words) and all(
                same(t, k) for t, k in zip(words[start:end], phrase.words, strict=True)
            ):
                found.append(phrase)
        if found:
            return found
    return []


def terms(text: str | None, language: str = "en", limit: int = 8) -> list[Term]:
    """The query's words, and the other ways of saying the help they name: a word that is
    one kind of help on its own ("logopeda") carries them; several words that together
    name one ("terapia mowy") are followed by a term of their own that carries them."""
    words = search.query_words(text, limit)
    if not words:
        return []
    glossaries = _glossaries()
    result: list[Term] = []
    budget = MAX_WORDS - len(words)
    position = 0
    while position < len(words):
        phrases = _match(words, position, language)
        if not phrases:
            result.append(Term(words[position]))
            position += 1
            continue
        span = len(phrases[0].words)
        alternatives: list[tuple[str, ...]] = []
        for phrase in phrases:
            for source in dict.fromkeys(("en", phrase.language, language)):
                for alternative in glossaries.alternatives.get((source, phrase.key), ()):
                    new = [w for w in alternative if w not in words]
                    if alternative in alternatives or len(new) > budget:
                        continue
                    budget -= len(new)
                    alternatives.append(alternative)
        if span == 1:
            word = words[position]
            result.append(Term(word, tuple(a for a in alternatives if a != (word,))))
        else:
            result.extend(Term(word) for word in words[position : position + span])
            result.append(Term(None, tuple(alternatives)))
        position += span
    return result
