"""Pupil pages keep to short sentences, in every language (WORDS.md, "Pupil pages").

WORDS.md asks for sentences "of about ten words or fewer" on pupil pages. Translations run
longer than English (Polish, Somali and Bengali often need a word or two more for the same
idea), so the limit here is a little above that aim: a sentence longer than MAX_WORDS in any
language is too long for a pupil, and its English and translations are to be shortened.

Which strings pupils see is decided by where they are written: PUPIL_LOCATIONS, below, is
the one list of pupil templates and modules. Each string extracted from them (as pybabel
extracts it for translations/messages.pot) is checked in English and in every catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
MAX_WORDS = 13
# English and the nine catalogs: all ten are written with spaces between words.
LANGUAGES = ["en", "pl", "ur", "ar", "bn", "pa", "ro", "so", "pt", "uk"]
# A sentence ends at . ! ? (and the Bengali dari, the Urdu full stop, the Arabic question
# mark) or at a line break.
SENTENCE_END = re.compile(r"[.!?\u0964\u06d4\u061f\n]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass(frozen=True)
class Location:
    path: str
    # Only the lines before this text (a module that also holds strings for parents).
    until: str | None = None


# Every template and module whose strings a pupil reads: the views form (start, one
# question a page, who helped, check, thanks, the answers sent), its answer cards and
# symbol banks, the talking mat, the pupil's home page and goals, the "talk to someone now"
# page, "Listen", and telling a worry.
PUPIL_LOCATIONS = [
    Location("portal/templates/pupils/home.html"),
    Location("portal/templates/pupil_views/_pupil_home_section.html"),
    Location("portal/templates/pupil_views/start.html"),
    Location("portal/templates/pupil_views/question.html"),
    Location("portal/templates/pupil_views/helped.html"),
    Location("portal/templates/pupil_views/check.html"),
    Location("portal/templates/pupil_views/_answers.html"),
    Location("portal/templates/pupil_views/thanks.html"),
    Location("portal/templates/pupil_views/given.html"),
    Location("portal/templates/macros/answer_cards.html"),
    Location("portal/templates/macros/board.html"),
    Location("portal/templates/plans/my_goals.html"),
    Location("portal/templates/safeguarding/_talk_now.html"),
    Location("portal/templates/_listen.html"),
    Location("portal/pupil_views/questions.py", until="PARENT_QUESTIONS = ["),
    Location("portal/pupil_views/forms.py"),
    Location("portal/pupil_views/pupil_routes.py"),
    Location("portal/symbol_banks.py"),
    Location("portal/talking_mat.py"),
    # Telling an adult at school about a worry (issue 9).
    Location("portal/templates/worries/new.html"),
    Location("portal/templates/worries/safe.html"),
    Location("portal/templates/worries/what.html"),
    Location("portal/templates/worries/who.html"),
    Location("portal/templates/worries/worry.html"),
    Location("portal/templates/worries/_steps.html"),
    Location("portal/templates/worries/_pupil_home_section.html"),
    Location("portal/worries/forms.py", until="class ReplyForm"),
]

KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}


@dataclass(frozen=True)
class Message:
    """A msgid (a plural one as its singular and plural) and its context, if any."""

    ids: tuple[str, ...]
    context: str | None = None

    def __getitem__(self, index):
        return self.ids[index]

    def __iter__(self):
        return iter(self.ids)


def extracted(location: Location) -> list[Message]:
    """The msgids at a location (a plural message as its singular and plural)."""
    path = ROOT / location.path
    if path.suffix == ".html":
        method, options = "jinja2", {"extensions": "jinja2.ext.do"}
    else:
        method, options = "python", {}
    last_line = None
    if location.until is not None:
        lines = path.read_text().splitlines()
        last_line = next(n for n, line in enumerate(lines, 1) if location.until in line)
    messages = []
    for line, message, _comments, context in extract_from_file(
        method, str(path), keywords=KEYWORDS, options=options
    ):
        if last_line is None or line < last_line:
            ids = message if isinstance(message, tuple) else (message,)
            messages.append(Message(ids, context))
    return messages


@cache
def pupil_msgids() -> tuple[Message, ...]:
    found: dict[Message, None] = {}
    for location in PUPIL_LOCATIONS:
        for message in extracted(location):
            found[message] = None
    return tuple(found)


@cache
def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file)


def pupil_strings(language: str) -> list[tuple[str, str]]:
    """(msgid, text) for each pupil string as a pupil reads it in this language."""
    strings = []
    for message in pupil_msgids():
        if language == "en":
            strings.extend((message[0], text) for text in message)
            continue
        entry = catalog(language).get(message[0], context=message.context)
        assert entry is not None, f"{language}: not in the catalog: {message[0]!r}"
        texts = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        strings.extend((message[0], text) for text in texts)
    return strings


def words(sentence: str) -> int:
    sentence = PLACEHOLDER.sub("X", sentence)  # a name or a date reads as one word
    return sum(1 for token in sentence.split() if re.search(r"\w", token))


def long_sentences(text: str) -> list[str]:
    return [
        sentence.strip() for sentence in SENTENCE_END.split(text) if words(sentence) > MAX_WORDS
    ]


def test_every_pupil_location_is_there_and_has_strings():
    """A location that moved or lost its strings would leave the check checking nothing."""
    for location in PUPIL_LOCATIONS:
        path = ROOT / location.path
        assert path.is_file(), f"{location.path} is gone: update PUPIL_LOCATIONS"
        if location.until is not None:
            assert location.until in path.read_text(), (location.path, location.until)
        assert extracted(location), f"{location.path} has no strings: update PUPIL_LOCATIONS"
    assert len(pupil_msgids()) > 200


def test_every_language_is_checked():
    present = sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    assert sorted(LANGUAGES) == sorted(["en", *present])


def test_the_counting_sees_long_sentences():
    assert words("Your meeting is on %(date)s.") == 5
    assert long_sentences("Short one. " + "word " * (MAX_WORDS + 1) + "! Short again.")
    assert not long_sentences(("word " * MAX_WORDS + "। ") * 3)
    assert long_sentences("আমি " * (MAX_WORDS + 1))
    assert not long_sentences(("کلمہ " * MAX_WORDS + "۔") * 2 + "سوال " * MAX_WORDS + "؟")


@pytest.mark.parametrize("language", LANGUAGES)
def test_pupil_sentences_are_short(language):
    too_long = [
        (msgid, sentence)
        for msgid, text in pupil_strings(language)
        for sentence in long_sentences(text)
    ]
    assert not too_long, f"{language}: sentences over {MAX_WORDS} words:\n" + "\n".join(
        f"  {msgid!r}\n    -> {sentence!r} ({words(sentence)} words)"
        for msgid, sentence in too_long
    )


# --- Kind, informal words for pupils ---------------------------------------------------------

# Pupils are spoken to as a friend would (Bengali তুমি, Polish "ty", Ukrainian "ти"); parents
# and staff formally (আপনি, Pan/Pani, Ви). A message a pupil page shares with a parent's page
# takes the formal words with it, so the pupil's page has its own ("pupil" context).
FORMAL = {
    "bn": re.compile(
        r"(?<!\S)(আপনি|আপনার|আপনাকে|আপনাদের|যান|নিন|বদলান|পাঠান|দেখুন|করুন|লিখুন|বলুন)"
        r"(?=[\s\u0964,.!?]|$)"
    ),
    "pl": re.compile(r"\b(Pan|Pani|Panu|Państwo|Proszę)\b"),
    "uk": re.compile(r"\b(Ви|Вас|Вам|Ваш\w*)\b"),
}
# Strings at pupil locations that speak to an adult: the adult beside a pupil without an
# account (supported mode), staff typing what a recording says, and the parent's "Change"
# link in the answers list that parents' pages share.
FOR_ADULTS = {
    "Also record the language you used and any interpreter. Say how %(name)s took part. "
    "The people at the meeting read this beside the answers.",
    "Your record of how the views were gathered",
    "Save what was said",
    "Your own pages stay in your language.",
    "%(name)s's home language is %(language)s. Your own pages stay in your language.",
    "Your name and role, and anyone else who helped.",
    "Tick all that apply.",
    "Tick at least one way the views were gathered",
    "The language you used with the pupil",
    "The language you used with %(name)s",
    "This is too long. Shorten it, or send the rest as a message later.",
    "This is too long. Shorten it.",
    "Type what you hear, in the pupil's words.",
    "Thank you for helping %(name)s. Before you send the answers, record who helped. "
    "Then record how the views were gathered.",
    "Send %(name)s's answers",
    "Back to %(name)s's page",
    "Record who helped and how, then send.",
    "Their name, or the service. Leave this empty if nobody interpreted.",
    "Your answer",  # a parent's answer (ViewsAnswerForm)
    "Change",
}


@pytest.mark.parametrize("language", sorted(FORMAL))
def test_pupil_pages_speak_to_the_pupil_informally(language):
    formal = []
    for message in pupil_msgids():
        if message.context is None and message[0] in FOR_ADULTS:
            continue
        entry = catalog(language).get(message[0], context=message.context)
        texts = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        formal += [(message, text) for text in texts if FORMAL[language].search(text)]
    assert not formal, f"{language}: formal words on pupil pages:\n" + "\n".join(
        f"  {m.context or ''} {m[0]!r} -> {text!r}" for m, text in formal
    )


def test_the_informal_check_sees_formal_words():
    assert FORMAL["bn"].search("ফিরে যান")
    assert FORMAL["bn"].search("আপনার উত্তরগুলো দেখে নিন")
    assert not FORMAL["bn"].search("ফিরে যাও। তোমার উত্তর দেখে নাও।")
    assert FORMAL["pl"].search("Proszę skrócić.") and not FORMAL["pl"].search("Napisz krócej.")
    assert FORMAL["uk"].search("Перевірте Ваші відповіді") and not FORMAL["uk"].search("Назад")
