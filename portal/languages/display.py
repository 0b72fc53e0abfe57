"""What the layout shows about the page's language: the languages on offer, and whether a
fluent speaker has checked this one (if not, a line under the header says so)."""

from flask import g, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal import access
from portal.i18n import DEFAULT_LOCALE, offered_languages
from portal.languages import quality
from portal.languages import words as words_module
from portal.languages.words import SchoolWords
from portal.web import page_language


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


def school_words(pupil, things, *, asking: bool = False) -> SchoolWords:
    """The school's words about this pupil, for a page or PDF in the page's language."""
    return SchoolWords(
        page_language(),
        pupil.school.default_locale,
        things,
        pupil_id=pupil.id,
        asking=asking,
    )


def plan_words(pupil, plan, *, asking: bool = False) -> SchoolWords:
    """A plan's words for its family page (asking: with "ask for this in my language") or
    its PDF."""
    return school_words(pupil, words_module.plan_things(plan), asking=asking)


def goal_words(pupil, plan) -> SchoolWords:
    """A plan's words for the pupil's goals page: its goals and help only."""
    return school_words(pupil, words_module.goal_things(plan))


def help_words(pupil, provisions, *, asking: bool = False) -> SchoolWords:
    """Help already running (a draft plan's provision) in the family's language: a bank
    phrase translated, the school's own words marked as written."""
    things = [(words_module.TranslatedKind.PROVISION, p) for p in provisions]
    return school_words(pupil, things, asking=asking)


def record_words(pupil, record, *, asking: bool = False) -> SchoolWords:
    """A meeting record's words and its actions (`.actions`), for its page or PDF."""
    actions = list(record.action_items)
    words = school_words(pupil, words_module.record_things(record, actions), asking=asking)
    words.actions = actions
    return words


def child_words(pupil, running, meetings) -> SchoolWords:
    """The school's words on a family's page about their child, in one query (two with the
    family's open requests): help already running (a draft plan's, so not yet askable) and
    what each meeting to come is for."""
    things = [(words_module.TranslatedKind.PROVISION, p) for p in running]
    things += [(words_module.TranslatedKind.MEETING, m) for m in meetings if m.purpose]
    return school_words(pupil, things, asking=True)
