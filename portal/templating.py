"""Every template filter and global, registered once, and what the layout needs on each page.

Formatting that any page may use (dates in the school's time zone, what someone wrote kept
as paragraphs) is defined here; a domain package's own words for its objects (how long ago
a Local Offer entry was checked, where a views request stands) stay in that package and are
registered here, by name, so a template helper has exactly one definition and one name.
"""

from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as format_babel_date
from babel.dates import format_skeleton
from babel.lists import format_list
from flask import Flask, g
from flask_babel import (
    format_date,
    format_number,
    format_time,
    format_timedelta,
    get_locale,
    to_user_timezone,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from portal.i18n import in_page_language
from portal.models import utcnow, year_group_label


def when(value: datetime | None) -> str:
    """ "Thursday 17 December 2026 at 15:30", in the page's language and the school's time
    zone (each language words it in its catalog: "17 grudnia 2026 (czwartek), godz. 15:30")."""
    if value is None:
        return ""
    return _("%(date)s at %(time)s", date=day(value), time=clock(value))


def day(value: datetime | date | None, fmt: str = "full") -> str:
    """ "Thursday 17 December 2026"; other widths as Babel's ("long": "17 December 2026").

    The full date is Babel's weekday beside Babel's long date, in the order each language's
    catalog gives: a sentence such as "by %(date)s" then never has to decline a weekday
    ("do poniedziałku"), since Polish writes "7 grudnia 2026 (poniedziałek)".
    """
    if value is None:
        return ""
    if fmt != "full":
        return babel_date(value, fmt)
    # Translators: a date with its day of the week, e.g. "Monday 7 December 2026". Put the
    # weekday where it needs no change of ending after words like "by" or "on", e.g.
    # "%(date)s (%(weekday)s)" gives "7 grudnia 2026 (poniedziałek)".
    weekday, long_date = babel_date(value, "EEEE"), babel_date(value, "long")
    return _("%(weekday)s %(date)s", weekday=weekday, date=long_date)


def babel_date(value: datetime | date, fmt: str = "long") -> str:
    """Babel's date (a width or a pattern) in the page's language; a moment is first put in
    the school's time zone. What Flask-Babel's format_date gives, worked out once a day."""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return in_page_language(format_babel_date, value, fmt)


def clock(value: datetime | None) -> str:
    """A time of day as the page's language writes it ("15:30", "3:30 pm"), in the school's
    time zone, without seconds or a zone."""
    if value is None:
        return ""
    local = to_user_timezone(value)
    locale = get_locale()
    if locale is not None and _latin_day_period(str(locale)):
        return format_skeleton("Bhm", local, locale=locale)
    return format_time(local, "short", rebase=False)


@lru_cache(maxsize=32)
def _latin_day_period(locale_name: str) -> bool:
    """Babel's short time for Urdu and Bengali is "3:30 PM": a Latin "PM" among letters of
    another script. Their day periods in their own script ("3:30 دوپہر") read as one line."""
    locale = Locale.parse(locale_name)
    pm = locale.day_periods.get("format", {}).get("abbreviated", {}).get("pm", "")
    own_name = locale.get_display_name(locale) or ""
    return "a" in locale.time_formats["short"].pattern and pm.isascii() and not own_name.isascii()


def date_and_time(value: datetime | None, fmt: str = "medium") -> str:
    """A date and a time in one, Babel's way for the language ("17 Dec 2026, 15:30"), with
    no seconds and no time zone: what a person reads on a page, email or PDF."""
    if value is None:
        return ""
    local = to_user_timezone(value)
    locale = get_locale()
    pattern = locale.datetime_formats.get(fmt, "{1} {0}") if locale else "{1} {0}"
    the_date = day(local) if fmt == "full" else format_date(local, fmt)
    return pattern.replace("{1}", the_date).replace("{0}", clock(value))


def listing(items) -> Markup:
    """Words joined as the page's language joins a list ("A, B and C", "A، B، اور C")."""
    parts = [str(escape(item)) for item in items]
    if len(parts) < 2:
        return Markup("".join(parts))
    try:
        return Markup(format_list(parts, style="standard", locale=get_locale() or "en"))
    except (KeyError, ValueError):  # a locale whose list patterns Babel lacks
        return Markup(", ".join(parts))


def ago(value: datetime | None) -> str:
    """ "3 days ago"."""
    if value is None:
        return ""
    return format_timedelta(value - utcnow(), granularity="minute", add_direction=True)


def paragraphs(text: str | None) -> Markup:
    """What someone wrote, kept as they wrote it: blank lines make paragraphs."""
    if not text:
        return Markup("")
    parts = [p.strip() for p in str(text).replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(
        Markup("<p>%s</p>") % Markup("<br>").join(escape(line) for line in part.split("\n"))
        for part in parts
    )


def iso(value: datetime) -> str:
    """A UTC time for a <time datetime> attribute, to the second."""
    return value.replace(microsecond=0).isoformat() + "Z"


def now_time() -> str:
    return clock(utcnow())


def web_link(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else could run script."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def init_app(app: Flask) -> None:
    from portal.ehc import display as ehc
    from portal.forms_common import relationship_label
    from portal.i18n import direction_of, in_language, language_name
    from portal.languages import display as languages
    from portal.local_offer import display as local_offer
    from portal.models import TranslatedKind
    from portal.plans import display as plans
    from portal.pupil_views.services import changing as views_change
    from portal.pupil_views.services import given_by_others as views_given_by_others
    from portal.pupil_views.services import progress as views_progress
    from portal.pupil_views.services import state as views_state
    from portal.records import display as records
    from portal.young_people import parents_see_views

    app.context_processor(layout_context)
    app.context_processor(languages.layout_context)
    filters = {
        "date": lambda value, fmt="long": babel_date(value, fmt) if value else "",
        "datetime": date_and_time,
        "clock": clock,
        "when": when,
        "day": day,
        "ago": ago,
        "paragraphs": paragraphs,
        "listing": listing,
        "iso": iso,
        "number": format_number,
        "web_link": web_link,
        "hours": plans.hours,
    }
    globals_ = {
        "asset_url": app.extensions["assets"].url,
        "language_name": language_name,
        "in_language": in_language,
        "direction_of": direction_of,
        "relationship_label": relationship_label,
        "now_time": now_time,
        "views_state": views_state,
        "views_change": views_change,
        "views_progress": views_progress,
        "parents_see_views": parents_see_views,
        "views_given_by_others": views_given_by_others,
        "written_in": plans.written_in,
        "checked_when": local_offer.checked_when,
        "ages_text": local_offer.ages_text,
        "blocks_of": local_offer.blocks_of,
        "service_summary": local_offer.service_summary,
        "how_far": local_offer.how_far,
        "sen_report_reminder": local_offer.sen_report_reminder,
        "records_of": records.records_of,
        "today_iso": records.today_iso,
        "year_label": year_group_label,
        "annual_review_of_meeting": ehc.annual_review_of_meeting,
        "ehc_for_staff": ehc.ehc_for_staff,
        "ehc_for_family": ehc.ehc_for_family,
        "translation_feedback_url": languages.translation_feedback_url,
        "plan_words": languages.plan_words,
        "help_words": languages.help_words,
        "record_words": languages.record_words,
        "translated_kinds": TranslatedKind,
    }
    app.jinja_env.filters.update(filters)
    app.jinja_env.globals.update(globals_)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def layout_context() -> dict:
    """What base.html shows on every page: language, direction, the school, the menu."""
    from portal import access, navigation
    from portal.i18n import LANGUAGES, text_direction

    locale = get_locale()
    # Outside a request (an email sent by a command) nobody is signed in.
    signed_in = bool(current_user) and current_user.is_authenticated
    membership = access.current_membership() if signed_in else None
    # A school's public pages speak for that school, even to someone signed in elsewhere.
    school = g.get("school") or (membership.school if membership is not None else None)
    return {
        "locale": locale,
        "lang": str(locale).replace("_", "-") if locale else "en",
        "dir": text_direction(locale),
        "languages": LANGUAGES,
        "membership": membership,
        "school": school,
        "nav_items": navigation.items_for(membership.role if membership else None),
        "other_memberships": [
            m for m in access.active_memberships(current_user) if m is not membership
        ]
        if signed_in
        else [],
    }
