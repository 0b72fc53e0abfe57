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


def init_app(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages about children must not linger in a shared phone's cache. Answers marked
        # public (static files, a school's colours) hold nothing personal and may be kept.
        if not response.cache_control.public and current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        # htmx swaps parts of a page: caches must keep full and partial answers apart (a
        # history restore asks for the whole page with HX-Request set too).
        if "HX-Request" in request.headers or request.endpoint != "assets":
            response.vary.add("HX-Request")
            response.vary.add("HX-History-Restore-Request")
        return response
