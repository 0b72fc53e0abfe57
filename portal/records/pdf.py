"""Records as PDF, rendered on the server from the same words as the web page.

WeasyPrint turns a template into a tagged PDF (PDF/UA-1): real text that screen readers
and search can use, A4, in the page's language and direction. Fonts come from the
machine; nothing is fetched from the network while rendering.
"""

import logging
import time
from pathlib import Path

from flask import current_app, render_template
from flask_babel import get_locale

from portal.i18n import text_direction
from portal.web import content_disposition

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


def pdf_response(template: str, filename: str, *, title: str, **context):
    """A PDF download; never cached, since it holds a pupil's record."""
    pdf = render_pdf(template, title=title, **context)
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response
