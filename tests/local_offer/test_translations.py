"""Every string of the Local Offer is translated into Polish and Urdu, and pages use them."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *ROOT.glob("portal/local_offer/*.py"),
    ROOT / "portal/models/local_offer.py",
    *ROOT.glob("portal/templates/local_offer/*.html"),
    ROOT / "portal/templates/email/local_offer_out_of_date.txt",
]
# Strings the foundation's pages already use: they are translated with its catalog, on the
# branch that translates the foundation, and are not new here.
SHARED = {
    "%(code)s: %(label)s",
    "Cancel",
    "Edit %(name)s",
    "Email:",
    "Enter a full web address starting with https://",
    "Enter an email address like name@example.com",
    "Error:",
    "Hello,",
    "Local Offer",
    "Needs",
    "Not known",
    "Phone:",
    "Save",
    "The changes have been saved.",
    "What do these words mean?",
    "What the words mean",
}
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def local_offer_messages() -> set:
    found = set()
    for path in SOURCES:
        method = "python" if path.suffix == ".py" else "jinja2"
        options = {} if method == "python" else {"extensions": "jinja2.ext.do"}
        for _, message, _, _ in extract_from_file(method, path, keywords=KEYWORDS, options=options):
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog(language: str):
    with open(ROOT / f"translations/{language}/LC_MESSAGES/messages.po", "rb") as f:
        return read_po(f, locale=language)


def test_the_sources_have_strings_to_check():
    assert len(local_offer_messages() - SHARED) > 250


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_every_local_offer_string_is_translated(language):
    messages = {
        (m.id if isinstance(m.id, str) else tuple(m.id)): m for m in catalog(language) if m.id
    }
    untranslated = []
    for key in local_offer_messages() - SHARED:
        message = messages.get(key)
        strings = (
            (message.string,)
            if message and isinstance(key, str)
            else (message.string if message else ())
        )
        if not message or not all(strings):
            untranslated.append(key)
    assert untranslated == []


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_translations_keep_their_placeholders(language):
    problems = [
        (message.id, [str(e) for e in errors]) for message, errors in catalog(language).check()
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("language", "direction", "heading", "count"),
    [
        ("en", "ltr", "Find services for children with SEN and disabilities", "services found"),
        ("pl", "ltr", "Znajdź usługi dla dzieci ze specjalnymi potrzebami", "Znaleziono"),
        ("ur", "rtl", "خصوصی تعلیمی ضروریات (SEN) اور معذوری والے بچوں", "سروسز ملیں"),
    ],
)
def test_the_directory_speaks_the_familys_language(
    client, demo, language, direction, heading, count
):
    html = client.get(
        "/schools/oakfield/local-offer", headers={"Accept-Language": language}
    ).get_data(as_text=True)
    html_lang = "en-GB" if language == "en" else language
    assert f'<html lang="{html_lang}" dir="{direction}">' in html
    assert heading in html and count in html


def test_the_report_and_a_service_page_in_polish(app, client, demo):
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import Service

    with app.app_context():
        sid = db.session.scalar(sa.select(Service.id).where(Service.name == "Northshire SENDIASS"))
    headers = {"Accept-Language": "pl"}
    page = client.get(f"/schools/oakfield/local-offer/services/{sid}", headers=headers)
    text = page.get_data(as_text=True)
    assert "Dla kogo" in text and "Ostatnio sprawdzono" in text and "temu" in text
    report = client.get("/schools/oakfield/sen-information-report", headers=headers)
    assert "Raport informacyjny o SEN" in report.get_data(as_text=True)
