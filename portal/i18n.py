"""Which language a page is shown in, and the languages the portal speaks.

The portal knows ten languages (`LANGUAGES`) but offers only those whose compiled catalog
is in `translations/` and translates every message of the template: a language whose
translators are still at work is never half shown. English, the source, is always offered.
"""

import gettext
import logging
import re
from functools import cache, lru_cache
from pathlib import Path

import flask_babel
from babel import Locale, UnknownLocaleError
from babel.messages.pofile import unescape
from flask import current_app, g, has_app_context, request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

log = logging.getLogger("portal.i18n")

# Each language named in itself, as a family would look for it, in the order the issue
# lists them: the languages most spoken by EAL families in English schools.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "pl": "Polski",
    "ur": "اردو",
    "pa": "ਪੰਜਾਬੀ",
    "bn": "বাংলা",
    "ar": "العربية",
    "ro": "Română",
    "so": "Soomaali",
    "pt": "Português",
    "uk": "Українська",
}
DEFAULT_LOCALE = "en"
# The Babel locale behind each language, for dates and numbers: English as written in
# England; Portuguese as in Portugal (the catalog's own choice of words); Panjabi in
# Gurmukhi, which is Babel's default for `pa`.
BABEL_LOCALES = {"en": "en_GB", "pt": "pt_PT"}
# Panjabi written in the Arabic script (Shahmukhi, Pakistan) is not what the Gurmukhi
# catalog offers; families who read it read Urdu, the language of school in Pakistan.
SHAHMUKHI = "ur"

_ROOT_TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def translations_dir() -> Path:
    """Where the catalogs are: the app's BABEL_TRANSLATION_DIRECTORIES (the first one)."""
    if has_app_context():
        return _resolve(
            current_app.root_path, current_app.config.get("BABEL_TRANSLATION_DIRECTORIES", "")
        )
    return _ROOT_TRANSLATIONS


@cache
def _resolve(root_path: str, configured: str) -> Path:
    first = configured.split(";")[0].strip()
    return (Path(root_path) / first).resolve() if first else _ROOT_TRANSLATIONS


def catalog_gaps(directory: Path, code: str) -> list[str]:
    """Why a language cannot be offered (empty: it can).

    Its compiled catalog must exist and hold a translation of every message of
    `messages.pot`, with all the language's plural forms; and its source (`messages.po`)
    must have no empty or fuzzy translation: compiling leaves fuzzy ones out, but fills an
    empty plural form with the English, so only the source shows it.
    """
    folder = directory / code / "LC_MESSAGES"
    compiled, source = folder / "messages.mo", folder / "messages.po"
    if not compiled.exists():
        return ["no compiled catalog"]
    template = _template(directory / "messages.pot")
    if template is None:
        return []  # an installation without the template: trust what was compiled
    with compiled.open("rb") as file:
        catalog = gettext.GNUTranslations(file)
    strings = catalog._catalog  # singular msgid -> text; (msgid, n) -> plural form n
    forms = re.search(r"nplurals\s*=\s*(\d+)", catalog.info().get("plural-forms", ""))
    count = int(forms.group(1)) if forms else 2
    gaps: dict[str, None] = {}
    for singular, plural in template:
        if plural:
            if not all(strings.get((singular, n)) for n in range(count)):
                gaps[singular] = None
        elif not strings.get(singular):
            gaps[singular] = None
    if source.exists():
        gaps.update(dict.fromkeys(_source_gaps(source)))
    return list(gaps)


def _source_gaps(path: Path) -> list[str]:
    """msgids whose translation is empty or fuzzy in a .po file, read line by line (a
    full parse of ten catalogs would add half a second to each worker's first request)."""
    gaps: list[str] = []
    entry = {"msgid": "", "fuzzy": False, "empty": False}
    field, value = None, ""

    def finish_field():
        if field == "msgstr" and value == "":
            entry["empty"] = True

    def finish_entry():
        if entry["msgid"] and (entry["fuzzy"] or entry["empty"]):
            gaps.append(entry["msgid"])

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish_field()
            finish_entry()
            entry = {"msgid": "", "fuzzy": False, "empty": False}
            field, value = None, ""
        elif line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
        elif line.startswith('"'):
            if field == "msgid":
                entry["msgid"] += _unquote(line)
            value += _unquote(line)
        else:
            finish_field()
            keyword, _, rest = line.partition(" ")
            field = "msgstr" if keyword.startswith("msgstr") else keyword
            value = _unquote(rest)
            if field == "msgid":
                entry["msgid"] = value
    finish_field()
    finish_entry()
    return gaps


