"""Reading an Open Referral UK (v3, UK profile) feed: a file or a web address, any of the
standard's shapes (one nested service, pages of `contents`, an organisation with its
`services`, a service at a location, a plain list), as (service record, organisation)
pairs. A feed that cannot be read at all raises FeedError.
"""

import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from flask_babel import lazy_gettext as _l

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 100
TIMEOUT_SECONDS = 20


class FeedError(Exception):
    """The feed as a whole cannot be used; nothing was imported."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def read_source(source: str, *, public_only: bool = False) -> tuple[object, str | None]:
    """The parsed JSON of a file path or a web address, and the address if it was one."""
    if source.startswith(("http://", "https://")):
        return parse(fetch(source, public_only=public_only)), source
    path = Path(source)
    if not path.is_file():
        raise FeedError(
            _l("There is no file at %(path)s, and it is not a web address.", path=source)
        )
    if path.stat().st_size > MAX_BYTES:
        raise FeedError(_l("The file is larger than 20 MB."))
    return parse(path.read_bytes()), None


def parse(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedError(_l("The feed is not UTF-8 text.")) from error
    except RecursionError as error:
        # json gives up on very deep nesting; no real feed nests more than a few levels.
        raise FeedError(
            _l("The feed is nested too deeply to be a directory of services.")
        ) from error
    except json.JSONDecodeError as error:
        raise FeedError(
            _l(
                "The feed is not valid JSON: %(problem)s at line %(line)d, column %(column)d.",
                problem=error.msg,
                line=error.lineno,
                column=error.colno,
            )
        ) from error


def _check_public(url: str) -> None:
    """For addresses typed into the web page: only https, and only to public hosts."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise FeedError(_l("Enter a web address starting with https://"))
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError as error:
        raise FeedError(_l("Could not find %(host)s.", host=parts.hostname)) from error
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FeedError(_l("That address is not on the public internet."))


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, public_only: bool = False) -> bytes:
    if public_only:
        _check_public(url)
        opener = urllib.request.build_opener(_PublicRedirects)
    else:
        opener = urllib.request.build_opener()
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "send-portal-local-offer/1"}
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise FeedError(
            _l("The address answered with an error (HTTP %(status)d).", status=error.code)
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise FeedError(_l("Could not read the feed from that address.")) from error
    if len(raw) > MAX_BYTES:
        raise FeedError(_l("The feed is larger than 20 MB."))
    return raw


def _page_url(url: str, number: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "page"]
    query.append(("page", str(number)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def records_in(document: object, url: str | None = None, public_only: bool = False):
    """(service record, organisation it inherits) pairs, in feed order."""
    if isinstance(document, list):
        for item in document:
            yield from _unwrap(item, None)
        return
    if not isinstance(document, dict):
        raise FeedError(_l("The feed is JSON, but not a service, a list or a page of services."))
    if isinstance(document.get("contents"), list):
        for item in document["contents"]:
            yield from _unwrap(item, None)
        pages = document.get("total_pages")
        current = document.get("page_number") or 1
        if url and isinstance(pages, int) and isinstance(current, int):
            for number in range(current + 1, min(pages, MAX_PAGES) + 1):
                page = parse(fetch(_page_url(url, number), public_only=public_only))
                if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
                    raise FeedError(
                        _l("Page %(number)d of the feed has no services.", number=number)
                    )
                for item in page["contents"]:
                    yield from _unwrap(item, None)
        return
    if isinstance(document.get("services"), list):
        organisation = {k: v for k, v in document.items() if k != "services"}
        for item in document["services"]:
            yield from _unwrap(item, organisation)
        return
    if "id" in document or "name" in document or "service" in document:
        yield from _unwrap(document, None)
        return
    raise FeedError(_l("The feed is JSON, but not a service, a list or a page of services."))


def _unwrap(item, organisation):
    """A service at a location becomes its service with that location."""
    if isinstance(item, dict) and isinstance(item.get("service"), dict) and "location" in item:
        service = dict(item["service"])
        service.setdefault("service_at_locations", [{"location": item["location"]}])
        yield service, organisation
    else:
        yield item, organisation
