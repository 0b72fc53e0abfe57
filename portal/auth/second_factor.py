"""The second sign-in step: a six-digit code from an authentication app (TOTP, RFC 6238),
or one of ten one-time recovery codes for when the phone is lost.

Required for SENCOs and administrators (User.needs_second_factor), offered to everyone else
on the account page. Each code is accepted once: the time step of the last accepted code
is kept and only a later one passes, checked and written in one UPDATE so two requests
racing with the same code cannot both win.
"""

import re
import secrets
from datetime import UTC, datetime

import pyotp
import segno
import sqlalchemy as sa

from portal.auth.tokens import token_hash
from portal.extensions import db
from portal.models import RecoveryCode, User

ISSUER = "SEND portal"
RECOVERY_CODES = 10
# Recovery codes: 16 characters from 32 easily told apart (80 bits), shown in fours.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_secret() -> str:
    """160 random bits, base32: what the authentication app keeps."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, user: User) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code(uri: str) -> tuple[str, int]:
    """The QR code as an SVG data URI for an <img> (drawn on the server, no script, and
    allowed by the Content-Security-Policy's img-src data:), and its width in pixels."""
    symbol = segno.make(uri, error="m")
    width, _ = symbol.symbol_size(scale=5, border=4)
    return symbol.svg_data_uri(scale=5, border=4, dark="#0b0c0c"), width


def spaced(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def code_matches(secret: str, code: str, now: datetime, after_step: int | None) -> int | None:
    """The time step a six-digit code belongs to (the one before, now, or the next, for a
    clock a little out), if it is later than `after_step`; None if it matches none."""
    code = _clean(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now.replace(tzinfo=UTC))  # now is naive UTC; pyotp needs to know
    for step in (current - 1, current, current + 1):
        if after_step is not None and step <= after_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def use_code(user: User, code: str, now: datetime) -> str | None:
    """Check a code for a user with a second step: "app" or "recovery" if it was right (and is
    now used up), None if not. The caller commits."""
    if not user.has_second_factor:
        return None
    step = code_matches(user.totp_secret, code, now, user.totp_last_step)
    if step is not None:
        won = db.session.execute(
            sa.update(User)
            .where(
                User.id == user.id,
                sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won:
            user.totp_last_step = step
            return "app"
        return None
    cleaned = _clean(code)
    if len(cleaned) != 16:
        return None
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == token_hash(cleaned),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return "recovery" if used else None


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes, replacing any earlier ones; only their hashes are kept. Caller commits."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(16)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=token_hash(c)) for c in codes)
    return ["-".join(c[i : i + 4] for i in range(0, 16, 4)) for c in codes]


def enable(user: User, secret: str, step: int, now: datetime) -> list[str]:
    """Turn the second step on with a secret whose code was just typed; the recovery codes."""
    user.totp_secret = secret
    user.totp_enabled_at = now
    user.totp_last_step = step
    return new_recovery_codes(user)


def disable(user: User) -> None:
    """Turn the second step off (lost phone, or a family member's choice). Caller commits."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
