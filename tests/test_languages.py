"""Ten languages: which are offered, how a browser's language is matched, right-to-left,
the "not checked yet" line, the note about a wrong phrase, and the words page."""

import json
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from portal.extensions import db
from portal.i18n import LANGUAGES, catalog_gaps, negotiate, offered_languages
from portal.models import TranslationFeedback, User

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"


def html_tag(text):
    return re.search(r"<html[^>]*>", text).group(0)


# --- Which languages are offered ---------------------------------------------------------


def test_ten_languages_each_named_in_itself():
    assert list(LANGUAGES) == ["en", "pl", "ur", "pa", "bn", "ar", "ro", "so", "pt", "uk"]
    assert LANGUAGES["pa"] == "ਪੰਜਾਬੀ" and LANGUAGES["bn"] == "বাংলা"
    assert LANGUAGES["ar"] == "العربية" and LANGUAGES["uk"] == "Українська"


def test_offered_means_english_and_every_complete_compiled_catalog(app):
    with app.app_context():
        offered = offered_languages()
    assert "en" in offered
    for code in LANGUAGES:
        compiled = TRANSLATIONS / code / "LC_MESSAGES" / "messages.mo"
        if code != "en":
            assert (code in offered) == (compiled.exists() and not catalog_gaps(TRANSLATIONS, code))
    assert {"pl", "ur", "ar"} <= set(offered)


def _catalog_dir(tmp_path, language: str, drop: int = 0, short_plural: bool = False) -> Path:
    """A translations folder with the real template and a catalog for `language` made from
    Polish words (what they say does not matter here), missing `drop` messages."""
    shutil.copy(TRANSLATIONS / "messages.pot", tmp_path / "messages.pot")
    with (TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        source = read_po(file)
    catalog = Catalog(locale=language)
    dropped = 0
    for message in source:
        if not message.id:
            continue
        if dropped < drop:
            dropped += 1
            continue
        string = message.string
        if isinstance(message.id, tuple):
            forms = list(string)[: catalog.num_plurals]
            forms += [forms[-1]] * (catalog.num_plurals - len(forms))
            if short_plural:
                forms[-1] = ""
            string = tuple(forms)
        catalog.add(message.id, string)
    folder = tmp_path / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, catalog)
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, catalog)  # fills an empty plural form with English: the .po tells
    return tmp_path


def test_a_complete_catalog_is_offered(tmp_path):
    assert catalog_gaps(_catalog_dir(tmp_path, "ro"), "ro") == []


def test_a_catalog_missing_one_message_is_not_offered(tmp_path):
    gaps = catalog_gaps(_catalog_dir(tmp_path, "so", drop=1), "so")
    assert len(gaps) == 1


def test_a_catalog_missing_a_plural_form_is_not_offered(tmp_path):
    gaps = catalog_gaps(_catalog_dir(tmp_path, "uk", short_plural=True), "uk")
    assert gaps and "%(count)s event" in gaps


def test_a_catalog_changed_since_it_was_compiled_is_checked_as_compiled(tmp_path):
    import os
    import time

    folder = _catalog_dir(tmp_path, "pt", drop=3) / "pt" / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as file:
        complete = read_po(file)
    with (TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        polish = read_po(file)
    for message in polish:
        if message.id and message.id not in complete:
            complete.add(message.id, message.string)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, complete)  # translated now, but not compiled again
    later = time.time() + 5
    os.utime(folder / "messages.po", (later, later))
    assert len(catalog_gaps(tmp_path, "pt")) == 3


def test_a_language_with_no_compiled_catalog_is_not_offered(tmp_path):
    shutil.copy(TRANSLATIONS / "messages.pot", tmp_path / "messages.pot")
    assert catalog_gaps(tmp_path, "bn") == ["no compiled catalog"]


def test_choices_on_the_account_page_are_the_offered_languages(login, app):
    with app.app_context():
        offered = offered_languages()
    page = login("parent@oakfield.example").get("/account").text
    for code in LANGUAGES:
        assert (f'value="{code}"' in page) == (code in offered), code


