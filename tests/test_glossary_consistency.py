"""Words families know: where the English of a message names a SEND term (SENCO, EHC plan,
SEN support, Local Offer, SENDIASS, SEN information report, annual review), its
translation uses the glossary's name for that term, or keeps the English short form.

Inconsistencies found in catalogs this branch does not own are listed in KNOWN, for their
translators to fix: the test fails if a new one appears, and also when a listed one is
fixed, so the list stays true."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.languages.glossary import glossary_file, inconsistencies, names_the_term

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

# (term, msgid) per language, reported to the translators (see translations/README.md).
KNOWN = {
    "pt": {
        # "NEE" is the Portuguese abbreviation; the glossary keeps "SEN" for talking to
        # the school.
        ("sen-support", "SEN support but no specialist assessment of type of need"),
        ("sen-support", "SEN support or EHC plan"),
        ("sen-support", "SEN support plan"),
        ("sen-information-report", "Update the SEN information report"),
    },
    "ro": {("sen-information-report", "Update the SEN information report")},
}


def _present():
    return sorted(
        p.parent.parent.name
        for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")
        if (TRANSLATIONS / "glossary" / f"{p.parent.parent.name}.json").exists()
    )


@pytest.mark.parametrize("code", _present())
def test_each_catalog_uses_its_glossarys_names(code):
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file)
    found = set(inconsistencies(code, catalog, TRANSLATIONS))
    assert found == KNOWN.get(code, set()), sorted(found ^ KNOWN.get(code, set()))


@pytest.mark.parametrize(
    "text,entry,expected",
    [
        (
            "koordynatora ds. specjalnych potrzeb edukacyjnych",
            {"term": "koordynator ds. specjalnych potrzeb edukacyjnych", "short": "SENCO"},
            True,
        ),
        ("koordynator SEN (SENCO)", {"term": "koordynator", "short": "SENCO"}, True),
        ("خطة EHC", {"term": "خطة التعليم والصحة والرعاية", "short": "EHC plan"}, True),
        ("EHC পরিকল্পনার লক্ষ্য", {"term": "শিক্ষা, স্বাস্থ্য ও যত্ন পরিকল্পনা", "short": "EHC plan"}, True),
        ("SEN سپورٹ کیا ہے؟", {"term": "SEN مدد", "short": "SEN support"}, False),
        (
            "Apoio às NEE",
            {"term": "apoio às necessidades educativas especiais", "short": "SEN support"},
            False,
        ),
        ("ਲੋਕਲ ਆਫ਼ਰ ਸੂਚੀ", {"term": "ਲੋਕਲ ਆਫ਼ਰ", "short": "Local Offer"}, True),
    ],
)
def test_a_term_is_recognised_in_its_inflected_and_short_forms(text, entry, expected):
    assert names_the_term(text, entry) is expected


def test_every_glossary_has_every_english_term_with_the_english_short_form():
    english = glossary_file("en", TRANSLATIONS)["terms"]
    for path in sorted((TRANSLATIONS / "glossary").glob("*.json")):
        terms = glossary_file(path.stem, TRANSLATIONS)["terms"]
        assert set(terms) == set(english), path.stem
        for key, entry in terms.items():
            assert entry["term"].strip() and entry["explanation"].strip(), (path.stem, key)
            assert entry["short"] == english[key]["short"], (path.stem, key)
