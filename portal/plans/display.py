"""How plans read on a page and in a PDF: hours as numbers, and the school's own words
marked with their language. Registered as template helpers by portal.templating."""

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from portal.i18n import in_page_language

RTL_LANGUAGES = {"ar", "fa", "he", "ps", "ur", "yi"}


def written_in(school) -> Markup:
    """lang and dir for words the school wrote, so they read the right way round (and in
    a suitable font) on a page or a PDF in the family's language."""
    code = school.default_locale or "en"
    direction = "rtl" if code.split("_")[0] in RTL_LANGUAGES else "ltr"
    return Markup(f'lang="{escape(code)}" dir="{direction}"')


def hours(value: float) -> str:
    """Hours as a short number in the page's language: 1.5, 1,5, 2."""
    return in_page_language(format_decimal, round(value, 2), "#,##0.##")


def shorten(text: str, limit: int = 90) -> str:
    """An outcome or a note cut to fit a list or a choice, at a word."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
