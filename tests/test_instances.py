"""Several portal instances behind a load balancer share nothing but the database (issue 13):
two gunicorn servers on one database, a person signed in through one carries on through the
other, a draft begun on one is finished on the other, and the sign-in limit counts the
tries made on both. On SQLite (a file both open) and, with TEST_DATABASE_URL, PostgreSQL."""

import os
import re
import secrets
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from concurrency import PASSWORD, Browser, Stats, free_port, serve, stop  # noqa: E402

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")
PARENT = "parent@oakfield.example"


def _database(url: str) -> dict:
    """A school with one family: a parent and their child."""
    from factories import Factory

    from portal import create_app
    from portal.config import for_tests
    from portal.extensions import db
    from portal.models import Role, SenStatus

    app = create_app(for_tests(url))  # quick hashes: argon2 checks each by its own settings
    with app.app_context():
        db.drop_all()
        db.create_all()
    make = Factory(app, PASSWORD)
    school = make.school("oakfield")
    parent = make.person(PARENT, Role.PARENT, school, name="Sarah Clarke")
    amelia = make.pupil(
        school, "Amelia", "Clarke", sen_status=SenStatus.SEN_SUPPORT, parents=(parent,)
    )
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return {"pupil_id": amelia.id}


@pytest.fixture
def database_url():
    if not POSTGRES.startswith("postgresql"):
        with tempfile.TemporaryDirectory(prefix="portal-instances-") as folder:
            yield f"sqlite:///{folder}/portal.db"
        return
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"portal_instances_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield sa.engine.make_url(POSTGRES).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def two_instances(database_url, tmp_path):
    """Two servers, as a load balancer would have them: the same database and secret key."""
    demo = _database(database_url)
    key = secrets.token_hex(32)
    ports, servers = [free_port(), free_port()], []
    try:
        with ThreadPoolExecutor(2) as pool:  # started side by side: each waits for its import
            started = [
                pool.submit(serve, database_url, port, 1, 2, tmp_path / f"server{n}.log", key)
                for n, port in enumerate(ports)
            ]
            failed = [f.exception() for f in started if f.exception() is not None]
            servers.extend(f.result() for f in started if f.exception() is None)
        if failed:
            raise failed[0]
        yield ports, demo
    finally:
        for server in servers:
            stop(server)  # never hangs: a stuck gunicorn is killed with its workers
    for n in range(len(servers)):
        log = (tmp_path / f"server{n}.log").read_text()
        assert "Traceback" not in log, log[-3000:]


def _sign_in(browser: Browser, password: str) -> tuple[int, str]:
    _, token = browser.page_and_token("/login")
    status, location, html = browser.request(
        "POST", "/login", {"email": PARENT, "password": password, "csrf_token": token}
    )
    return status, html if status != 302 else location


def test_two_instances_share_sessions_drafts_and_sign_in_limits(two_instances, database_url):
    (first_port, second_port), demo = two_instances
    stats = Stats()
    first, second = Browser(first_port, stats), Browser(second_port, stats)

    # Signed in through the first; the same cookie is a session on the second.
    assert _sign_in(first, PASSWORD)[0] == 302
    second.cookie = first.cookie
    status, _, page = second.request("GET", "/families/")
    assert status == 200 and "Amelia" in page

    # A concern begun on the first instance is carried on and sent from the second.
    location = first.send(f"/families/children/{demo['pupil_id']}/concerns/new", {})
    concern = re.search(r"/families/concerns/(\d+)/", location).group(1)
    first.send(f"/families/concerns/{concern}/area", {"area": "learning", "action": "continue"})
    steps = [
        ("noticed", {"noticed": "Reading aloud is hard for her since half term."}),
        ("since", {"since": "weeks"}),
        ("at_home", {"at_home": "She avoids her reading book."}),
        ("would_like", {"would_like": "A chat with the class teacher."}),
        ("contact", {"contact_by": "email", "contact_note": ""}),
    ]
    html, _ = second.page_and_token(f"/families/concerns/{concern}/noticed")
    for step, answers in steps:
        second.send(f"/families/concerns/{concern}/{step}", {**answers, "action": "continue"})
    assert second.send(f"/families/concerns/{concern}/check", {}).endswith("/sent")
    status, _, page = first.request("GET", f"/families/concerns/{concern}")
    assert status == 200 and "Reading aloud is hard for her" in page

    # Wrong passwords on both instances count together: after the five allowed, the next
    # try is told to wait on either, even with the right password.
    for n in range(5):
        browser = Browser((first_port, second_port)[n % 2], stats)
        status, page = _sign_in(browser, "not-the-password")
        assert status == 400 and "is not right" in page, (n, status)
    for port in (second_port, first_port):
        status, page = _sign_in(Browser(port, stats), PASSWORD)
        assert status == 429 and "too many tries to sign in" in page, port


def test_each_instances_pool_is_sized_from_the_environment(monkeypatch):
    from portal.config import ConfigError, engine_options

    assert "pool_size" not in engine_options()  # SQLAlchemy's own 5 and 10
    monkeypatch.setenv("DATABASE_POOL_SIZE", "8")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "4")
    assert engine_options() | {"pool_size": 8, "max_overflow": 4} == engine_options()
    monkeypatch.setenv("DATABASE_POOL_SIZE", "eight")
    with pytest.raises(ConfigError, match="DATABASE_POOL_SIZE must be a whole number"):
        engine_options()


def test_a_server_that_will_not_stop_is_killed_with_its_children():
    """CI once waited 30 s on a gunicorn that did not stop and failed the run: stop() must
    end a server that ignores SIGQUIT, and the children it started, within its patience."""
    import subprocess
    import time

    ignores = "import signal, time; signal.signal(signal.SIGQUIT, signal.SIG_IGN); time.sleep(60)"
    child = (
        f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {ignores!r}]); {ignores}"
    )
    server = subprocess.Popen([sys.executable, "-c", child], start_new_session=True)
    time.sleep(0.5)  # both have set their handlers
    began = time.monotonic()
    assert stop(server, patience=1) is False
    assert time.monotonic() - began < 5
    assert server.returncode == -9
    group = subprocess.run(
        ["ps", "-o", "stat=", "-g", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    assert all(state.startswith("Z") for state in group), group  # none left running