def test_a_language_not_offered_cannot_be_chosen(client, demo, monkeypatch):
    import portal.i18n

    monkeypatch.setattr(portal.i18n, "offered_languages", lambda: {"en": "English"})
    client.submit("/language", {"locale": "pl", "next": "/login"}, page="/login")
    assert 'lang="en-GB"' in html_tag(client.get("/login").text)


def test_a_saved_language_that_is_no_longer_offered_falls_back(login, app, monkeypatch):
    import portal.i18n

    nadia = login("ami@oakfield.example")  # saved: Urdu
    monkeypatch.setattr(portal.i18n, "offered_languages", lambda: {"en": "English", "pl": "Polski"})
    page = nadia.get("/families/", headers={"Accept-Language": "pl"})
    assert 'lang="pl"' in html_tag(page.text)


# --- A browser's Accept-Language ----------------------------------------------------------

# What phones and browsers send in each language (the first tag is the user's choice).
BROWSERS = {
    "en": "en-GB,en-US;q=0.9,en;q=0.8",
    "pl": "pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7",
    "ur": "ur-PK,ur;q=0.9,en-US;q=0.8,en;q=0.7",
    "pa": "pa-IN,pa;q=0.9,en-GB;q=0.8,en;q=0.7",
    "bn": "bn-BD,bn;q=0.9,en-US;q=0.8,en;q=0.7",
    "ar": "ar-SA,ar;q=0.9,en-US;q=0.8,en;q=0.7",
    "ro": "ro-RO,ro;q=0.9,en-US;q=0.8,en;q=0.7",
    "so": "so-SO,so;q=0.9,en;q=0.8",
    "pt": "pt-PT,pt;q=0.9,en-US;q=0.8,en;q=0.7",
    "uk": "uk-UA,uk;q=0.9,ru;q=0.8,en-US;q=0.7,en;q=0.6",
}
ALL = dict(LANGUAGES)


def _pairs(header: str) -> list[tuple[str, float]]:
    from werkzeug.datastructures import LanguageAccept
    from werkzeug.http import parse_accept_header

    return list(parse_accept_header(header, LanguageAccept))


@pytest.mark.parametrize("code,header", BROWSERS.items())
def test_each_language_is_matched_from_its_browser(code, header):
    assert negotiate(_pairs(header), ALL) == code


@pytest.mark.parametrize(
    "header,expected",
    [
        ("pt-BR,pt;q=0.9", "pt"),  # Brazilian Portuguese reads the Portuguese catalog
        ("bn-IN", "bn"),
        ("ar-EG,ar;q=0.9", "ar"),
        ("ro-MD", "ro"),
        ("uk", "uk"),
        ("pa-Arab-PK,pa;q=0.9", "ur"),  # Panjabi in Shahmukhi: Urdu, not Gurmukhi
        ("pa-PK", "ur"),
        ("pa-Guru-IN", "pa"),
        ("de-DE,fr;q=0.8", None),
        ("de-DE,so;q=0.5", "so"),
        ("en;q=0.2,pl;q=0.9", "pl"),  # quality wins over order
        ("pl;q=0", None),  # q=0 means "not this"
    ],
)
def test_language_tags_match_by_language_and_quality(header, expected):
    assert negotiate(_pairs(header), ALL) == expected


EXPECTED_LANG = {"en": "en-GB", "pt": "pt-PT"}


@pytest.mark.parametrize("code,header", BROWSERS.items())
def test_a_page_comes_in_the_browsers_language_when_it_is_offered(client, demo, app, code, header):
    with app.app_context():
        offered = offered_languages()
    tag = html_tag(client.get("/login", headers={"Accept-Language": header}).text)
    if code in offered:
        assert f'lang="{EXPECTED_LANG.get(code, code)}"' in tag
        assert f'dir="{"rtl" if code in ("ar", "ur") else "ltr"}"' in tag
    else:  # its catalog is still being written: English, never half a page
        assert 'lang="en-GB"' in tag


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_arabic_and_urdu_pages_are_right_to_left(client, demo, code):
    page = client.get("/help/words", headers={"Accept-Language": code}).text
    assert f'lang="{code}"' in html_tag(page) and 'dir="rtl"' in html_tag(page)


# --- Honest about quality -----------------------------------------------------------------


