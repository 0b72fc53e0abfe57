"""Reads of a pupil's record are audited in one write per request, and never lost."""

import logging
import re
import tempfile

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from portal.extensions import db
from portal.models import AuditEvent, Concern, Pupil, User

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)", re.IGNORECASE)


class Writes:
    """The write statements and commits the database sees while the block runs."""

    def __init__(self, app):
        self.app = app
        self.statements: list[str] = []
        self.run_per_row: list[bool] = []  # executemany: the driver steps once a row
        self.commits = 0

    def _statement(self, conn, cursor, statement, parameters, context, executemany):
        if WRITE.match(statement):
            self.statements.append(statement)
            self.run_per_row.append(executemany)

    def _commit(self, conn):
        self.commits += 1

    def __enter__(self):
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)


def events(app, **where) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.pupil_id)
            .filter_by(**where)
            .order_by(AuditEvent.id)
        ).all()


def test_reading_a_pupil_page_writes_its_audit_rows_in_one_statement(app, login, demo):
    senco = login("senco@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    priya = demo.user("senco@oakfield.example")
    with Writes(app) as writes:
        response = senco.get(f"/staff/pupils/{amelia.id}")
    assert response.status_code == 200
    assert writes.statements == [writes.statements[0]]
    assert writes.statements[0].lstrip().upper().startswith("INSERT INTO AUDIT_EVENT")
    assert writes.commits == 1
    assert events(app, pupil_id=amelia.id) == [("pupil.view", priya.id, amelia.id)]


def test_every_page_about_a_pupil_writes_once(app, login, demo):
    senco = login("senco@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    for path in (
        f"/senco/pupils/{amelia.id}/timeline",
        f"/staff/pupils/{amelia.id}/plan",
        "/senco/meetings",
        "/senco/register",
        "/senco/inbox",
    ):
        before = len(events(app))
        with Writes(app) as writes:
            assert senco.get(path).status_code == 200, path
        assert writes.commits == 1 and len(writes.statements) == 1, path
        assert len(events(app)) > before, path


def test_a_list_page_writes_a_row_a_pupil_in_one_statement(app, login, demo):
    senco = login("senco@oakfield.example")
    with Writes(app) as writes:
        assert senco.get("/senco/").status_code == 200
    assert len(writes.statements) == 1 and writes.commits == 1
    # One INSERT of all the rows, not one run of it a row: SQLite's driver gives the thread
    # lock away between rows, while the database's one writing turn is held.
    assert writes.run_per_row == [False]
    with app.app_context():
        oakfield = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Pupil)
            .where(Pupil.school_id == demo.school("oakfield").id)
        )
    assert len(events(app, action="pupil.list")) == oakfield


def test_reads_ride_with_the_requests_own_commit(app, login, demo):
    """Opening an unread concern marks it read: the read's audit row goes in that commit."""
    senco = login("senco@oakfield.example")
    with app.app_context():
        concern = db.session.scalars(
            sa.select(Concern).where(Concern.reference == "CN-A7K-3PQ")
        ).one()
        assert concern.read_at is None
    with Writes(app) as writes:
        assert senco.get(f"/senco/concerns/{concern.id}").status_code == 200
    assert writes.commits == 1
    actions = [action for action, _, _ in events(app, pupil_id=concern.pupil_id)]
    assert "concern.view" in actions and "concern.read" in actions


