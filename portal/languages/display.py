"""What the layout shows about the page's language: the languages on offer, and whether a
fluent speaker has checked this one (if not, a line under the header says so)."""

from flask import g, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal import access
from portal.i18n import DEFAULT_LOCALE, offered_languages
from portal.languages import quality


def layout_context() -> dict:
    locale = get_locale()
    code = locale.language if locale else DEFAULT_LOCALE
    return {
        "offered_languages": offered_languages(),
        "translation_checked": quality.checked(code),
        "language_code": code,
    }


def translation_feedback_url() -> str:
    """The "wrong or unclear phrase" form, told the page and the school the person is on."""
    school = g.get("school")
    if school is None and current_user.is_authenticated:
        school = access.current_school()
    values = {"page": request.path}
    if school is not None:
        values["school"] = school.slug
    return url_for("languages.feedback", **values)
