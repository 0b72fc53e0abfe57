"""Small answers for slow phones: gzip, fingerprinted static files cached for a year."""

import gzip
import os
import re

GZIP = {"Accept-Encoding": "gzip, deflate"}


def _asset(client, pattern: str) -> str:
    html = client.get("/login").get_data(as_text=True)
    match = re.search(pattern, html)
    assert match, f"no {pattern} on the sign-in page"
    return match.group(1)


def test_pages_are_gzipped_when_the_browser_accepts_it(client):
    response = client.get("/login", headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    html = gzip.decompress(response.data).decode()
    assert "<h1>Sign in</h1>" in html
    assert int(response.headers["Content-Length"]) == len(response.data) < len(html) / 2


def test_pages_are_plain_when_gzip_is_not_accepted(client):
    response = client.get("/login")
    assert "Content-Encoding" not in response.headers
    assert "<h1>Sign in</h1>" in response.get_data(as_text=True)
    response = client.get("/login", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers


def test_error_pages_are_gzipped_too(client):
    """A form sent with mistakes comes back as a 400 that a family reads."""
    response = client.submit("/login", {"email": "", "password": ""}, headers=GZIP)
    assert response.status_code == 400
    assert response.headers["Content-Encoding"] == "gzip"
    assert "There is a problem" in gzip.decompress(response.data).decode()


def test_tiny_answers_are_not_compressed(client):
    response = client.get("/healthz", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_static_files_have_fingerprints_and_are_kept_for_a_year(client):
    url = _asset(client, r'src="(/assets/js/htmx\.min\.[0-9a-f]{10}\.js)"')
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"htmx" in gzip.decompress(response.data)
    again = client.get(url, headers={**GZIP, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_an_old_fingerprint_or_a_plain_name_is_cached_briefly(client):
    for url in ("/assets/js/htmx.min.0123456789.js", "/assets/js/htmx.min.js"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=60"


def test_static_files_stay_inside_their_folder(client):
    for url in ("/assets/../config.py", "/assets/%2e%2e/config.py", "/assets/nothing.css"):
        assert client.get(url).status_code == 404


def test_files_a_stylesheet_refers_to_are_fingerprinted_too(client):
    url = _asset(client, r'href="(/assets/css/portal\.[0-9a-f]{10}\.css)"')
    css = client.get(url).get_data(as_text=True)
    references = re.findall(r"url\(\"?([^\")]+)\"?\)", css)
    assert references, "the stylesheet refers to no files"
    for reference in references:
        assert re.search(r"\.[0-9a-f]{10}\.\w+$", reference), reference
        path = "/assets/" + reference.removeprefix("../")
        response = client.get(path)
        assert response.status_code == 200, path
        assert "immutable" in response.headers["Cache-Control"]


def test_signed_in_pages_are_not_stored_but_static_files_are(login):
    client = login("parent@oakfield.example")
    page = client.get("/families/")
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    brand = re.search(r'href="(/schools/oakfield/brand\.css\?v=[0-9a-f]{6})"', html).group(1)
    response = client.get(brand)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "--brand:#1d4f91" in response.get_data(as_text=True)
    old = client.get("/schools/oakfield/brand.css?v=000000")
    assert old.headers["Cache-Control"] == "public, max-age=60"
    css = re.search(r'href="(/assets/css/[^"]+)"', html).group(1)
    assert "immutable" in client.get(css).headers["Cache-Control"]


def test_a_developer_sees_a_changed_file_and_a_release_reads_its_files_once(tmp_path):
    from portal.assets import Assets

    (tmp_path / "site.css").write_text("body { color: black }")
    developing, released = Assets(tmp_path, watch=True), Assets(tmp_path, watch=False)
    before = developing.digest("site.css"), released.digest("site.css")
    (tmp_path / "site.css").write_text("body { color: navy }")
    os.utime(tmp_path / "site.css", ns=(0, 10**18))  # a time no clock granularity can hide
    assert developing.digest("site.css") != before[0]  # a new fingerprint at once
    assert released.digest("site.css") == before[1]  # files change only with a new release