def test_the_quality_file_names_every_language_who_wrote_it_and_whether_it_was_checked():
    quality = json.loads((TRANSLATIONS / "quality.json").read_text(encoding="utf-8"))["languages"]
    assert set(quality) == set(LANGUAGES)
    for code, parts in quality.items():
        for part in ("catalog", "glossary", "phrases"):
            entry = parts[part]
            assert entry["written_by"].strip(), (code, part)
            assert isinstance(entry["checked_by_fluent_speaker"], bool), (code, part)
            if entry["checked_by_fluent_speaker"]:
                assert entry.get("checked_by") and entry.get("checked_on"), (code, part)
    # The phrase bank's translations were written by an AI model and nobody has checked them.
    for code in LANGUAGES:
        if code != "en":
            assert quality[code]["phrases"]["checked_by_fluent_speaker"] is False
            assert "AI" in quality[code]["phrases"]["written_by"]


def test_a_page_in_an_unchecked_language_says_so_in_that_language(client, demo):
    page = client.get("/help/words", headers={"Accept-Language": "pl"}).text
    assert 'class="translation-notice"' in page
    assert "A fluent speaker has not checked this translation yet." not in page  # in Polish
    link = re.search(r'href="(/help/translation\?[^"]+)"', page).group(1)
    assert "page=/help/words" in link.replace("%2F", "/")


def test_an_english_page_has_no_such_line(client, demo):
    page = client.get("/help/words").text
    assert 'class="translation-notice"' not in page


def test_a_checked_language_has_no_such_line(client, demo, monkeypatch):
    monkeypatch.setattr("portal.languages.quality.checked", lambda code, part="catalog": True)
    page = client.get("/help/words", headers={"Accept-Language": "pl"}).text
    assert 'class="translation-notice"' not in page


# --- Telling the school about a wrong or unclear phrase -----------------------------------

FEEDBACK = {
    "language": "pl",
    "page": "/families/",
    "words": "Przegląd",
    "problem": "To słowo jest niejasne.",
    "suggestion": "Spotkanie przeglądowe",
}


def test_the_form_knows_the_page_and_the_school_it_came_from(client, demo):
    page = client.get(
        "/help/translation?page=/schools/oakfield/local-offer&school=oakfield",
        headers={"Accept-Language": "pl"},
    ).text
    assert 'value="/schools/oakfield/local-offer"' in page
    assert '<option selected value="pl">' in page or 'value="pl" selected' in page
    assert "Oakfield Primary School" in page
    assert 'name="school"' not in page  # the school is known: no need to ask


def test_a_note_reaches_the_schools_senco_and_the_translators(client, demo, app, mailbox):
    app.config["TRANSLATORS_EMAIL"] = "translators@lists.example"
    try:
        url = "/help/translation?page=/families/&school=oakfield"
        response = client.submit(url, {**FEEDBACK, "reply_email": "mum@example.com"}, page=url)
    finally:
        app.config["TRANSLATORS_EMAIL"] = None
    assert response.status_code == 302 and response.headers["Location"] == "/families/"
    with app.app_context():
        note = db.session.scalars(sa.select(TranslationFeedback)).one()
        assert (note.language, note.words, note.reply_email) == (
            "pl",
            "Przegląd",
            "mum@example.com",
        )
        assert note.school.slug == "oakfield" and note.staff_emailed and note.translators_emailed
    to_senco = mailbox.to("senco@oakfield.example")
    to_list = mailbox.to("translators@lists.example")
    assert len(to_senco) == 1 and len(to_list) == 1
    assert "Przegląd" in mailbox.body(to_senco[0]) and "mum@example.com" in mailbox.body(
        to_senco[0]
    )
    assert "Spotkanie przeglądowe" in mailbox.body(to_list[0])
    assert "mum@example.com" not in mailbox.body(to_list[0])  # the list is outside the school


def test_without_a_school_the_person_chooses_one_or_none(client, demo, app, mailbox):
    page = client.get("/help/translation?page=/login").text
    assert 'name="school"' in page and "Riverside Academy" in page
    response = client.submit("/help/translation?page=/login", {**FEEDBACK, "school": ""})
    assert response.status_code == 302
    # Nobody's school: the installation's administrator hears of it.
    assert len(mailbox.to("admin@portal.example")) == 1
    client.submit("/help/translation?page=/login", {**FEEDBACK, "school": "riverside"})
    assert len(mailbox.to("senco@riverside.example")) == 1