def test_nothing_is_lost_over_many_requests(app, login, demo):
    parent = login("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    sarah = demo.user("parent@oakfield.example")
    for _ in range(5):
        assert parent.get(f"/families/children/{amelia.id}").status_code == 200
    assert (
        events(app, pupil_id=amelia.id, actor_id=sarah.id)
        == [("pupil.view", sarah.id, amelia.id)] * 5
    )


def sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def test_a_page_whose_audit_cannot_be_written_is_withheld(app, login, demo, caplog):
    senco = login("senco@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_EVENT"):
            raise sa.exc.OperationalError(statement, {}, Exception("database is locked"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        with caplog.at_level(logging.ERROR, logger="portal.audit"):
            response = senco.get(f"/staff/pupils/{amelia.id}")
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Amelia" not in page and "Try again later" in page
    # The log says what failed and how many, never whose record it was.
    # On SQLite the page's reads go first with other requests' (audit.GroupCommit), then,
    # refused there, with the request's own commit and its retry.
    batch = ["Could not write a batch of audit events: OperationalError"] if sqlite(app) else []
    assert [r.getMessage() for r in caplog.records] == [
        *batch,
        "Could not write 1 audit events (pupil.view), attempt 1: OperationalError",
        "Could not write 1 audit events (pupil.view), attempt 2: OperationalError",
    ]
    assert events(app, pupil_id=amelia.id) == []
    # The next read, once the database takes writes again, is shown and audited.
    assert senco.get(f"/staff/pupils/{amelia.id}").status_code == 200
    assert [a for a, _, _ in events(app, pupil_id=amelia.id)] == ["pupil.view"]


def test_reads_outside_a_request_are_written_at_once(app, demo):
    from portal import audit

    amelia = demo.pupil("Amelia", "Clarke")
    with app.app_context():
        priya = db.session.scalars(
            sa.select(User).where(User.email == "senco@oakfield.example")
        ).one()
        audit.record_read(priya, "pupil.export", pupil=amelia)
        db.session.rollback()  # already committed: nothing to undo
    assert events(app, action="pupil.export") == [("pupil.export", priya.id, amelia.id)]


@pytest.mark.skipif(
    not (__import__("os").environ.get("TEST_DATABASE_URL") or "sqlite").startswith("sqlite"),
    reason="SQLite settings",
)
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    from portal import create_app
    from portal.config import for_tests

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(for_tests(f"sqlite:///{folder}/wal.db"))
        with app.app_context(), db.engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("busy_timeout") == 30000
            assert pragma("synchronous") == 1  # NORMAL
        with app.app_context():
            db.engine.dispose()


def test_reads_finishing_together_are_written_in_one_commit(app, demo):
    """audit.GroupCommit: while one request writes its reads, the requests finishing behind
    it queue and go together in the next commit, each told only once its rows are in the
    database. Under 16 connections, threads had spent a fifth of their time waiting for
    SQLite's one writing turn, one turn a page."""
    import threading
    import time

    from portal import audit
    from portal.models import utcnow

    amelia = demo.pupil("Amelia", "Clarke")
    group = audit.GroupCommit()
    with app.app_context():
        engine = db.engine
    first_writing, carry_on = threading.Event(), threading.Event()

    def hold_the_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO audit_event") and not first_writing.is_set():
            first_writing.set()
            carry_on.wait(10)

    def row(n: int) -> dict:
        return {
            "at": utcnow(),
            "actor_id": None,
            "school_id": amelia.school_id,
            "pupil_id": amelia.id,
            "action": f"test.read{n}",
            "object_type": None,
            "object_id": None,
        }

    written: dict[int, bool] = {}

    def finish_request(n: int) -> None:
        written[n] = group.write(engine, [row(n)])

    requests = [threading.Thread(target=finish_request, args=(n,)) for n in range(6)]
    event.listen(engine, "before_cursor_execute", hold_the_first)
    try:
        requests[0].start()
        assert first_writing.wait(10)
        for thread in requests[1:]:
            thread.start()
        deadline = time.monotonic() + 10
        while group.queued() < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert written == {}  # nobody is told before their rows are committed
        carry_on.set()
        for thread in requests:
            thread.join(10)
    finally:
        event.remove(engine, "before_cursor_execute", hold_the_first)
    assert written == dict.fromkeys(range(6), True)
    assert group.commits == 2
    actions = sorted(a for a, _, _ in events(app, pupil_id=amelia.id) if a.startswith("test."))
    assert actions == [f"test.read{n}" for n in range(6)]
