"""Fixtures: an app on SQLite (or TEST_DATABASE_URL), the demo school, and clients that sign in."""

import os
import re

import pytest
from flask.testing import FlaskClient
from signing_in import DEMO_ROLES, PASSWORD, signed_in_client
from snapshots import Snapshots, demo_snapshot

from portal import create_app
from portal.config import for_tests
from portal.extensions import db


def _database_of_this_worker(url: str) -> str:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (created once,
    kept for the next run), named after TEST_DATABASE_URL's with the worker's name added;
    TEST_DATABASE_URL is pointed at it for the tests that read it. SQLite needs nothing:
    every worker's database is its own, in memory or in a temporary folder."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return url
    import sqlalchemy as sa

    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    own = base.set(database=name).render_as_string(hide_password=False)
    os.environ["TEST_DATABASE_URL"] = own
    return own


DATABASE_URL = _database_of_this_worker(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
_CSRF = re.compile(r'name="(?:[\w-]+-)?csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Client(FlaskClient):
    """A test client that fills in the CSRF token the way a browser's form would."""

    def csrf_token(self, page: str = "/") -> str:
        html = self.get(page).get_data(as_text=True)
        match = _CSRF.search(html)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, page: str | None = None, **kwargs):
        """POST a form as a browser would after opening `page` (default: the same URL)."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(page or url))
        return self.post(url, data=data, **kwargs)


@pytest.fixture(scope="session")
def app():
    app = create_app(for_tests(DATABASE_URL))
    app.test_client_class = Client
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()
    app.extensions["test_snapshots"] = snapshots = Snapshots(app)
    snapshots.take("empty")
    yield app
    snapshots.drop()
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_database(app, request):
    """Every test starts from a copy of the database taken once per session: the demo school
    for tests that ask for `demo` (or `login`), empty tables for the others."""
    name = demo_snapshot(app) if "demo" in request.fixturenames else "empty"
    app.extensions["test_snapshots"].restore(name)
    request.node.database_copy = name
    yield


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def demo(app, request):
    """The demo school (put back for this test from the session's copy); finds rows by name."""
    if getattr(request.node, "database_copy", None) != "demo":  # asked for mid-test
        app.extensions["test_snapshots"].restore(demo_snapshot(app))
        request.node.database_copy = "demo"
    return Lookup(app)


class Lookup:
    """Find demo rows by name, each in a fresh session."""

    def __init__(self, app):
        self.app = app

    def _one(self, statement):
        with self.app.app_context():
            row = db.session.scalars(statement).one()
            db.session.expunge(row)
            return row

    def pupil(self, given: str, family: str):
        import sqlalchemy as sa

        from portal.models import Pupil

        return self._one(
            sa.select(Pupil).where(Pupil.given_name == given, Pupil.family_name == family)
        )

    def user(self, email: str):
        import sqlalchemy as sa

        from portal.models import User

        return self._one(sa.select(User).where(User.email == email))

    def school(self, slug: str):
        import sqlalchemy as sa

        from portal.models import School

        return self._one(sa.select(School).where(School.slug == slug))


@pytest.fixture
def sign_in(app):
    """sign_in(email) gives a client signed in through the sign-in form, as that person."""

    def signed_in(email: str, password: str = PASSWORD) -> Client:
        return signed_in_client(app, email, password)

    return signed_in


@pytest.fixture
def login(demo, sign_in):
    """login("parent@oakfield.example") gives a client signed in as that demo person."""
    return sign_in


@pytest.fixture
def login_as(login):
    """login_as("senco") gives a client signed in as the demo person in that part."""

    def signed_in(role: str) -> Client:
        return login(DEMO_ROLES[role])

    return signed_in


@pytest.fixture
def make(app):
    """Small factories for tests that need their own rows rather than the demo story."""
    from factories import Factory

    return Factory(app, PASSWORD)


class Mailbox:
    """Messages received by the in-process SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        from email import message_from_bytes
        from email.policy import default

        message = message_from_bytes(envelope.content, policy=default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]

    def body(self, message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link(self, message, path_part: str) -> str:
        """The path of the first link in the message containing path_part."""
        match = re.search(
            r"https?://[^/\s]+(\S*" + re.escape(path_part) + r"\S*)", self.body(message)
        )
        assert match, f"no link with {path_part} in: {self.body(message)}"
        return match.group(1)


@pytest.fixture
def mailbox(app):
    """A real SMTP server in this process; the app sends to it for the test's duration."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield box
    finally:
        app.config.update(saved)
        controller.stop()
