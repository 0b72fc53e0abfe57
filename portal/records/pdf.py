"""Records as PDF, rendered on the server from the same words as the web page.

WeasyPrint turns a template into a tagged PDF (PDF/UA-1): real text that screen readers
and search can use, A4, in the page's language and direction. Fonts come from the
machine; nothing is fetched from the network while rendering.
"""

import logging
import re
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import current_app, render_template
from flask_babel import get_locale

from portal.i18n import text_direction

log = logging.getLogger("portal.pdf")
# WeasyPrint narrates every step at INFO; only its warnings matter here.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "pdf.css"


def render_pdf(template: str, *, title: str, **context) -> bytes:
    """Render a template (which extends records/pdf_base.html) to PDF bytes."""
    # Imported here: WeasyPrint takes a moment to load, and most requests never need it.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    started = time.perf_counter()
    locale = get_locale()
    html = render_template(
        template,
        title=title,
        lang=str(locale).replace("_", "-") if locale else "en",
        dir=text_direction(locale),
        **context,
    )
    fonts = FontConfiguration()
    # Only inline data may be loaded: a record never reaches out to the network or disk.
    fetcher = URLFetcher(allowed_protocols=("data",))
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    stylesheet = CSS(string=STYLESHEET.read_text(), font_config=fonts)
    pdf = document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        custom_metadata=True,
    )
    log.info(
        "Rendered %s: %d bytes in %.0f ms",
        template,
        len(pdf),
        (time.perf_counter() - started) * 1000,
    )
    return pdf


def content_disposition(filename: str) -> str:
    """An attachment header for any name (RFC 6266): the name itself as UTF-8 in filename*,
    and a plain ASCII one (Łukasiewicz → lukasiewicz) for old browsers in filename."""
    stem, dot, extension = filename.rpartition(".") if "." in filename else (filename, "", "")
    plain = unicodedata.normalize("NFKD", stem.replace("ł", "l").replace("Ł", "L"))
    plain = re.sub(r"[^A-Za-z0-9_-]+", "-", plain.encode("ascii", "ignore").decode())
    plain = (re.sub(r"-{2,}", "-", plain).strip("-") or "download") + dot + extension
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_response(template: str, filename: str, *, title: str, **context):
    """A PDF download; never cached, since it holds a pupil's record."""
    pdf = render_pdf(template, title=title, **context)
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response
