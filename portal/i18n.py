"""Which language a page is shown in, and the languages the portal speaks."""

from babel import Locale
from flask import g, request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user

# Each language named in itself, as a family would look for it.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "pl": "Polski",
    "ur": "اردو",
}
DEFAULT_LOCALE = "en"
# The Babel locale behind each language: English dates as written in England.
BABEL_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    """The Babel locale for the language chosen by `chosen_language`."""
    language = chosen_language()
    return BABEL_LOCALES.get(language, language)


def chosen_language() -> str:
    """The user's saved choice, a choice made on the page, the browser's, the school's."""
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    best = request.accept_languages.best_match(LANGUAGES.keys())
    if best:
        return best
    school = getattr(g, "school", None)
    if school is not None and school.default_locale in LANGUAGES:
        return school.default_locale
    return DEFAULT_LOCALE


def text_direction(locale: Locale | None = None) -> str:
    locale = locale or get_locale()
    return locale.text_direction if locale else "ltr"


def language_name(code: str | None) -> str:
    """A language's name in the current page's language, for codes families wrote in."""
    if not code:
        return ""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, TypeError):
        return code


def in_language(code: str | None, caller) -> str:
    """A part of a page in another of the portal's languages: `{% call in_language(code) %}`.

    A pupil's questions in the pupil's language while the adult beside them reads the rest
    of the page in their own. Every translated word in the block, dates included, follows."""
    if not code or code not in LANGUAGES or code == (get_locale() or Locale("en")).language:
        return caller()
    with force_locale(BABEL_LOCALES.get(code, code)):
        return caller()


def direction_of(code: str | None) -> str:
    """ "rtl" or "ltr" for a language code."""
    try:
        return Locale.parse(BABEL_LOCALES.get(code or "", code or "en")).text_direction
    except (ValueError, TypeError):
        return "ltr"
