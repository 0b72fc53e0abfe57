"""Settings read from the environment, so one build runs anywhere."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


class ConfigError(RuntimeError):
    """The environment does not describe a runnable portal."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _demo_secret_key() -> str:
    """A key kept under instance/ so demo sessions survive a restart."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "demo-secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'portal.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def from_environment() -> dict:
    """Build the configuration; refuse to start without a secret key in production."""
    demo = _flag("PORTAL_DEMO") or _flag("FLASK_DEBUG")
    secret = os.environ.get("SECRET_KEY")
    if not secret:
        if not demo:
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random value, for example the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`, "
                "or set PORTAL_DEMO=1 to run the demo on your own computer."
            )
        secret = _demo_secret_key()
    return {
        "SECRET_KEY": secret,
        "PORTAL_DEMO": demo,
        "SQLALCHEMY_DATABASE_URI": database_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Cookies: never readable from script, sent only over HTTPS outside the demo.
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", default=not demo),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "portal_session",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(os.environ.get("SESSION_HOURS", "12"))),
        "PREFERRED_URL_SCHEME": "http" if demo else "https",
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        # How many reverse proxies (nginx, a load balancer) sit in front of the portal: their
        # X-Forwarded-* headers are then trusted, so sign-in limits see each family's address.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000" if demo else ""),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "SEND portal <no-reply@portal.example>"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("PORTAL_TIMEZONE", "Europe/London"),
        "BABEL_TRANSLATION_DIRECTORIES": "../translations",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "LOGIN_ATTEMPT_LIMIT": 5,
        "LOGIN_ATTEMPT_WINDOW_MINUTES": 15,
        "LOGIN_IP_ATTEMPT_LIMIT": 30,
        "INVITATION_DAYS": 14,
        # Anyone may say a Local Offer entry is out of date; past this many notes in an
        # hour for one school, the form asks people to try later (a flood is not a person).
        "OUT_OF_DATE_HOURLY_LIMIT": int(os.environ.get("OUT_OF_DATE_HOURLY_LIMIT", "30")),
        "PASSWORD_RESET_MINUTES": 60,
        # The translators' mailing list: notes about a wrong or unclear phrase go there as
        # well as to the school. Unset: only the school (or the installation's admins) hears.
        "TRANSLATORS_EMAIL": os.environ.get("TRANSLATORS_EMAIL") or None,
        # Like the out-of-date form: past this many notes in an hour, try again later.
        "TRANSLATION_FEEDBACK_HOURLY_LIMIT": int(
            os.environ.get("TRANSLATION_FEEDBACK_HOURLY_LIMIT", "30")
        ),
    }


def for_tests(database_uri: str) -> dict:
    """A configuration for the test suite: fast hashing, no real mail unless asked."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "PORTAL_DEMO": False,
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "SESSION_COOKIE_SECURE": False,
        "SERVER_NAME": None,
        "PUBLIC_URL": "http://localhost",
        "MAIL_SERVER": None,
        "PASSWORD_HASH_FAST": True,
    }
