"""Answer cards for every open question: a symbol each, short easy-read words, one set."""

import re
from pathlib import Path

import pytest

from portal import symbol_banks
from portal.compression import MIN_SIZE, gzip_bytes
from portal.pupil_views.questions import PUPIL_QUESTIONS, TEXT
from portal.symbol_banks import BANKS, SYMBOLS, WORRY_CARDS, bank_for, chosen_cards, valid_keys
from portal.talking_mat import SCHOOL_TOPICS

SYMBOL_DIR = Path(symbol_banks.__file__).parent / "static" / "img" / "symbols"
OPEN_QUESTIONS = [q.key for q in PUPIL_QUESTIONS if q.kind == TEXT]
ALL_CARDS = [c for cards in BANKS.values() for c in cards] + SCHOOL_TOPICS + WORRY_CARDS


def test_every_open_question_has_a_bank():
    assert sorted(BANKS) == sorted(OPEN_QUESTIONS)
    for key in OPEN_QUESTIONS:
        assert 8 <= len(bank_for(key)) <= 14, key
        keys = [c.key for c in bank_for(key)]
        assert len(keys) == len(set(keys)), key
    assert bank_for("safe") == [] and bank_for("nonsense") == []


def test_what_helps_offers_the_usual_help():
    words = {str(c.words) for c in bank_for("helps")}
    for expected in (
        "A quiet place",
        "A movement break",
        "A picture timetable",
        "An adult explaining again",
        "Working with a friend",
        "Ear defenders",
        "More time",
    ):
        assert expected in words


def test_every_card_has_its_symbol_file():
    for card in ALL_CARDS:
        assert (SYMBOL_DIR / f"{card.symbol}.svg").is_file(), card


def test_every_card_uses_the_one_openmoji_set_and_every_openmoji_file_is_used():
    used = {c.symbol for c in ALL_CARDS}
    assert used == set(SYMBOLS)
    on_disk = {p.stem for p in SYMBOL_DIR.glob("sym-*.svg")}
    assert on_disk == set(SYMBOLS)
    assert len(set(SYMBOLS.values())) == len(SYMBOLS)  # one symbol, one idea


def test_the_same_words_always_have_the_same_symbol():
    seen = {}
    for card in ALL_CARDS:
        assert seen.setdefault(str(card.words), card.symbol) == card.symbol, card


@pytest.mark.parametrize("card", ALL_CARDS, ids=lambda c: f"{c.symbol}:{c.key}")
def test_card_words_are_short_and_plain(card):
    words = str(card.words)
    assert len(words.split()) <= 5 and len(words) <= 30, words
    assert words[0].isupper() and not words.endswith(".")
    assert not re.search(r"[A-Z]{2,}", words) or words.startswith("PE"), words  # no capitals


def test_symbols_are_small():
    sizes = {p.name: p.stat().st_size for p in SYMBOL_DIR.glob("sym-*.svg")}
    assert max(sizes.values()) <= 4096, max(sizes.items(), key=lambda kv: kv[1])
    for path in SYMBOL_DIR.glob("sym-*.svg"):
        text = path.read_text()
        assert text.startswith("<svg") and 'viewBox="0 0 72 72"' in text
        assert "<script" not in text and "href" not in text
    # A whole bank's symbols as they travel (the portal gzips files of 1 KB or more).
    for key in OPEN_QUESTIONS:
        total = 0
        for symbol in {c.symbol for c in bank_for(key)}:
            body = (SYMBOL_DIR / f"{symbol}.svg").read_bytes()
            total += len(gzip_bytes(body)) if len(body) >= MIN_SIZE else len(body)
        assert total <= 16 * 1024, (key, total)


def test_only_known_cards_are_kept_in_the_banks_order():
    assert valid_keys("helps", ["more_time", "nope", "quiet_place", "more_time"]) == [
        "quiet_place",
        "more_time",
    ]
    assert [c.key for c in chosen_cards("hard", ["noise"])] == ["noise"]
    assert valid_keys("not-a-question", ["noise"]) == []


def test_the_accessibility_statement_credits_openmoji(client):
    html = client.get("/accessibility").get_data(as_text=True)
    assert "OpenMoji" in html and "CC BY-SA 4.0" in html
    assert 'href="https://openmoji.org/"' in html
