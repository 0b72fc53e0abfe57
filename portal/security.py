"""Response headers that keep pages from being framed, sniffed or leaked."""

from flask import Flask, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


ALWAYS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
# htmx swaps parts of a page: caches must keep full and partial answers apart (a history
# restore asks for the whole page with HX-Request set too).
VARY = ("HX-Request", "HX-History-Restore-Request")


def init_app(app: Flask) -> None:
    # Every answer gets these unless its view set its own: worked out once, and added after
    # one look at the headers already there (a page's answer has a handful).
    always = [(key.lower(), key, value) for key, value in ALWAYS]
    if app.config.get("SESSION_COOKIE_SECURE"):
        always.append((HSTS[0].lower(), *HSTS))

    @app.after_request
    def security_headers(response):
        headers = response.headers
        present = {key.lower() for key, _ in headers}
        for lowered, key, value in always:
            if lowered not in present:
                headers.add(key, value)
        # Pages about children must not linger in a shared phone's cache. Answers marked
        # public (static files, a school's colours) hold nothing personal and may be kept.
        public = "cache-control" in present and response.cache_control.public
        if not public and current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        if "HX-Request" in request.headers or request.endpoint != "assets":
            response.vary.update(VARY)
        return response
