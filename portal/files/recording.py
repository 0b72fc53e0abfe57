"""What a page with the recorder needs from the browser, and the limits its macros show.

The portal's headers forbid the microphone and play nothing but its own files
(portal/security.py). A page where a pupil records an answer is the one exception: it may
ask for the microphone, and play back the recording before it is sent (a blob: address).
"""

from functools import wraps

from flask import make_response

from portal.files import checks
from portal.security import CONTENT_SECURITY_POLICY

RECORDING_POLICY = CONTENT_SECURITY_POLICY + "; media-src 'self' blob:"
RECORDING_PERMISSIONS = "camera=(), microphone=(self), geolocation=(), payment=()"


def recording_page(view):
    """Serve this view's pages so the recorder may use the microphone and play back."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = RECORDING_POLICY
        response.headers["Permissions-Policy"] = RECORDING_PERMISSIONS
        return response

    return wrapped


MEDIA_LIMITS = {
    "recording_seconds": checks.RECORDING_MAX_SECONDS,
    "recording_bytes": checks.RECORDING_MAX_BYTES,
    "recording_bits": checks.RECORDING_BITS_PER_SECOND,
    "recording_accept": checks.RECORDING_ACCEPT,
    "picture_accept": checks.PICTURE_ACCEPT,
}
