"""How the directory's entries read on a page: when last checked, ages, a description's
paragraphs and lists, a short summary; and the SENCO's reminder about the SEN report.

Registered as template globals by portal.templating.
"""

from datetime import date, datetime, timedelta

from babel.units import format_unit
from flask_babel import format_timedelta, get_locale
from flask_babel import gettext as _

from portal import access, kept
from portal.local_offer import distance, services
from portal.local_offer.forms import MAX_AGE
from portal.models import Role, today
from portal.models.local_offer import report_overdue


def checked_when(checked: date | None) -> str:
    """How long ago an entry was checked, in the page's language."""
    if checked is None:
        return _("We do not know when this was last checked")
    days = (today() - checked).days
    if days <= 0:
        return _("Checked today")
    ago = format_timedelta(
        -timedelta(days=days), granularity="day", threshold=1, add_direction=True
    )
    return _("Last checked %(when)s", when=ago)


KM_PER_MILE = 1.609344
# Where distances are said in miles (the United Kingdom's roads; the US).
MILES_TERRITORIES = {"GB", "US"}


def how_far(service, school) -> str:
    """ "1.4 miles from Oakfield Primary School", in the page's language and its units;
    empty when the school or the service has no known place."""
    if school is None or school.location is None:
        return ""
    km = distance.nearest_km(school.location, service.locations)
    if km is None:
        return ""
    return _("%(distance)s from %(school)s", distance=length(km), school=school.name)


def length(km: float) -> str:
    """A distance as Babel writes it in the page's language: "1.4 miles", "2,3 km"."""
    locale = get_locale() or "en"
    miles = getattr(locale, "territory", None) in MILES_TERRITORIES
    value, unit = (km / KM_PER_MILE, "length-mile") if miles else (km, "length-kilometer")
    number_format = "#,##0" if value >= 10 else "#,##0.#"
    text = format_unit(value, unit, length="long", format=number_format, locale=locale)
    if unit in text:  # a language with no long name for the unit in Babel's data
        text = format_unit(value, unit, length="short", format=number_format, locale=locale)
    return text


def ages_text(low: int | None, high: int | None) -> str:
    if high is not None and high > MAX_AGE:
        high = None
    if not low and high is None:
        return _("All ages")
    if not low:
        return _("Up to age %(high)d", high=high)
    if high is None:
        return _("Age %(low)d and over", low=low)
    if low == high:
        return _("Age %(low)d", low=low)
    return _("Ages %(low)d to %(high)d", low=low, high=high)


def sen_report_reminder():
    """For the SENCO's home page: the report is missing, or more than a year old."""
    membership = access.current_membership()
    if membership is None or membership.role not in (Role.SENCO, Role.ADMIN):
        return None
    school_id = membership.school_id
    found, updated_at = kept.result(("sen report updated", school_id), lambda: _updated(school_id))
    if not found:
        return {"missing": True, "updated_at": None}
    if report_overdue(updated_at):
        return {"missing": False, "updated_at": updated_at}
    return None


def _updated(school_id: int) -> tuple[bool, datetime | None]:
    """Whether the school has a report, and when it was last updated."""
    report = services.sen_report(school_id)
    return (True, report.updated_at) if report is not None else (False, None)


def blocks_of(text: str | None) -> list[tuple[str, object]]:
    """Plain text as blocks to show: ("p", text) or ("ul", [items]) for "- " lines.

    Staff type plain text; a blank line starts a paragraph and lines starting with "- "
    or "* " make a list. Nothing typed is ever treated as HTML.
    """
    blocks: list[tuple[str, object]] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line[:2] in ("- ", "* ") for line in lines):
            blocks.append(("ul", [line[2:].strip() for line in lines]))
        else:
            blocks.append(("p", " ".join(lines)))
    return blocks


def service_summary(text: str | None, limit: int = 110) -> str:
    """The start of a description, cut at a word, for a result of a few lines."""
    flat = " ".join((text or "").replace("- ", " ").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
