"""Single-use secret tokens for links sent by email. Only their hashes are stored."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from flask import current_app


def new_token() -> tuple[str, str]:
    """A token to put in the link, and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_hash(value: str) -> str:
    """An HMAC of a value (an email, an IP address) so it can be counted but not read."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class InvitationKey:
    """The secret an invitation's email carries; the web layer makes it a link."""

    token: str


@dataclass(frozen=True)
class ResetKey:
    """The secret a password reset email carries; the web layer makes it a link."""

    token: str
