"""Settings read from the environment, so one build runs anywhere."""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

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


def engine_options() -> dict:
    """How the portal talks to its database, whichever it is.

    SQL statements that fail are logged without their parameters: those hold names, notes
    and email addresses. (SQLite's own settings are in extensions.sqlite_pragmas.)
    """
    # No pool_pre_ping: each connection is checked as it leaves the pool without asking the
    # server (extensions.check_on_checkout), and asked only if the server has said something.
    options = {"hide_parameters": True}
    # Connections each process keeps open, and how many more it may open at a busy moment
    # (SQLAlchemy's 5 and 10 when unset): see README, Deployment.
    for variable, option in (
        ("DATABASE_POOL_SIZE", "pool_size"),
        ("DATABASE_MAX_OVERFLOW", "max_overflow"),
    ):
        value = os.environ.get(variable, "").strip()
        if value:
            if not value.isdigit():
                raise ConfigError(f"{variable} must be a whole number, not {value!r}.")
            options[option] = int(value)
    return options


def public_url(demo: bool) -> str:
    """The address families use: every link in an email starts with it, and only its host
    is answered (a request naming another host is refused)."""
    url = os.environ.get("PUBLIC_URL", "").strip()
    if not url:
        if demo:
            return "http://127.0.0.1:5000"
        raise ConfigError(
            "PUBLIC_URL is not set. Set it to the address families use, for example "
            "https://send.example-trust.org.uk: links in emails are built from it and requests "
            "for any other host name are refused. (PORTAL_DEMO=1 runs the demo on your own "
            "computer.)"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"PUBLIC_URL must be a web address like https://portal.example, not {url!r}."
        )
    return url.rstrip("/")


def trusted_hosts(config: dict) -> list[str]:
    """The host names the portal answers: PUBLIC_URL's, any in TRUSTED_HOSTS, and for the demo
    the computer's own names. Any other Host (or X-Forwarded-Host) header is refused."""
    hosts = [urlsplit(config["PUBLIC_URL"]).hostname or ""]
    hosts += [h.strip() for h in config.get("EXTRA_TRUSTED_HOSTS", "").split(",") if h.strip()]
    if config.get("PORTAL_DEMO"):
        hosts += ["127.0.0.1", "localhost"]
    return sorted({h for h in hosts if h})


def from_environment() -> dict:
    """Build the configuration; refuse to start without a secret key or address in production."""
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
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(),
        # Cookies: never readable from script, sent only over HTTPS outside the demo.
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", default=not demo),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "portal_session",
        # The cookie outlives any sign-in: it carries the language and the form token, so a
        # form sent after the sign-in ended is kept for the person (auth/sessions.py). Whether
        # someone is signed in is decided by their session's row in the database.
        "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
        # ...from when it last changed (a sign-in, a language chosen), which is at least
        # once a sign-in. Signing and sending it again on every answer only cost time.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # How long a sign-in lasts: without use (idle), and at most (absolute). Staff see every
        # child of a school, so their sessions are shorter than a family's.
        "SESSION_IDLE_MINUTES_STAFF": int(os.environ.get("SESSION_IDLE_MINUTES_STAFF", "30")),
        "SESSION_HOURS_STAFF": int(os.environ.get("SESSION_HOURS_STAFF", "10")),
        "SESSION_IDLE_MINUTES_FAMILY": int(os.environ.get("SESSION_IDLE_MINUTES_FAMILY", "120")),
        "SESSION_HOURS_FAMILY": int(os.environ.get("SESSION_HOURS_FAMILY", "24")),
        # Requests are refused past this size (imports of up to 20 MB fit).
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "25")) * 1024 * 1024,
        "PREFERRED_URL_SCHEME": "http" if demo else "https",
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        # How many reverse proxies (nginx, a load balancer) sit in front of the portal: their
        # X-Forwarded-* headers are then trusted, so sign-in limits see each family's address.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "PUBLIC_URL": public_url(demo),
        "EXTRA_TRUSTED_HOSTS": os.environ.get("TRUSTED_HOSTS", ""),
        # /.well-known/security.txt (RFC 9116): where to report a security problem.
        "SECURITY_CONTACT": os.environ.get("SECURITY_CONTACT")
        or ("mailto:security@portal.example" if demo else ""),
        "SECURITY_POLICY_URL": os.environ.get("SECURITY_POLICY_URL", ""),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "SEND portal <no-reply@portal.example>"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        # Text messages through GOV.UK Notify: off unless a key is set (portal/sms.py).
        "NOTIFY_API_KEY": os.environ.get("NOTIFY_API_KEY") or None,
        "NOTIFY_SMS_TEMPLATE_ID": os.environ.get("NOTIFY_SMS_TEMPLATE_ID") or None,
        "NOTIFY_BASE_URL": os.environ.get("NOTIFY_BASE_URL") or None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("PORTAL_TIMEZONE", "Europe/London"),
        "BABEL_TRANSLATION_DIRECTORIES": "../translations",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # Sign-in limits (auth/limits.py): this many failures go by, then each further try
        # waits twice as long as the one before, from one minute up to the longest wait.
        "LOGIN_ACCOUNT_FREE_FAILURES": int(os.environ.get("LOGIN_ACCOUNT_FREE_FAILURES", "5")),
        "LOGIN_ADDRESS_FREE_FAILURES": int(os.environ.get("LOGIN_ADDRESS_FREE_FAILURES", "20")),
        "LOGIN_LONGEST_WAIT_MINUTES": int(os.environ.get("LOGIN_LONGEST_WAIT_MINUTES", "60")),
        "PASSWORD_RESETS_PER_HOUR": 3,
        "SIGN_IN_RECORD_DAYS": int(os.environ.get("SIGN_IN_RECORD_DAYS", "365")),
        "INVITATION_DAYS": 14,
        # Anyone may say a Local Offer entry is out of date; past this many notes in an
        # hour for one school, the form asks people to try later (a flood is not a person).
        "OUT_OF_DATE_HOURLY_LIMIT": int(os.environ.get("OUT_OF_DATE_HOURLY_LIMIT", "30")),
        "PASSWORD_RESET_MINUTES": 60,
        # School records (portal/records): leavers' records are kept until the pupil is this
        # old (IRMS toolkit for schools: SEN files to date of birth + 31 years); MIS files
        # larger than this are refused.
        "RECORDS_KEEP_UNTIL_AGE": int(os.environ.get("RECORDS_KEEP_UNTIL_AGE", "31")),
        "RECORDS_MAX_UPLOAD_MB": int(os.environ.get("RECORDS_MAX_UPLOAD_MB", "20")),
        # Recordings and pictures (portal/files): a folder under instance/, or S3-compatible
        # object storage for installations with several servers.
        "FILE_STORAGE": os.environ.get("FILE_STORAGE", "local"),
        "FILE_STORAGE_PATH": os.environ.get("FILE_STORAGE_PATH") or str(INSTANCE_DIR / "files"),
        "S3_BUCKET": os.environ.get("S3_BUCKET") or None,
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": os.environ.get("S3_REGION") or None,
        "S3_PREFIX": os.environ.get("S3_PREFIX", ""),
        "S3_SERVER_SIDE_ENCRYPTION": os.environ.get("S3_SERVER_SIDE_ENCRYPTION") or None,
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
        "NOTIFY_API_KEY": None,
        "PASSWORD_HASH_FAST": True,
        "FILE_STORAGE": "local",
        # Tests that look at files use their own folder (tests/files_helpers.py).
        "FILE_STORAGE_PATH": str(Path(tempfile.gettempdir()) / "portal-test-files"),
    }
