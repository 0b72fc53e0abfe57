"""How the directory's entries read on a page: when last checked, ages, a description's
paragraphs and lists, a short summary; and the SENCO's reminder about the SEN report.

Registered as template globals by portal.templating.
"""

from datetime import date, timedelta

from flask_babel import format_timedelta
from flask_babel import gettext as _

from portal import access
from portal.local_offer import services
from portal.local_offer.forms import MAX_AGE
from portal.models import Role, today


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
    report = services.sen_report(membership.school_id)
    if report is None:
        return {"missing": True, "updated_at": None}
    if report.is_overdue:
        return {"missing": False, "updated_at": report.updated_at}
    return None


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
