"""200 families at once: parents raising concerns and pupils sending their views together.

    .venv/bin/python benchmarks/concurrency.py [--families 200] [--workers 2] [--threads 4]

Starts the portal under gunicorn on a new SQLite file (or, with BENCH_DATABASE_URL, a
PostgreSQL database, whose tables are dropped and made again), adds that many families to
the demo school (half of them parents of a child, half pupils with their own account and a
meeting to give views for), then lets them all loose at the same moment. Each signs in
through the real sign-in form and goes through the real pages, as a browser without
JavaScript would: every page fetched, every form sent with its token.

Then it checks what the school received: every concern and every set of views stored
exactly once, none lost, no answer of 500 or more, and no "database is locked" in the
server's log. It prints throughput and the 50th and 95th percentile of each request's time,
and exits 1 if any check failed. tests/test_concurrency.py runs it with 20 families.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "demo-pass-2026"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
# The concern's steps and what a parent types at each (as in tests/test_concerns.py).
CONCERN_STEPS = [
    ("area", {"area": "learning"}),
    ("noticed", {"noticed": "MARK finds reading aloud hard and hides the book."}),
    ("since", {"since": "weeks"}),
    ("at_home", {"at_home": "Bedtime stories end in tears."}),
    ("would_like", {"would_like": "A chat with the teacher."}),
    ("contact", {"contact_by": "email", "contact_note": ""}),
]


# -- The families ---------------------------------------------------------------------------


def build(url: str, families: int) -> list[dict]:
    """A database with the demo school and `families` more: who signs in, and what they do."""
    from portal import create_app
    from portal.auth.passwords import hash_password
    from portal.config import for_tests
    from portal.demo import seed
    from portal.extensions import db
    from portal.models import (
        Meeting,
        MeetingKind,
        Membership,
        ParentLink,
        Pupil,
        Respondent,
        Role,
        School,
        SenStatus,
        User,
        ViewsRequest,
        utcnow,
    )

    app = create_app({**for_tests(url), "PASSWORD_HASH_FAST": False})
    people = []
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed()
        school = db.session.query(School).filter_by(slug="oakfield").one()
        hashed = hash_password(PASSWORD)  # one real argon2id hash; each sign-in checks it fully
        for n in range(families):
            pupil = Pupil(
                school_id=school.id,
                given_name=f"Child{n}",
                family_name=f"Family{n}",
                date_of_birth=date(2016, 1 + n % 12, 1 + n % 28),
                year_group=4,
                sen_status=SenStatus.SEN_SUPPORT,
            )
            db.session.add(pupil)
            if n % 2 == 0:
                parent = User(
                    email=f"parent{n}@bench.example",
                    full_name=f"Parent {n}",
                    password_hash=hashed,
                    locale="en",
                )
                parent.memberships.append(Membership(school=school, role=Role.PARENT))
                db.session.add_all(
                    [parent, ParentLink(user=parent, pupil=pupil, relationship_to_pupil="mother")]
                )
                db.session.flush()
                people.append(
                    {
                        "kind": "concern",
                        "email": parent.email,
                        "pupil_id": pupil.id,
                        "user_id": parent.id,
                        "mark": f"concern-{n}-{secrets.token_hex(3)}",
                    }
                )
            else:
                child = User(
                    email=f"pupil{n}@bench.example",
                    full_name=f"Child{n} Family{n}",
                    password_hash=hashed,
                    locale="en",
                )
                child.memberships.append(Membership(school=school, role=Role.PUPIL))
                pupil.user = child
                meeting = Meeting(
                    school_id=school.id,
                    pupil=pupil,
                    kind=MeetingKind.SEN_SUPPORT_REVIEW,
                    starts_at=utcnow() + timedelta(days=14),
                )
                request = ViewsRequest(
                    school_id=school.id,
                    pupil=pupil,
                    meeting=meeting,
                    respondent=Respondent.PUPIL,
                    user=child,
                    due_on=date.today() + timedelta(days=10),
                )
                db.session.add_all([child, meeting, request])
                db.session.flush()
                people.append(
                    {
                        "kind": "views",
                        "email": child.email,
                        "request_id": request.id,
                        "user_id": child.id,
                        "mark": f"views-{n}-{secrets.token_hex(3)}",
                    }
                )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return people


# -- A browser without JavaScript -----------------------------------------------------------


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: list[float] = field(default_factory=list)
    # The sign-in's password check (argon2id, 64 MiB) dwarfs every other request: apart.
    sign_in_times: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, seconds: float, status: int, sign_in: bool = False) -> None:
        with self.lock:
            (self.sign_in_times if sign_in else self.times).append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1


class Browser:
    """One person's browser: keeps the session cookie, follows nothing by itself."""

    def __init__(self, port: int, stats: Stats):
        self.port, self.stats, self.cookie = port, stats, ""

    def request(self, method: str, path: str, fields: dict | None = None):
        body = urlencode(fields or {}, doseq=True) if method == "POST" else None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(3):
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (ConnectionError, http.client.RemoteDisconnected):
                connection.close()
                if attempt == 2:
                    raise
                time.sleep(0.2)  # the listen queue was full: try again, as a browser would
        connection.close()
        sign_in = method == "POST" and path == "/login"
        self.stats.add(time.perf_counter() - started, response.status, sign_in)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("portal_session="):
                self.cookie = value.split(";", 1)[0]
        location = response.getheader("Location") or ""
        return (
            response.status,
            urlsplit(location).path
            + ("?" + urlsplit(location).query if urlsplit(location).query else ""),
            text,
        )

    def page_and_token(self, path: str) -> tuple[str, str]:
        status, _, html = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return html, CSRF.search(html).group(1)

    def send(self, path: str, fields: dict) -> str:
        """Open the page, send its form, and return where it leads."""
        _, token = self.page_and_token(path)
        status, location, html = self.request("POST", path, {**fields, "csrf_token": token})
        if status != 302:
            raise RuntimeError(f"POST {path} answered {status}: {html[:300]!r}")
        return location