def test_an_empty_note_is_refused_with_a_summary_and_nothing_kept(client, demo, app):
    response = client.submit("/help/translation?page=/login", {"language": "", "page": ""})
    page = response.text
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    for message in (
        "Choose a language",
        "Tell us which page it is on",
        "Tell us which words are wrong or unclear",
        "Tell us what is wrong with the words",
    ):
        assert message in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(TranslationFeedback.id))) == 0


def test_what_was_typed_is_kept_when_something_is_wrong(client, demo):
    response = client.submit(
        "/help/translation?page=/login",
        {**FEEDBACK, "reply_email": "not-an-email", "language": "xx"},
    )
    assert response.status_code == 400
    assert "To słowo jest niejasne." in response.text
    assert "Enter an email address like name@example.com" in response.text


def test_a_flood_of_notes_is_refused_with_what_was_typed_kept(client, demo, app, monkeypatch):
    monkeypatch.setitem(app.config, "TRANSLATION_FEEDBACK_HOURLY_LIMIT", 2)
    url = "/help/translation?page=/login&school=oakfield"
    for _ in range(2):
        assert client.submit(url, FEEDBACK, page=url).status_code == 302
    response = client.submit(url, {**FEEDBACK, "words": "Trzecia uwaga"}, page=url)
    assert response.status_code == 429
    assert "Please try again later, or phone the school." in response.text
    assert "Trzecia uwaga" in response.text
    # Another school's quota is its own.
    other = "/help/translation?page=/login&school=riverside"
    assert client.submit(other, FEEDBACK, page=other).status_code == 302


def test_the_form_never_sends_anyone_off_the_portal(client, demo):
    response = client.submit(
        "/help/translation?page=https://evil.example/", {**FEEDBACK, "page": "//evil.example/x"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


# --- What the words mean -------------------------------------------------------------------


def test_the_words_page_in_english_reads_the_english_glossary(client, demo):
    page = client.get("/help/words").text
    english = json.loads((TRANSLATIONS / "glossary" / "en.json").read_text())["terms"]
    for key, entry in english.items():
        assert f'id="{key}"' in page
        assert entry["explanation"].replace("'", "&#39;") in page
    assert 'Special educational needs coordinator <bdi lang="en" dir="ltr">(SENCO)</bdi>' in page


def test_the_words_page_in_urdu_keeps_the_english_short_form(client, demo):
    page = client.get("/help/words", headers={"Accept-Language": "ur"}).text
    urdu = json.loads((TRANSLATIONS / "glossary" / "ur.json").read_text())["terms"]
    assert urdu["local-offer"]["term"] in page
    assert '<bdi lang="en" dir="ltr">(Local Offer)</bdi>' in page
    assert '<section class="glossary-term" lang="ur" dir="rtl"' in page


def test_a_term_missing_from_a_glossary_falls_back_to_english(tmp_path):
    from portal.languages.glossary import terms

    (tmp_path / "glossary").mkdir()
    shutil.copy(TRANSLATIONS / "glossary" / "en.json", tmp_path / "glossary" / "en.json")
    partial = {
        "language": "so",
        "terms": {
            "senco": {
                "term": "isku-duwaha SEN",
                "short": "SENCO",
                "explanation": "Macallinka caawiya.",
            }
        },
    }
    (tmp_path / "glossary" / "so.json").write_text(json.dumps(partial))
    found = {t.key: t for t in terms("so", tmp_path)}
    assert found["senco"].term == "isku-duwaha SEN" and found["senco"].lang == "so"
    assert found["local-offer"].term == "Local Offer" and found["local-offer"].lang == "en"
    assert list(found)[0] == "sen"  # English's order


def test_every_link_into_the_words_page_has_its_term(client, demo):
    page = client.get("/help/words").text
    for anchor in ("outcome", "provision", "review", "sen-support"):
        assert f'id="{anchor}"' in page


def test_user_locale_column_fits_every_code(app):
    with app.app_context():
        assert User.__table__.c.locale.type.length >= max(len(c) for c in LANGUAGES)
