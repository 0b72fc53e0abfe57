"""The family's plan PDF read as printed: in Urdu the facts at the top do not print on top
of each other, and every word is at least 11 pt and near-black (issue 16)."""

import io

import pytest
import sqlalchemy as sa
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

from portal.extensions import db
from portal.models import Plan, PlanStatus

MIN_POINTS = 11
DARKEST_GREY = 0.2  # of 1: #333 and darker


def lines(pdf: bytes, page: int = 0) -> list[LTTextLine]:
    layout = list(extract_pages(io.BytesIO(pdf), laparams=LAParams(line_margin=0.1)))[page]
    return [
        line
        for box in layout
        if isinstance(box, LTTextContainer)
        for line in box
        if isinstance(line, LTTextLine) and line.get_text().strip()
    ]


def chars(pdf: bytes):
    for page in extract_pages(io.BytesIO(pdf)):
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTChar):
                if item.get_text().strip():
                    yield item
            elif hasattr(item, "__iter__"):
                stack.extend(item)


def overlap(a, b) -> float:
    """The area two boxes share, in square points."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 1 and height > 1 else 0.0


def darkness(colour) -> float:
    """The lightest channel of a fill colour (0 is black): grey, RGB or a single value."""
    if colour is None:
        return 0.0
    values = colour if isinstance(colour, list | tuple) else [colour]
    if len(values) == 4:  # CMYK: black when K is 1
        return 1 - values[3]
    return max(values)


@pytest.fixture
def yusuf_plan_pdf(app, login, demo):
    yusuf = demo.pupil("Yusuf", "Rahman")
    with app.app_context():
        plan_id = db.session.scalar(
            sa.select(Plan.id).where(Plan.pupil_id == yusuf.id, Plan.status == PlanStatus.SHARED)
        )
    response = login("ami@oakfield.example").get(
        f"/families/children/{yusuf.id}/plans/{plan_id}/plan.pdf"
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def test_the_urdu_plan_header_prints_each_label_and_date_apart(yusuf_plan_pdf):
    found = lines(yusuf_plan_pdf)
    assert len(found) > 10
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            assert not overlap(a, b), (a.get_text(), b.get_text(), a.bbox, b.bbox)


def test_the_urdu_plan_is_printed_large_and_dark(yusuf_plan_pdf):
    small = {round(c.size, 1) for c in chars(yusuf_plan_pdf) if c.size < MIN_POINTS - 0.05}
    assert not small, f"text smaller than {MIN_POINTS} pt: {sorted(small)}"
    grey = {
        str(c.graphicstate.ncolor)
        for c in chars(yusuf_plan_pdf)
        if darkness(c.graphicstate.ncolor) > DARKEST_GREY
    }
    assert not grey, f"text lighter than near-black: {grey}"


def test_the_english_plan_is_printed_large_and_dark_too(app, login, demo):
    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        plan_id = db.session.scalar(
            sa.select(Plan.id).where(Plan.pupil_id == amelia.id, Plan.status == PlanStatus.SHARED)
        )
    pdf = (
        login("parent@oakfield.example")
        .get(f"/families/children/{amelia.id}/plans/{plan_id}/plan.pdf")
        .data
    )
    assert min(c.size for c in chars(pdf)) >= MIN_POINTS - 0.05
    assert max(darkness(c.graphicstate.ncolor) for c in chars(pdf)) <= DARKEST_GREY