def first_choice(html: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]+)"', html).group(1)


def raise_concern(browser: Browser, person: dict) -> None:
    location = browser.send(f"/families/children/{person['pupil_id']}/concerns/new", {})
    concern = re.search(r"/families/concerns/(\d+)/", location).group(1)
    for step, answers in CONCERN_STEPS:
        answers = {k: v.replace("MARK", person["mark"]) for k, v in answers.items()}
        browser.send(f"/families/concerns/{concern}/{step}", {**answers, "action": "continue"})
    location = browser.send(f"/families/concerns/{concern}/check", {})
    assert location.endswith("/sent"), location


def give_views(browser: Browser, person: dict) -> None:
    location = browser.send(f"/views/{person['request_id']}/", {})
    for _ in range(40):
        if "/q/" not in location:
            break
        html, token = browser.page_and_token(location)
        board = re.search(r'name="(feel-[\w-]+)" value="([^"]+)"', html)
        if 'name="feeling"' in html:
            fields = {"feeling": first_choice(html, "feeling")}
        elif board:  # the talking-mat board: one topic card sorted is an answer
            fields = {board.group(1): board.group(2)}
        else:
            fields = {"answer": f"{person['mark']} likes drawing and football."}
        status, next_location, _ = browser.request(
            "POST", location, {**fields, "action": "next", "csrf_token": token}
        )
        if status != 302:
            raise RuntimeError(f"POST {location} answered {status}")
        location = next_location
    assert location.endswith("/helped"), location
    html, _ = browser.page_and_token(location)
    location = browser.send(location, {"helped": first_choice(html, "helped"), "helped_by": ""})
    location = browser.send(location, {})
    assert "/thanks/" in location, location


def journey(port: int, person: dict, stats: Stats, start: threading.Barrier) -> None:
    browser = Browser(port, stats)
    try:
        start.wait()
        location = browser.send("/login", {"email": person["email"], "password": PASSWORD})
        if location in ("", "/login"):
            raise RuntimeError(f"{person['email']} could not sign in")
        (raise_concern if person["kind"] == "concern" else give_views)(browser, person)
    except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the others
        with stats.lock:
            stats.errors.append(f"{person['email']}: {type(error).__name__}: {error}")