def _unquote(text: str) -> str:
    return unescape(text.strip())


@cache
def _template(path: Path) -> list[tuple[str, bool]] | None:
    """(msgid, is plural) for every message of the template, read line by line."""
    if not path.exists():
        return None
    found: list[tuple[str, bool]] = []
    msgid, plural, field = "", False, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid:
                found.append((msgid, plural))
            msgid, plural, field = "", False, None
        elif line.startswith('"'):
            if field == "msgid":
                msgid += _unquote(line)
        elif not line.startswith("#"):
            field, _, rest = line.partition(" ")
            if field == "msgid":
                msgid = _unquote(rest)
            elif field == "msgid_plural":
                plural = True
    return found


@cache
def _offered_in(directory: Path) -> dict[str, str]:
    offered = {}
    for code, name in LANGUAGES.items():
        if code == DEFAULT_LOCALE:
            offered[code] = name
            continue
        gaps = catalog_gaps(directory, code)
        if gaps:
            log.info("Language %s is not offered yet: %s", code, _gap_summary(gaps))
        else:
            offered[code] = name
    return offered


def _gap_summary(gaps: list[str]) -> str:
    if gaps == ["no compiled catalog"]:
        return gaps[0]
    return f"{len(gaps)} messages not translated, the first: {gaps[0][:60]!r}"


def offered_languages() -> dict[str, str]:
    """The languages people may choose now: English and every complete catalog."""
    return _offered_in(translations_dir())


def is_offered(code: str | None) -> bool:
    return bool(code) and code in offered_languages()


def language_choices():
    """(code, name in itself) for radios; pass the function itself, so it runs per form."""
    from portal.forms_common import options

    return options(offered_languages().items())


def negotiate(accepted: list[tuple[str, float]], offered: dict[str, str]) -> str | None:
    """The best offered language for an Accept-Language header's (tag, quality) pairs.

    Tags match on their language (`pt-BR` is Portuguese, `bn-IN` Bengali); Panjabi in the
    Arabic script (`pa-Arab`, `pa-PK`) goes to Urdu, not to the Gurmukhi catalog.
    """
    ranked = sorted(
        ((quality, -index, tag) for index, (tag, quality) in enumerate(accepted) if quality > 0),
        reverse=True,
    )
    for _quality, _index, tag in ranked:
        parts = tag.replace("_", "-").lower().split("-")
        code = parts[0]
        if code == "pa" and ("arab" in parts[1:] or "pk" in parts[1:]):
            code = SHAHMUKHI
        if code in offered:
            return code
    return None


def chosen_language() -> str:
    """The user's saved choice, a choice made on the page, the browser's, the school's."""
    offered = offered_languages()
    if current_user and current_user.is_authenticated and current_user.locale in offered:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in offered:
        return chosen
    best = negotiate(list(request.accept_languages), offered)
    if best:
        return best
    school = getattr(g, "school", None)
    if school is not None and school.default_locale in offered:
        return school.default_locale
    return DEFAULT_LOCALE


def babel_locale(code: str) -> str:
    return BABEL_LOCALES.get(code, code)


def select_locale() -> str:
    """The Babel locale for the language chosen by `chosen_language`."""
    return babel_locale(chosen_language())


def text_direction(locale: Locale | None = None) -> str:
    locale = locale or get_locale()
    return locale.text_direction if locale else "ltr"


@lru_cache(maxsize=256)
def direction_of(code: str | None) -> str:
    """rtl or ltr for a language code (ar, ur: rtl). Kept per code: a family's plan page
    asks about twenty times (each phrase of the school's says its direction), and parsing
    the locale each time was a tenth of a millisecond a page."""
    try:
        return Locale.parse((code or DEFAULT_LOCALE).replace("-", "_")).text_direction
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"


def language_name(code: str | None) -> str:
    """A language's name in the current page's language, for codes families wrote in.

    A code no language has (stored before forms checked it, or by hand) is shown as it is,
    cut short: a page showing it must never fail.
    """
    if not code:
        return ""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code[:20]


def in_language(code: str | None, caller) -> str:
    """A part of a page in another of the portal's languages: `{% call in_language(code) %}`.

    A pupil's questions in the pupil's language while the adult beside them reads the rest
    of the page in their own. Every translated word in the block, dates included, follows."""
    if not is_offered(code) or code == (get_locale() or Locale("en")).language:
        return caller()
    with force_locale(babel_locale(code)):
        return caller()


