"""Password hashing (argon2id) and the password policy.

The policy follows NCSC guidance: a minimum length, a deny list of common passwords,
no composition rules and no forced expiry.
"""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

MIN_LENGTH = 10
MAX_LENGTH = 200

_strong = PasswordHasher()  # argon2id, 64 MiB, 3 passes: the library's RFC 9106 profile
_fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests only


def _hasher() -> PasswordHasher:
    return _fast if current_app.config.get("PASSWORD_HASH_FAST") else _strong


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check so a missing account is not revealed.
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why this password is not allowed, in words for the person choosing it; None if fine."""
    if len(password) < MIN_LENGTH:
        return lazy_ngettext(
            "Your password must be at least %(num)d character long.",
            "Your password must be at least %(num)d characters long.",
            MIN_LENGTH,
        )
    if len(password) > MAX_LENGTH:
        return lazy_ngettext(
            "Your password must be %(num)d character or fewer.",
            "Your password must be %(num)d characters or fewer.",
            MAX_LENGTH,
        )
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) < 4:
        return _l("This password is too common and easy to guess. Try three random words.")
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return _l("Your password must not contain your email address.")
    return None
