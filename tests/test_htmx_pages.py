"""Lists filtered with htmx: a swap gets the rows, Back (a history restore) the whole page.

When htmx no longer holds a page in its history cache, pressing Back makes it ask the
server again with HX-Request and HX-History-Restore-Request, and puts the answer in place
of the whole document: an answer of rows alone would leave a page with no header, menu or
<html>. Every page that htmx swaps part of renders through portal.web.render.
"""

import pytest

SWAP = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

# (who, a filtered address, a piece of the rows, an id only the whole page has)
LISTS = [
    ("senco", "/senco/?year=3", "<table", 'id="pupil-results"'),
    ("senco", "/senco/inbox?show=all", "inbox__title", 'id="inbox-results"'),
    ("senco", "/senco/register?need=SPLD", "<table", 'id="register-results"'),
    ("senco", "/senco/provision-map?year=4", "<table", 'id="map-results"'),
    ("parent", "/schools/oakfield/local-offer?q=autism", "service-result", 'id="service-results"'),
]


@pytest.mark.parametrize(("role", "url", "rows", "page_only"), LISTS)
def test_a_swap_gets_the_rows_and_a_history_restore_the_whole_page(
    login_as, role, url, rows, page_only
):
    client = login_as(role)
    swap = client.get(url, headers=SWAP)
    assert swap.status_code == 200
    assert rows in swap.text
    assert "<html" not in swap.text and page_only not in swap.text

    restored = client.get(url, headers=RESTORE)
    assert restored.status_code == 200
    assert restored.text.lstrip().startswith("<!doctype html>")
    assert "<header" in restored.text and "<nav" in restored.text and page_only in restored.text
    assert rows in restored.text
    assert "HX-History-Restore-Request" in restored.headers["Vary"]
