"""The phrase bank: standard outcomes, provision and meeting actions, in ten languages.

A SENCO picks a phrase instead of writing; the row keeps the phrase's key
(`Outcome.phrase_key`, `Provision.phrase_key`, `RecordAction.phrase_key`) and its English
words. `phrase_in(row, language)` gives the words a family reads: the bank's translation
while the row's words are still the bank's, otherwise the school's own words, marked
with their language so the browser (and a screen reader) knows what they are.

The bank is data in `translations/phrases/` (one file per language), reviewed like the
catalogs; `en.json` holds the keys, kinds and areas.
"""

import enum
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale
from markupsafe import Markup, escape

from portal.i18n import DEFAULT_LOCALE, LANGUAGES, direction_of, translations_dir
from portal.models import BroadArea, GroupSize


class PhraseKind(enum.Enum):
    OUTCOME = "outcome"
    PROVISION = "provision"
    ACTION = "action"


class PhraseBankError(ValueError):
    """The bank's files do not describe a usable bank."""


@dataclass(frozen=True)
class Phrase:
    key: str
    kind: PhraseKind
    area: BroadArea | None
    text: str  # English
    translations: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # What a provision phrase suggests; the SENCO may change each.
    group_size: GroupSize | None = None
    sessions_per_week: int | None = None
    minutes_per_session: int | None = None
    delivered_by: str | None = None
    retired: bool = False

    def in_language(self, code: str) -> str | None:
        return self.text if code == DEFAULT_LOCALE else self.translations.get(code)


@dataclass(frozen=True)
class Words:
    """Text and the language it is in: `{{ words.attrs }}` marks an element with both."""

    text: str
    lang: str
    translated: bool  # True: from the bank, in the family's language

    @property
    def dir(self) -> str:
        return direction_of(self.lang)

    @property
    def attrs(self) -> Markup:
        return Markup('lang="%s" dir="%s"') % (escape(self.lang), self.dir)

    def __str__(self) -> str:
        return self.text


class PhraseBank:
    def __init__(self, phrases: Iterable[Phrase]):
        self.phrases: dict[str, Phrase] = {}
        for phrase in phrases:
            if phrase.key in self.phrases:
                raise PhraseBankError(f"phrase key used twice: {phrase.key}")
            self.phrases[phrase.key] = phrase

    def get(self, key: str | None) -> Phrase | None:
        return self.phrases.get(key) if key else None

    def choices(self, kind: PhraseKind, area: BroadArea | None = None) -> list[Phrase]:
        """What a SENCO can pick from now: not retired, of this kind (and area, if given)."""
        return [
            p
            for p in self.phrases.values()
            if p.kind is kind and not p.retired and (area is None or p.area in (area, None))
        ]

    def by_area(self, kind: PhraseKind) -> dict[BroadArea | None, list[Phrase]]:
        grouped: dict[BroadArea | None, list[Phrase]] = {}
        for phrase in self.choices(kind):
            grouped.setdefault(phrase.area, []).append(phrase)
        return grouped

    def missing(self, code: str) -> list[str]:
        """Keys with no words in this language."""
        return [p.key for p in self.phrases.values() if not (p.in_language(code) or "").strip()]

    def __len__(self) -> int:
        return len(self.phrases)


def load(directory: Path) -> PhraseBank:
    """Read the bank from `directory` (en.json and one file per language)."""
    source = json.loads((directory / f"{DEFAULT_LOCALE}.json").read_text(encoding="utf-8"))
    translations: dict[str, dict[str, str]] = {}
    for code in LANGUAGES:
        path = directory / f"{code}.json"
        if code == DEFAULT_LOCALE or not path.exists():
            continue
        words = json.loads(path.read_text(encoding="utf-8")).get("phrases", {})
        for key, text in words.items():
            translations.setdefault(key, {})[code] = text
    known = {entry["key"] for entry in source["phrases"]}
    strays = sorted({key for key in translations if key not in known})
    if strays:
        raise PhraseBankError(f"translated phrases not in the English bank: {strays[:5]}")
    phrases = []
    for entry in source["phrases"]:
        try:
            phrases.append(
                Phrase(
                    key=entry["key"],
                    kind=PhraseKind(entry["kind"]),
                    area=BroadArea(entry["area"]) if entry.get("area") else None,
                    text=entry["text"],
                    translations=translations.get(entry["key"], {}),
                    group_size=GroupSize(entry["group_size"]) if entry.get("group_size") else None,
                    sessions_per_week=entry.get("sessions_per_week"),
                    minutes_per_session=entry.get("minutes_per_session"),
                    delivered_by=entry.get("delivered_by"),
                    retired=bool(entry.get("retired")),
                )
            )
        except (KeyError, ValueError) as error:
            raise PhraseBankError(f"phrase {entry.get('key')!r}: {error}") from error
    return PhraseBank(phrases)


@cache
def _bank_in(directory: Path) -> PhraseBank:
    return load(directory)


def bank() -> PhraseBank:
    """The installation's phrase bank, read once per process."""
    return _bank_in(translations_dir() / "phrases")


def _language(locale) -> str:
    if isinstance(locale, Locale):
        return locale.language
    return str(locale or DEFAULT_LOCALE).replace("-", "_").split("_")[0]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def row_text(row) -> str:
    """A row's words: `what` on a meeting action, `description` on outcomes and provision."""
    value = getattr(row, "what", None)
    if value is None:
        value = getattr(row, "description", None)
    return value or ""


def phrase_in(row, locale, written_in: str = DEFAULT_LOCALE) -> Words:
    """The row's words for a family reading `locale`.

    The bank's translation when the row came from the bank and still says what the bank
    says; otherwise the row's own words, marked as written in `written_in` (the school's
    language), so nothing the SENCO changed is ever replaced by a translation of something
    else.
    """
    own = row_text(row)
    language = _language(locale)
    phrase = bank().get(getattr(row, "phrase_key", None))
    if phrase is not None and _same(own, phrase.text):
        translated = phrase.in_language(language)
        if translated:
            return Words(translated, language, language != DEFAULT_LOCALE)
    return Words(own, _language(written_in), False)


def find_by_text(text: str, kind: PhraseKind | None = None) -> Phrase | None:
    """The bank phrase these words are, if any (for rows typed before the bank existed)."""
    for phrase in bank().phrases.values():
        if (kind is None or phrase.kind is kind) and _same(text, phrase.text):
            return phrase
    return None
