"""CSV downloads that spreadsheets open safely."""

import csv
import io

from flask import current_app

from portal.web import content_disposition

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# Excel reads a CSV file as UTF-8, names in any script, only when it starts with this.
BYTE_ORDER_MARK = "\ufeff"


def csv_text(header: list, rows: list[list]) -> str:
    """The rows as CSV for a spreadsheet: formulas defused, starting with the byte-order
    mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe(cell) for cell in header])
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return BYTE_ORDER_MARK + out.getvalue()


def csv_response(filename: str, header: list, rows: list[list]):
    """A CSV download that spreadsheets open safely."""
    body = csv_text(header, rows)
    response = current_app.response_class(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response