# -- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(
    url: str, port: int, workers: int, threads: int, log: Path, secret_key: str | None = None
) -> subprocess.Popen:
    """Start gunicorn on this port. Instances behind one load balancer share the SECRET_KEY
    (tests/test_instances.py passes one); alone, each gets its own."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secret_key or secrets.token_hex(32),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SESSION_COOKIE_SECURE": "0",  # plain http on this machine
    }
    env.pop("PORTAL_DEMO", None)
    env.pop("MAIL_SERVER", None)
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log.open("w") as output:  # the server keeps its own copy of the file
        server = _start(gunicorn, workers, threads, port, env, output)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
        if server.poll() is not None:
            break
    stop(server)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


def _start(gunicorn, workers, threads, port, env, output) -> subprocess.Popen:
    return subprocess.Popen(
        [
            gunicorn,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--backlog",
            "2048",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
            "portal:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stop() can end the workers too
    )


def stop(server: subprocess.Popen, graceful: bool = False, patience: float = 15) -> bool:
    """Stop gunicorn, after the requests in hand (SIGTERM) or at once (SIGQUIT), and for
    certain: if it has not gone after `patience` seconds, kill its whole process group.
    True if it stopped by itself.

    Its arbiter kills a worker that outstays the graceful timeout (5 s here), so a stop
    that needs killing means the arbiter itself was stuck; a test must not hang on that."""
    if server.poll() is not None:
        return True
    server.send_signal(signal.SIGTERM if graceful else signal.SIGQUIT)
    try:
        server.wait(timeout=patience)
        return True
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        return False


# -- What the school received ---------------------------------------------------------------


def check(url: str, people: list[dict]) -> list[str]:
    import sqlalchemy as sa

    from portal import create_app
    from portal.config import for_tests
    from portal.extensions import db
    from portal.models import Concern, ConcernStatus, Views, ViewsStatus

    problems = []
    app = create_app(for_tests(url))
    with app.app_context():
        concerns = db.session.execute(
            sa.select(Concern.raised_by_id, Concern.status, Concern.noticed)
        ).all()
        views = db.session.execute(sa.select(Views.request_id, Views.status, Views.answers)).all()
        db.session.remove()
        db.engine.dispose()
    for person in people:
        if person["kind"] == "concern":
            mine = [c for c in concerns if c.raised_by_id == person["user_id"]]
            sent = [
                c
                for c in mine
                if c.status is not ConcernStatus.DRAFT and person["mark"] in (c.noticed or "")
            ]
            if len(mine) != 1 or len(sent) != 1:
                problems.append(f"{person['email']}: {len(mine)} concerns, {len(sent)} sent")
        else:
            mine = [v for v in views if v.request_id == person["request_id"]]
            sent = [
                v
                for v in mine
                if v.status is not ViewsStatus.DRAFT and person["mark"] in str(v.answers)
            ]
            if len(mine) != 1 or len(sent) != 1:
                problems.append(f"{person['email']}: {len(mine)} views, {len(sent)} sent")
    return problems


def _percentile(times: list[float], share: float) -> float:
    """In milliseconds, of sorted times (nearest rank)."""
    return times[max(0, int(len(times) * share + 0.5) - 1)] * 1000 if times else 0.0


def run(
    families: int, url: str | None = None, workers: int = 2, threads: int = 4, quiet: bool = False
) -> dict:
    """Run the whole benchmark; what it measured and what went wrong."""
    with tempfile.TemporaryDirectory(prefix="portal-concurrency-") as tmp:
        url = url or f"sqlite:///{Path(tmp) / 'portal.db'}"
        people = build(url, families)
        port, log = free_port(), Path(tmp) / "gunicorn.log"
        server = serve(url, port, workers, threads, log)
        stats = Stats()
        start = threading.Barrier(len(people))
        threads_ = [threading.Thread(target=journey, args=(port, p, stats, start)) for p in people]
        began = time.perf_counter()
        try:
            for thread in threads_:
                thread.start()
            for thread in threads_:
                thread.join(timeout=600)
            elapsed = time.perf_counter() - began
        finally:
            stop(server, graceful=True, patience=30)
        server_log = log.read_text()
        lost = check(url, people)
    times, sign_ins = sorted(stats.times), sorted(stats.sign_in_times)
    result = {
        "families": families,
        "database": url.split(":", 1)[0],
        "requests": len(times) + len(sign_ins),
        "seconds": elapsed,
        "requests_per_second": (len(times) + len(sign_ins)) / elapsed,
        "submissions_per_second": families / elapsed,
        "p50_ms": _percentile(times, 0.5),
        "p95_ms": _percentile(times, 0.95),
        "sign_in_p50_ms": _percentile(sign_ins, 0.5),
        "sign_in_p95_ms": _percentile(sign_ins, 0.95),
        "statuses": dict(sorted(stats.statuses.items())),
        "server_errors": sum(n for status, n in stats.statuses.items() if status >= 500),
        "locked": server_log.count("database is locked"),
        "tracebacks": server_log.count("Traceback"),
        "client_errors": stats.errors,
        "lost": lost,
    }
    result["ok"] = not (
        result["server_errors"] or result["locked"] or result["tracebacks"] or stats.errors or lost
    )
    if not result["ok"] and not quiet:
        print(server_log[-4000:])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or None
    result = run(args.families, url, args.workers, args.threads)
    print(
        f"{result['families']} families on {result['database']} "
        f"(gunicorn {args.workers} workers x {args.threads} threads): "
        f"{result['requests']} requests in {result['seconds']:.1f} s, "
        f"{result['requests_per_second']:.0f} requests/s, "
        f"{result['submissions_per_second']:.1f} submissions/s"
    )
    print(
        f"pages and forms: p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms; "
        f"sign-in (argon2id): p50 {result['sign_in_p50_ms']:.0f} ms, "
        f"p95 {result['sign_in_p95_ms']:.0f} ms"
    )
    print(f"answers: {result['statuses']}")
    print(
        f"5xx: {result['server_errors']}, 'database is locked': {result['locked']}, "
        f"tracebacks: {result['tracebacks']}, lost or doubled: {len(result['lost'])}"
    )
    for line in (result["client_errors"] + result["lost"])[:20]:
        print("  " + line)
    print("OK" if result["ok"] else "FAILED")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
