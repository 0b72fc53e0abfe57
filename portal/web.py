"""What every package's web layer shares: a page or its htmx part, safe redirects, the
page's language, and the answer to a save made while typing.

Only routes use these; services never see a request.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit

from flask import abort, g, render_template, request, url_for
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


# Where each visitor's own form token goes in a kept public page (never in real HTML).
_TOKEN_MARK = "\x00form-token\x00"
_NOT_KEPT_HEADERS = frozenset({"content-length", "set-cookie"})


def public_page(view):
    """A public page (the SEN information report, the Local Offer, signing in) kept whole
    for visitors who are not signed in: it is the same for all of them, so it is rendered
    once for each version of the data (portal.kept), address, language and hour (a new
    hour begins at each local midnight, so "checked 3 days ago" is right).

    Only the form token differs between visitors (in the sign-in form): each visitor's own
    is put in. A page without a form (the Local Offer, the SEN information report) needs
    none, and then the visitor gets no cookie at all, and the server neither
    makes a token nor signs a session for someone who only reads. Someone signed in, a page
    with a message to show (flashed), or an answer other than a plain 200 page is worked out
    as usual."""
    from functools import wraps

    from flask import current_app, session
    from flask_login import current_user
    from flask_wtf.csrf import generate_csrf

    from portal import kept
    from portal.models import utcnow

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method != "GET" or current_user.is_authenticated or "_flashes" in session:
            return view(*args, **kwargs)
        rendered = []

        def make():
            response = current_app.make_response(view(*args, **kwargs))
            rendered.append(response)
            if response.status_code != 200 or response.mimetype != "text/html":
                return None
            headers = tuple(
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _NOT_KEPT_HEADERS
            )
            html = response.get_data(as_text=True)
            # The page has a form: the token it was given, kept by Flask-WTF under this name.
            if token := g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")):
                html = html.replace(token, _TOKEN_MARK)
            return html, headers

        key = ("public page", request.full_path, partial_wanted(), str(get_locale()))
        page = kept.result((*key, utcnow().strftime("%Y-%m-%d %H")), make)
        if rendered:
            return rendered[0]
        if page is None:
            return view(*args, **kwargs)
        html, headers = page
        if _TOKEN_MARK in html:
            html = html.replace(_TOKEN_MARK, generate_csrf())
        return current_app.response_class(html, headers=headers)

    return wrapped


def kept_fragment(template: str, key: tuple, context: Callable[[], dict]) -> Markup:
    """A part of a page that is the same for everyone asking with the same `key` (the school,
    the filters in the address), rendered once for each version of the data and language
    (portal.kept): a page's filter form, for example, whose lists of choices cost more to
    render than anything else on the page. `context()` is called only when rendering."""
    from portal import kept

    def make() -> Markup:
        return Markup(render_template(template, **context()))

    return kept.result((template, *key, str(get_locale())), make)


def asked_in_address() -> tuple:
    """What the address asks for, other than the page: a key for what filters show."""
    return tuple(sorted((k, v) for k, v in request.args.items(multi=True) if k != "page"))


def kept_filter_form(template: str, school_id: int, form) -> Markup:
    """A list page's filter form as the address fills it in (its choices can be the school's
    own), rendered once for each address (`kept_fragment`)."""
    return kept_fragment(template, (school_id, asked_in_address()), lambda: {"form": form})


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
