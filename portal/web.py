"""What every package's web layer shares: a page or its htmx part, safe redirects, the
page's language, and the answer to a save made while typing.

Only routes use these; services never see a request.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit

from flask import abort, render_template, request, url_for
from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup


def partial_wanted() -> bool:
    """An htmx swap wants just the part it replaces. A history restore (Back, when htmx no
    longer holds the page in its cache) replaces the whole document: it wants the page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(page: str, partial: str, /, **context) -> str:
    """Render the whole page, or only its swappable part for an htmx swap.

    `partial` is the template the page itself includes for that part, so both answers
    hold the same rows. Every view whose page htmx swaps part of renders through here.
    """
    return render_template(partial if partial_wanted() else page, **context)


def render_part(page: str, part: Markup, /, **context) -> str:
    """`render` for a page whose swappable part is already rendered (by `kept_table`): the
    page, which shows it as `{{ part }}`, or only the part for an htmx swap."""
    return part if partial_wanted() else render_template(page, part=part, **context)


def kept_table(key: tuple, partial: str, load: Callable[[], tuple[Sequence, dict]]):
    """A page's table of pupils as HTML, rendered once for each version of the school's data
    and each language (portal.kept), and the pupils it shows, for the audit of the read.

    `load()` returns the pupils shown and the partial's context; `key` names everything
    else the table depends on (the school, the page, the filters)."""
    from portal import audit, kept

    def make() -> tuple[tuple[audit.Shown, ...], Markup]:
        pupils, context = load()
        shown = tuple(audit.Shown(p.id, p.school_id) for p in pupils)
        return shown, Markup(render_template(partial, **context))

    return kept.result((partial, *key, str(get_locale())), make)


def safe_next(target: str | None, fallback: str = "main.home") -> str:
    """Only ever redirect within the portal."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for(fallback)


# Far past any real list (50 rows a page); an address asking for more would overflow the
# database's OFFSET, so it gets this page: past the end, "nothing here", never an error.
MAX_PAGE = 100_000


def page_number() -> int:
    """The `?page=` asked for, from 1 to MAX_PAGE; anything that is not a number is page 1."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


def page_language() -> str:
    """The language of the page being shown ("en", "pl", "ur"): what people write in."""
    locale = get_locale()
    return locale.language if locale else "en"


def autosave(form: FlaskForm, save: Callable[[FlaskForm], None]):
    """While typing (htmx): keep the words without moving on, and say when they were saved.

    Whatever was typed is kept, valid or not; only a missing or wrong CSRF token refuses.
    """
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400)
    save(form)
    return render_template("_saved.html", saved=True)


def content_disposition(filename: str) -> str:
    """An attachment header for any name (RFC 6266): the name itself as UTF-8 in filename*,
    and a plain ASCII one (Łukasiewicz → lukasiewicz) for old browsers in filename."""
    stem, dot, extension = filename.rpartition(".") if "." in filename else (filename, "", "")
    plain = unicodedata.normalize("NFKD", stem.replace("ł", "l").replace("Ł", "L"))
    plain = re.sub(r"[^A-Za-z0-9_-]+", "-", plain.encode("ascii", "ignore").decode())
    plain = (re.sub(r"-{2,}", "-", plain).strip("-") or "download") + dot + extension
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"
