"""The phrase bank: standard outcomes, provision and meeting actions, in ten languages, and
the family's-language words for a row that came from it."""

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.languages.phrases import (
    PhraseBankError,
    PhraseKind,
    bank,
    find_by_text,
    load,
    phrase_in,
)
from portal.models import (
    BroadArea,
    GroupSize,
    MeetingRecord,
    Outcome,
    Plan,
    Provision,
    RecordAction,
)

PHRASES = Path(__file__).resolve().parent.parent / "translations" / "phrases"


@pytest.fixture(scope="module")
def the_bank():
    return load(PHRASES)


def test_the_bank_has_about_fifty_phrases_across_the_four_areas(the_bank):
    assert 40 <= len(the_bank) <= 60
    for area in BroadArea:
        assert len(the_bank.choices(PhraseKind.OUTCOME, area)) >= 4, area
        assert len(the_bank.choices(PhraseKind.PROVISION, area)) >= 4, area
    assert len(the_bank.choices(PhraseKind.ACTION)) >= 8


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_phrase_is_in_every_language(the_bank, code):
    assert the_bank.missing(code) == []
    for phrase in the_bank.phrases.values():
        words = phrase.in_language(code)
        assert words.strip() == words and words != phrase.text, (code, phrase.key)
        assert "%(" not in words and "{" not in words, (code, phrase.key)


def test_phrase_translations_keep_numbers_and_english_short_forms(the_bank):
    """A number in the English (10 minutes, 8 times out of 10) and a short form a family
    uses with the school (SENCO, SENDIASS, EHC, PE) are in every translation."""
    for phrase in the_bank.phrases.values():
        numbers = re.findall(r"\d+", phrase.text)
        shorts = re.findall(r"\b(SENCO|SENDIASS|EHC|PE)\b", phrase.text)
        for code in LANGUAGES:
            words = phrase.in_language(code)
            for number in numbers:
                assert number in words, (code, phrase.key, number)
            for short in shorts:
                assert short in words, (code, phrase.key, short)


def test_keys_fit_the_rows_and_provision_suggests_sensible_amounts(the_bank):
    for phrase in the_bank.phrases.values():
        assert re.fullmatch(r"[a-z0-9-]{3,64}", phrase.key)
        if phrase.kind is PhraseKind.PROVISION:
            assert phrase.group_size is not None and phrase.delivered_by
            assert (phrase.sessions_per_week is None) == (phrase.minutes_per_session is None)
            if phrase.sessions_per_week:
                assert 1 <= phrase.sessions_per_week <= 10
                assert 5 <= phrase.minutes_per_session <= 120
        else:
            assert phrase.group_size is None and phrase.sessions_per_week is None
        if phrase.kind is PhraseKind.ACTION:
            assert phrase.area is None
        else:
            assert phrase.area is not None


def test_the_issues_own_example_is_in_the_bank(the_bank):
    phonics = the_bank.get("cog-phonics-group")
    assert phonics.text.startswith("Small-group phonics")
    assert (phonics.group_size, phonics.sessions_per_week, phonics.minutes_per_session) == (
        GroupSize.SMALL_GROUP,
        3,
        20,
    )
    assert phonics.delivered_by == "Teaching assistant"


def _outcome(key="semh-join-game", text=None):
    phrase = load(PHRASES).get(key)
    return Outcome(description=text if text is not None else phrase.text, phrase_key=key)


def test_a_row_from_the_bank_is_shown_in_the_familys_language(app):
    with app.app_context():
        row = _outcome()
        words = phrase_in(row, "pl")
        assert words.text.startswith("Dołączać do zabawy") and words.translated
        assert str(words.attrs) == 'lang="pl" dir="ltr"'
        arabic = phrase_in(row, "ar_SA")
        assert arabic.lang == "ar" and arabic.dir == "rtl" and arabic.translated
        english = phrase_in(row, "en_GB")
        assert english.text == row.description and not english.translated
        assert english.lang == "en"