class RequestDomain(flask_babel.Domain):
    """Flask-Babel's message domain, finding the request's catalog once per language.

    Flask-Babel looks the catalog up afresh for every string: the request's `g` three times
    over, the locale's name rebuilt, a dictionary keyed by it. A page of the SENCO's makes
    about 500 lookups, and that was a tenth of its time. The catalog found is kept on the
    request's Babel state beside the locale it is for, so `force_locale` (an email in the
    family's language) and a change of language within the request find another.
    """

    def get_translations(self):
        try:
            state = g._flask_babel
        except (AttributeError, RuntimeError):  # the request's first string, or no request
            return super().get_translations()
        kept = state.__dict__.get("portal_catalog")
        if kept is not None and kept[0] is state.__dict__.get("babel_locale"):
            return kept[1]
        translations = super().get_translations()  # sets babel_locale if it was not
        state.portal_catalog = (state.babel_locale, translations)
        return translations


def install_domain(app, babel: flask_babel.Babel) -> None:
    """Use RequestDomain for the app's strings, in Python and in templates."""
    domain = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    babel.domain_instance = domain  # Flask-Babel's cached_property, set once here
    # Flask-Babel added Jinja's i18n extension (the `{% trans %}` tag) with its own callables.
    app.jinja_env.globals.update(template_gettext(domain.get_translations))
    app.before_request(_wtforms_in_page_language)


def template_gettext(catalog) -> dict:
    """`_`, `gettext`, `ngettext`, `pgettext` and `npgettext` for templates, as Jinja's
    newstyle gettext has them: the string is always a format string (`%%` is `%`), and in an
    autoescaped template it is markup, so the variables are escaped and the words are not.

    Jinja's own wrap each call three times over (`_` finds `gettext` in the context, which
    calls the function given it, each through `Context.call`): a family's page makes 50 to
    100 such calls, and the wrapping cost more than finding the words. These go to the
    request's catalog in one step.
    """

    def words(eval_ctx, text: str, variables: dict):
        if eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    @pass_eval_context
    def gettext_(eval_ctx, string: str, **variables):
        return words(eval_ctx, catalog().ugettext(string), variables)

    @pass_eval_context
    def ngettext_(eval_ctx, singular: str, plural: str, num: int, **variables):
        variables.setdefault("num", num)
        return words(eval_ctx, catalog().ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext_(eval_ctx, context: str, string: str, **variables):
        variables.setdefault("context", context)
        return words(eval_ctx, catalog().upgettext(context, string), variables)

    @pass_eval_context
    def npgettext_(eval_ctx, context: str, singular: str, plural: str, num: int, **variables):
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        text = catalog().unpgettext(context, singular, plural, num)
        return words(eval_ctx, text, variables)

    return {
        "_": gettext_,
        "gettext": gettext_,
        "ngettext": ngettext_,
        "pgettext": pgettext_,
        "npgettext": npgettext_,
    }


class _WTFormsCatalog:
    """WTForms' own messages ("Not a valid choice") in the page's language. Flask-WTF loads
    their catalog from disk once a request (about 0.5 ms, on every page with a form) unless
    the request already holds one: this one finds it once per language per process."""

    def ugettext(self, string: str) -> str:
        return _wtforms_catalog(str(get_locale() or "en")).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(get_locale() or "en")).ungettext(singular, plural, n)


@cache
def _wtforms_catalog(locale_name: str):
    from babel import support
    from wtforms.i18n import messages_path

    return support.Translations.load(messages_path(), [locale_name], domain="wtforms")


def _wtforms_in_page_language() -> None:
    request.wtforms_translations = _WTFormsCatalog()  # what flask_wtf.i18n looks for


def in_page_language(formatter, value, fmt: str) -> str:
    """Babel's `formatter(value, fmt)` (format_date, format_decimal...) in the page's
    language, worked out once for each value, pattern and language: each costs about 0.1 ms,
    and a page repeats the same few (50 meetings on the same days, hours of 1.5 and 2)."""
    locale = get_locale()
    return _formatted(formatter, value, fmt, str(locale) if locale is not None else "en_GB")


@lru_cache(maxsize=8192)
def _formatted(formatter, value, fmt: str, locale_name: str) -> str:
    return formatter(value, fmt, locale=locale_name)
