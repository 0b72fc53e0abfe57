"""Gzip for pages and text files, so a phone on slow data gets small answers with or without
a proxy in front.

Pages shrink to about a quarter. A proxy that gzips (nginx, Caddy) sees `Content-Encoding`
and passes the answer on untouched. Error pages are compressed too: a form sent with a
mistake comes back as a 400 with the error summary, and that is a page a family reads.
Streamed answers (file downloads) are left alone.

On BREACH: compressing a page that holds a secret and echoes what a visitor typed can let
someone who watches the traffic guess the secret from the sizes. The portal's session
cookie is SameSite=Lax, so another website cannot make the browser send the signed-in
requests that such guessing needs, and a gzipping proxy, which the deployment notes
suggest, would have the same exposure.
"""

import gzip

from flask import Flask, request

# Worth compressing; images such as PNG are compressed already.
MIMETYPES = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/csv",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
    }
)
# Below this, gzip's own header and the work outweigh what it saves.
MIN_SIZE = 1024
LEVEL = 6


def gzip_bytes(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)


def wanted(mimetype: str, size: int) -> bool:
    """Whether an answer of this type and size should go out gzip-compressed."""
    return (
        mimetype in MIMETYPES and size >= MIN_SIZE and request.accept_encodings.quality("gzip") > 0
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def compress(response):
        if response.mimetype not in MIMETYPES:
            return response
        response.vary.add("Accept-Encoding")
        if (
            response.direct_passthrough
            or response.is_streamed
            or "Content-Encoding" in response.headers
            or request.method == "HEAD"
            or response.status_code in (204, 206, 304)
        ):
            return response
        body = response.get_data()
        if not wanted(response.mimetype, len(body)):
            return response
        response.set_data(gzip_bytes(body))
        response.headers["Content-Encoding"] = "gzip"
        etag, weak = response.get_etag()
        if etag:
            response.set_etag(f"{etag}-gzip", weak=weak)
        return response
