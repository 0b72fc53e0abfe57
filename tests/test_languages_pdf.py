"""PDFs draw every script: a plan rendered in Bengali, Panjabi, Urdu, Arabic and Ukrainian
embeds the Noto face for that script, and its words can be read back out of the file.

WeasyPrint's text layer maps each glyph to the text of the first cluster it drew it in,
so Bengali and Gurmukhi vowel signs written before their consonant (ি ে ৈ, ਿ) go missing
from later words, and a vowel drawn in two halves (ো) can stand in for one half (া): what a
screen reader or a copy gets from these PDFs is not quite the words. The glyphs on the page
are right. So those words are compared with the pre-base signs taken out of both sides;
every other letter must be there.
"""

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from pypdf import PdfReader

from portal.extensions import db
from portal.languages.phrases import bank
from portal.models import Plan, PlanStatus
from portal.records.pdf import render_pdf

PRE_BASE = re.compile("[\u09bf\u09c7\u09c8\u0a3f]")
FONTS = {
    "bn": "Noto-Sans-Bengali",
    "pa": "Noto-Sans-Gurmukhi",
    "ur": "Noto-Naskh-Arabic",
    "ar": "Noto-Naskh-Arabic",
    "uk": "Noto-Sans",
}


def _has(family: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return family in found


pytestmark = pytest.mark.skipif(
    not all(_has(f) for f in ("Noto Sans Bengali", "Noto Sans Gurmukhi", "Noto Naskh Arabic")),
    reason="fonts-noto-core is not installed here (.ci/run installs it)",
)


def _flat(text: str) -> str:
    """Words with the pre-base vowel signs taken out (after splitting two-part vowels such
    as ো into ে and া, whose second half is drawn, and mapped, on its own)."""
    return " ".join(PRE_BASE.sub("", unicodedata.normalize("NFD", text)).split())


def _render_plan_in(app, demo, code: str) -> tuple[bytes, list[str]]:
    """Yusuf's plan as a PDF in `code`, its outcome and help in that language's bank words
    (the school writing in the family's language), never saved."""
    yusuf = demo.pupil("Yusuf", "Rahman")
    with app.test_request_context("/"), force_locale(code):
        plan = db.session.scalars(
            sa.select(Plan).where(Plan.pupil_id == yusuf.id, Plan.status == PlanStatus.SHARED)
        ).first()
        words = [
            bank().get("semh-join-game").in_language(code),
            bank().get("semh-check-in").in_language(code),
            bank().get("semh-lunchtime-club").in_language(code),
        ]
        plan.outcomes[0].description = words[0]
        plan.provisions[0].description = words[1]
        plan.provisions[1].description = words[2]
        plan.pupil.school.default_locale = code  # what the school wrote is in this language
        pdf = render_pdf(
            "plans/plan_pdf.html",
            title="Plan",
            pupil=plan.pupil,
            plan=plan,
            contacts=[],
            school_name=plan.pupil.school.name,
            made_on=plan.shared_at.date(),
            glossary_url="http://localhost/help/words",
        )
        db.session.rollback()
    return pdf, words


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize("code", ["bn", "pa"])
def test_a_plan_pdf_in_bengali_and_panjabi_reads_back(app, demo, code):
    pdf, words = _render_plan_in(app, demo, code)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == code
    assert FONTS[code] in _fonts(reader)
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    for sentence in words:
        assert _flat(sentence) in text, (code, sentence)
    # A word with no pre-base vowel sign reads back exactly.
    exact = {"bn": "অন্তত 3", "pa": "ਹਫ਼ਤੇ"}[code]
    assert exact in "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("code", ["ur", "ar"])
def test_a_plan_pdf_in_urdu_and_arabic_draws_in_naskh_and_keeps_its_words(app, demo, code):
    pdf, words = _render_plan_in(app, demo, code)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == code
    fonts = _fonts(reader)
    assert FONTS[code] in fonts
    assert not any("Kufi" in f for f in fonts)  # the generic face Pango would pick
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    # Naskh keeps the text layer whole (Nastaliq, the web's face for Urdu, would not).
    assert " ".join(words[1].split()) in text


def test_a_plan_pdf_in_ukrainian_draws_cyrillic_in_noto_sans(app, demo):
    pdf, words = _render_plan_in(app, demo, "uk")
    reader = PdfReader(io.BytesIO(pdf))
    assert FONTS["uk"] in _fonts(reader)
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    assert words[0] in text
