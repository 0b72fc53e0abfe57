"""The demo's second sign-in step: the SENCOs and the administrator use one, with a secret
published in the README beside the password, so people and automated checks can sign in
as them (pyotp.TOTP(DEMO_TOTP_SECRET).now() gives the code). Demo data only."""

from portal.demo.context import Demo
from portal.models import utcnow

# 160 bits, base32. Never use a published secret outside the demo.
DEMO_TOTP_SECRET = "PORTALDEMOSTAFFSECONDFACTOR23456"
ENROLLED = ("senco@oakfield.example", "senco@riverside.example", "admin@portal.example")


def seed(demo: Demo) -> None:
    for email in ENROLLED:
        user = demo.user(email)
        if user.totp_secret != DEMO_TOTP_SECRET:
            user.totp_secret = DEMO_TOTP_SECRET
            user.totp_enabled_at = utcnow()
            user.totp_last_step = None
