"""Dates and times of meetings and messages, in the page's language and the school's time zone.

Registered as template filters: `when` ("Tuesday 3 March 2026 at 15:30"), `day` ("Tuesday 3
March 2026"), `ago` ("3 days ago"), `paragraphs`; and the views helpers the templates share.
"""

from datetime import date, datetime

from flask import Blueprint
from flask_babel import format_date, format_time, format_timedelta, to_user_timezone
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.models import utcnow


def when(value: datetime | None) -> str:
    if value is None:
        return ""
    local = to_user_timezone(value)
    return _(
        "%(date)s at %(time)s",
        date=format_date(local, "full"),
        time=format_time(local, "short", rebase=False),
    )


def day(value: datetime | date | None, fmt: str = "full") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return format_date(value, fmt)


def ago(value: datetime | None) -> str:
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
    return format_time(utcnow(), "short")


def register(bp: Blueprint) -> None:
    filters = {"when": when, "day": day, "ago": ago, "paragraphs": paragraphs, "iso": iso}
    for name, function in filters.items():
        bp.add_app_template_filter(function, name)
    bp.add_app_template_global(now_time, "now_time")
    # The views forms' helpers, for the pages that show answers and what is asked.
    from portal.voices.questions import answer_words
    from portal.voices.views import state

    bp.add_app_template_global(answer_words, "answer_words")
    bp.add_app_template_global(state, "views_state")