def test_a_row_the_senco_changed_shows_the_schools_own_words(app):
    with app.app_context():
        changed = _outcome(text="Join a game with two classmates at lunchtime every day")
        words = phrase_in(changed, "ur")
        assert words.text == changed.description and not words.translated
        assert (words.lang, words.dir) == ("en", "ltr")  # marked, so it reads the right way
        assert phrase_in(changed, "ur", written_in="pl").lang == "pl"


def test_small_differences_of_spacing_and_case_still_match(app):
    with app.app_context():
        phrase = bank().get("semh-check-in")
        row = Provision(
            description="  daily check-in   with a trusted adult ", phrase_key=phrase.key
        )
        assert phrase_in(row, "bn").text == phrase.in_language("bn")


def test_an_unknown_or_missing_key_shows_the_rows_own_words(app):
    with app.app_context():
        text = bank().get("semh-check-in").text
        assert not phrase_in(
            Provision(description=text, phrase_key="retired-long-ago"), "pl"
        ).translated
        assert not phrase_in(Provision(description=text, phrase_key=None), "pl").translated
        assert find_by_text(text.upper(), PhraseKind.PROVISION).key == "semh-check-in"
        assert find_by_text(text, PhraseKind.OUTCOME) is None


def test_a_meeting_action_uses_the_same_words(app):
    with app.app_context():
        phrase = bank().get("act-interpreter")
        action = RecordAction(what=phrase.text, phrase_key=phrase.key)
        assert (
            phrase_in(action, "so").text == "Dugsiga ayaa kulanka xiga u ballansan doona turjubaan."
        )


def test_a_retired_phrase_is_not_offered_but_still_reads(tmp_path):
    source = json.loads((PHRASES / "en.json").read_text())
    source["phrases"][0]["retired"] = True
    (tmp_path / "en.json").write_text(json.dumps(source))
    (tmp_path / "pl.json").write_text((PHRASES / "pl.json").read_text())
    retired = load(tmp_path)
    key = source["phrases"][0]["key"]
    kind = PhraseKind(source["phrases"][0]["kind"])
    assert key not in {p.key for p in retired.choices(kind)}
    assert retired.get(key).in_language("pl")


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda en, pl: en["phrases"].append(dict(en["phrases"][0])), "used twice"),
        (lambda en, pl: pl["phrases"].update({"not-in-english": "x"}), "not in the English"),
        (lambda en, pl: en["phrases"][0].update({"kind": "wish"}), "wish"),
        (lambda en, pl: en["phrases"][0].update({"area": "maths"}), "maths"),
    ],
)
def test_a_broken_bank_is_refused_with_a_reason(tmp_path, change, message):
    en = json.loads((PHRASES / "en.json").read_text())
    pl = json.loads((PHRASES / "pl.json").read_text())
    change(en, pl)
    (tmp_path / "en.json").write_text(json.dumps(en))
    (tmp_path / "pl.json").write_text(json.dumps(pl))
    with pytest.raises(PhraseBankError, match=message):
        load(tmp_path)


def test_rows_remember_the_phrase_they_came_from(app, demo):
    """Outcome, provision and meeting-action rows keep the key beside the English words."""
    yusuf = demo.pupil("Yusuf", "Rahman")
    phrase = load(PHRASES).get("semh-lunchtime-club")
    with app.app_context():
        plan = db.session.scalars(
            sa.select(Plan).where(Plan.pupil_id == yusuf.id).order_by(Plan.id.desc())
        ).first()
        help_row = next(p for p in plan.provisions if p.description == phrase.text)
        help_row.phrase_key = phrase.key
        record = db.session.scalars(
            sa.select(MeetingRecord).where(MeetingRecord.pupil_id == yusuf.id)
        ).first()
        db.session.add(
            RecordAction(
                record_id=record.id,
                position=99,
                what="The school will book an interpreter for the next meeting.",
                phrase_key="act-interpreter",
            )
        )
        db.session.commit()
        db.session.expire_all()
        again = db.session.get(Provision, help_row.id)
        assert phrase_in(again, "ur").text == phrase.in_language("ur")
        action = db.session.scalars(
            sa.select(RecordAction).where(
                RecordAction.record_id == record.id, RecordAction.phrase_key.is_not(None)
            )
        ).one()
        assert phrase_in(action, "ar").translated
