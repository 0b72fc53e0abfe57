"""Every page of every role under load, as a share of bare Flask's throughput.

    .venv/bin/python benchmarks/load.py [--database PATH_OR_URL] [--schools 5] [--pupils 1000]
                                        [--seconds 8] [--quick] [--only REGEX] [--code DIR]
                                        [--json FILE]

1. Builds a trust with `flask seed-load` (N schools of M pupils) in a temporary SQLite
   file, or reuses the database given by --database (a file path or a SQLAlchemy URL) or
   BENCH_DATABASE_URL (e.g. PostgreSQL), loading it first if it holds no load schools.
2. Serves the portal and a bare one-route Flask app (benchmarks/bare.py) with the same
   gunicorn settings (-w 2 --threads 4 --worker-connections 8, see GUNICORN), side by side.
3. Signs in as each role of school1 (parent, pupil, teacher, SENCO, school office,
   installation admin; and nobody) to get session cookies.
4. Finds the pages from the served app's URL map: every GET rule, its ids filled from the
   seeded data for each role (benchmarks/load_fixtures.py); a page belongs to a role if it
   answers that role 200. Public pages (sign-in, the Local Offer) are measured for nobody
   signed in and for a parent. Downloads (CSV, PDF) are measured after the pages.
5. Drives each with `wrk -t2 -c16 -d<seconds>s --latency` (after a 1 s warm-up, with a
   pause between pages for the queue to drain) and prints requests a second, the share
   of bare Flask's (the median of runs at the start, middle and end), p50 and p99, and
   how many cores the workers kept busy: near 2 on this 2-core machine (wrk takes the
   rest), a page is bound by its CPU time a request and nothing else.

The figures are a ratio on purpose: on a shared machine absolute times wander (2× here),
the share of bare Flask measured in the same minutes holds much better. --code serves
another checkout (say, main before a change) against the same database.
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from concurrency import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PASSWORD = "demo-pass-2026"
# Both servers alike. Each worker takes at most 8 of wrk's 16 connections: otherwise the
# worker that wins the race to accept them at the start of a run may keep nearly all of
# them (wrk keeps them open), and bare Flask then answered 3,650 requests a second with
# 16 connections on one worker and 9,400 with 14 and 2, in runs a minute apart, which
# moved every page's share 2.5 times. The portal's pages, a hundred times heavier, hardly
# notice: a busy worker is slow to accept, so the other takes the connections.
GUNICORN = ["-w", "2", "--threads", "4", "--worker-connections", "8"]
USER_AGENT = "portal-load-benchmark"  # the same on sign-in and under wrk, so the session holds
HEADERS = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"}  # a browser asks for gzip

ROLES = {
    "parent": "parent1@school1.load.example",
    "pupil": "pupil1@school1.load.example",
    "teacher": "teacher1@school1.load.example",
    "senco": "senco1@school1.load.example",
    "office": "office1@school1.load.example",
    "admin": "admin@load.example",
    "anonymous": None,
}
# Pages the table names, plus each role's home: what --quick measures.
QUICK = {
    "senco.home", "plans.register", "staff.pupil", "plans.provision_map", "senco.inbox",
    "families.home", "families.child", "auth.login", "local_offer.directory",
    "pupils.home", "staff.home", "admin.schools", "admin.school", "local_offer.sen_report",
}  # fmt: skip
# Query strings worth measuring besides the bare page.
VARIANTS = {"local_offer.directory": ["?q=speech+therapy"]}
SKIP_ARGS = {"token", "filename"}  # sign-in links from emails; fingerprinted static files


# --- The database -------------------------------------------------------------------------


def database_url(value: str | None, folder: str) -> str:
    value = value or os.environ.get("BENCH_DATABASE_URL")
    if not value:
        return f"sqlite:///{folder}/load.db"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).resolve()}"


def flask(code: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_DEMO": "1", "PYTHONPATH": str(code)}
    return subprocess.run(
        [str(VENV / "flask"), "--app", "portal", *args],
        cwd=code,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def ensure_loaded(url: str, schools: int, pupils: int) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            loaded = connection.scalar(sa.text("SELECT id FROM school WHERE slug = 'school1'"))
    except sa.exc.DatabaseError:
        loaded = None
    finally:
        engine.dispose()
    if loaded:
        print(f"Reusing the trust already in {redact(url)}")
        return
    print(f"Loading {schools} schools of {pupils} pupils into {redact(url)} ...", flush=True)
    started = time.perf_counter()
    flask(ROOT, url, "init-db")  # seed-load lives in this checkout, whichever is served
    out = flask(ROOT, url, "seed-load", "--schools", str(schools), "--pupils", str(pupils))
    summary = next(line for line in out.stdout.splitlines() if " rows in " in line)
    print(f"  {summary.split(':')[0]} ({time.perf_counter() - started:.0f} s with migrations)")
    if url.startswith("sqlite"):
        # Back to a new file's journal mode, so the served code's own settings apply.
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode = DELETE")
        engine.dispose()


def rules_and_fixtures(code: Path, url: str) -> tuple[list[dict], dict]:
    """The served checkout's URL map, and the ids each role's pages are about."""
    done = subprocess.run(
        [str(VENV / "python"), str(ROOT / "benchmarks" / "load_fixtures.py"), url],
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code), "PORTAL_DEMO": "1"},
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(done.stdout)
    return found["rules"], found["fixtures"]


def redact(url: str) -> str:
    return re.sub(r"//[^@/]*@", "//", url)


# --- Pages ---------------------------------------------------------------------------------


@dataclass
class Page:
    role: str
    endpoint: str
    url: str
    kind: str = "page"  # "page", "csv" or "pdf"
    results: dict = field(default_factory=dict)  # served checkout's label -> wrk figures


def fill(rule: str, values: dict) -> str:
    def value(match):
        return urllib.parse.quote(str(values[match.group(1)]))

    return re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", value, rule)


def candidates(rules: list[dict], fixtures: dict, roles: list[str], quick: bool) -> list[Page]:
    pages = []
    for role in roles:
        known = fixtures[role]
        for rule in rules:
            endpoint, args = rule["endpoint"], rule["args"]
            if endpoint in ("static", "assets") or SKIP_ARGS & set(args):
                continue
            if quick and endpoint not in QUICK:
                continue
            values = {**known["_"], **known.get(endpoint, {})}
            if any(values.get(arg) is None for arg in args):
                continue
            url = fill(rule["rule"], values)
            kind = url.rsplit(".", 1)[-1] if url.endswith((".csv", ".pdf")) else "page"
            pages.append(Page(role, endpoint, url, kind))
            for extra in VARIANTS.get(endpoint, []):
                pages.append(Page(role, endpoint, url + extra, kind))
    return pages


# --- Servers, cookies, wrk ----------------------------------------------------------------


@dataclass
class Server:
    label: str
    app: str
    chdir: Path
    env: dict
    process: subprocess.Popen | None = None
    base: str = ""
    cookies: dict = field(default_factory=dict)

    def start(self, log: Path) -> None:
        port = free_port()
        command = [str(VENV / "gunicorn"), *GUNICORN]
        command += ["-b", f"127.0.0.1:{port}", "--chdir", str(self.chdir), self.app]
        self.process = subprocess.Popen(
            command,
            # The portal answers only the host of its PUBLIC_URL.
            env={
                **os.environ,
                "PUBLIC_URL": f"http://127.0.0.1:{port}",
                **self.env,
                "PYTHONPATH": str(self.chdir),
            },
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/", timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"gunicorn for {self.app} stopped: see {log}") from None
                time.sleep(0.1)
        raise SystemExit(f"gunicorn for {self.app} did not start: see {log}")

    def stop(self) -> None:
        """After the requests in hand; its whole process group killed if it is not gone in
        10 s (concurrency.stop, as the tests stop their servers)."""
        if self.process is not None:
            stop(self.process, graceful=True, patience=10)

    def cpu_ticks(self) -> int:
        """CPU time its workers have used so far, in clock ticks."""
        total = 0
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            for pid in children.read_text().split():
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
        return total


def settle(servers: list[Server], least: float = 0.5, most: float = 60.0) -> None:
    """Wait until the servers have finished what the last run left queued: their workers
    use (almost) no CPU for half a second. A fixed pause is too short after slow pages."""
    time.sleep(least)
    deadline = time.monotonic() + most
    before = sum(server.cpu_ticks() for server in servers)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = sum(server.cpu_ticks() for server in servers)
        if now - before <= 2:  # 2 ticks in half a second: 4% of one core
            return
        before = now


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar=None):
    handlers = [NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def fetch(open_, url: str, data: dict | None = None, cookie: str | None = None):
    headers = dict(HEADERS, **({"Cookie": cookie} if cookie else {}))
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with open_.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sign_in(base: str, email: str) -> str:
    """Sign in as a browser would and return the Cookie header that carries the session.

    The one place that knows how signing in goes: SENCOs and administrators then type a
    code from their authentication app (seed-load gives them the demo's published key).
    """
    jar = http.cookiejar.CookieJar()
    open_ = opener(jar)
    status, headers, _ = _post_form(open_, base, "/login", {"email": email, "password": PASSWORD})
    if status != 302:
        raise SystemExit(f"Could not sign in as {email} (answer {status})")
    if urllib.parse.urlsplit(headers["Location"]).path == "/login/code":
        _second_step(open_, base, email)
    # A browser follows the redirect to its home page, whose forms (signing out) put the
    # form token in the cookie; it sends that cookie from then on. Without this step every
    # measured request would store the token afresh and send a new cookie back.
    url = base + "/"
    for _ in range(3):
        status, headers, _ = fetch(open_, url)
        if status not in (301, 302, 303):
            break
        url = urllib.parse.urljoin(url, headers["Location"])
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _post_form(open_, base: str, path: str, data: dict):
    _, _, body = fetch(open_, base + path)
    html = _gunzip(body).decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
    return fetch(open_, base + path, dict(data, csrf_token=token))


def _second_step(open_, base: str, email: str) -> None:
    """Each code is taken once: signing the same person in again within its 30 s waits for
    the next one."""
    import pyotp

    from portal.demo.security import DEMO_TOTP_SECRET

    totp = pyotp.TOTP(DEMO_TOTP_SECRET)
    for _ in range(2):
        status, _, _ = _post_form(open_, base, "/login/code", {"code": totp.now()})
        if status == 302:
            return
        time.sleep(totp.interval - time.time() % totp.interval + 0.5)
    raise SystemExit(f"Could not pass the second step as {email}")


def _gunzip(body: bytes) -> bytes:
    import gzip

    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def belongs(base: str, page: Page, cookie: str | None) -> tuple[bool, int]:
    """A role's page answers it 200; a redirect (home to the role's home, sign-in when
    signed in) is not a page of its own."""
    status, _, _ = fetch(opener(), base + page.url, cookie=cookie)
    return status == 200, status


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, cookie: str | None, connections: int = 16) -> dict:
    threads = min(2, connections)  # wrk wants at least as many connections as threads
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    args += ["--timeout", "30s"]
    for name, value in dict(HEADERS, **({"Cookie": cookie} if cookie else {})).items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout

    def latency(percent: str) -> float:
        number, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(number) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sockets.group(1) if sockets else "",
    }


# --- The run ------------------------------------------------------------------------------


def reset_journal(url: str) -> None:
    """A SQLite file back to a new file's journal mode, so the served code's own settings
    apply (WAL, once set, stays in the file)."""
    if not url.startswith("sqlite"):
        return
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("PRAGMA journal_mode = DELETE")
    engine.dispose()


def copy_database(url: str, folder: str, name: str) -> str:
    """Each served checkout gets its own SQLite file (they may differ in journal mode);
    on PostgreSQL they share the database."""
    if not url.startswith("sqlite"):
        return url
    target = Path(folder) / f"{name}.db"
    shutil.copyfile(url.removeprefix("sqlite:///"), target)
    return f"sqlite:///{target}"


def label_of(code: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(code), "rev-parse", "--abbrev-ref", "HEAD"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() if done.returncode == 0 else code.name


def measure(page: Page, servers: list[Server], seconds: int, flip: bool, repeat: int) -> None:
    """Each server in turn, `repeat` times, alternating which goes first; the run with the
    median requests/s stands for the page."""
    connections = 2 if page.kind == "pdf" else 16  # a PDF takes a second of CPU: 2 at a time
    runs: dict[str, list[dict]] = {server.label: [] for server in servers}
    for round_ in range(repeat):
        ordered = servers[::-1] if (flip + round_) % 2 else servers
        for server in ordered:
            settle(servers)
            cookie = server.cookies[page.role]
            if round_ == 0:
                wrk(server.base + page.url, 1, cookie, connections)  # warm both workers
                settle(servers)
            runs[server.label].append(busy(server, page.url, seconds, cookie, connections))
    for server in servers:
        found = sorted(runs[server.label], key=lambda run: run["rps"])
        page.results[server.label] = dict(
            found[len(found) // 2],
            runs=[r["rps"] for r in found],
            cpu_ms=cpu_per_request(server, servers, page.url, server.cookies[page.role]),
        )


def busy(server: Server, url: str, seconds: int, cookie, connections: int = 16) -> dict:
    """A wrk run, with how many cores the server's workers kept busy meanwhile."""
    before = server.cpu_ticks()
    run = wrk(server.base + url, seconds, cookie, connections)
    used = (server.cpu_ticks() - before) / os.sysconf("SC_CLK_TCK")
    return dict(run, cores=used / seconds)


def cpu_per_request(server: Server, servers: list[Server], url: str, cookie) -> float:
    """The workers' CPU time a request, one connection at a time: unlike requests a second,
    it hardly moves when other programs share the machine."""
    settle(servers)
    before = server.cpu_ticks()
    run = wrk(server.base + url, 2, cookie, connections=1)
    settle([server], least=0.1)
    used = server.cpu_ticks() - before
    return used * 1000 / os.sysconf("SC_CLK_TCK") / max(1, run["requests"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLite file or SQLAlchemy URL to reuse (or load)")
    parser.add_argument("--schools", type=int, default=5)
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=None, help="per page (8; quick: 3)")
    parser.add_argument("--quick", action="store_true", help="the issue's pages, 3 s each")
    parser.add_argument("--only", help="measure pages whose role:endpoint:url matches this")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated roles")
    parser.add_argument("--no-downloads", action="store_true", help="skip CSV and PDF")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument(
        "--against", type=Path, help="serve this checkout too, page by page in turn"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs a page a server (median)")
    parser.add_argument("--json", type=Path, help="write every figure here too")
    parser.add_argument("--list", action="store_true", help="list the pages found and stop")
    args = parser.parse_args()
    seconds = args.seconds or (3 if args.quick else 8)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    folder = tempfile.mkdtemp(prefix="portal-load-")
    url = database_url(args.database, folder)
    servers: list[Server] = []
    bare = None
    try:
        ensure_loaded(url, args.schools, args.pupils)
        reset_journal(url)
        checkouts = [args.against.resolve()] if args.against else []
        checkouts.append(args.code.resolve())
        rules, fixtures = rules_and_fixtures(checkouts[-1], url)
        secret = secrets.token_hex(32)
        for index, code in enumerate(checkouts):
            database = copy_database(url, folder, f"served{index}") if args.against else url
            env = {
                "DATABASE_URL": database,
                "SECRET_KEY": secret,
                "SESSION_COOKIE_SECURE": "0",
                "PORTAL_DEMO": "0",
            }
            servers.append(Server(label_of(code), "portal:create_app()", code, env))
        if len({s.label for s in servers}) < len(servers):
            servers[0].label += " (against)"
        bare = Server("bare Flask", "bare:app", ROOT / "benchmarks", {})
        for index, server in enumerate([*servers, bare]):
            server.start(Path(folder) / f"server{index}.log")
        roles = [r.strip() for r in args.roles.split(",") if r.strip()]
        for server in servers:
            server.cookies = {r: ROLES[r] and sign_in(server.base, ROLES[r]) for r in roles}

        pages, refused = [], []
        main_server = servers[-1]
        for page in candidates(rules, fixtures, roles, args.quick):
            if args.only and not re.search(args.only, f"{page.role}:{page.endpoint}:{page.url}"):
                continue
            if args.no_downloads and page.kind != "page":
                continue
            ok, status = belongs(main_server.base, page, main_server.cookies[page.role])
            (pages if ok else refused).append((page, status))
        # A public page (the Local Offer, sign-in) is measured for nobody signed in and for a
        # parent, its audience; the other roles see the same page.
        public = {p.url for p, _ in pages if p.role == "anonymous"}
        order = {"page": 0, "csv": 1, "pdf": 2}
        pages = [
            p
            for p, _ in sorted(pages, key=lambda item: order[item[0].kind])
            if p.url not in public or p.role in ("anonymous", "parent")
        ]
        if args.list:
            for page in pages:
                print(f"  {page.role:9} {page.endpoint:30} {page.url}")
            for page, status in refused:
                if status not in (302, 403):
                    print(f"  ({status}) {page.role:9} {page.endpoint:30} {page.url}")
            return
        print(
            f"{len(pages)} pages for {len(roles)} roles ({len(refused)} rule-role pairs not "
            f"theirs); {seconds} s each; serving {', '.join(s.label for s in servers)}; "
            f"database {redact(url).split(':')[0]}",
            flush=True,
        )

        bare_runs = []

        def bare_run():
            settle([*servers, bare])
            bare_runs.append(busy(bare, "/", seconds, None))
            bare_runs[-1]["cpu_ms"] = cpu_per_request(bare, [*servers, bare], "/", None)
            print(
                f"bare Flask: {bare_runs[-1]['rps']:.0f} requests/s, "
                f"{bare_runs[-1]['cpu_ms']:.2f} ms CPU a request, "
                f"{bare_runs[-1]['cores']:.2f} cores busy",
                flush=True,
            )

        bare_run()
        for index, page in enumerate(pages):
            if index == len(pages) // 2:
                bare_run()
            measure(page, servers, seconds, flip=index % 2 == 1, repeat=args.repeat)
            for label, r in page.results.items():
                print(
                    f"  {page.role:9} {page.url:62} {label[:12]:12} {r['rps']:8.1f}/s  "
                    f"p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  CPU {r['cpu_ms']:6.1f} ms"
                    f"  {r['cores']:.2f} cores"
                    + (f"  {r['errors']} errors" if r["errors"] else "")
                    + (f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else ""),
                    flush=True,
                )
        bare_run()
        bare_rps = statistics.median(run["rps"] for run in bare_runs)
        bare_cpu = statistics.median(run["cpu_ms"] for run in bare_runs)
        report(pages, [s.label for s in servers], bare_runs, bare_rps, bare_cpu)
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "database": redact(url).split(":")[0],
                        "served": [s.label for s in servers],
                        "seconds": seconds,
                        "bare_runs": bare_runs,
                        "bare_rps": bare_rps,
                        "bare_cpu_ms": bare_cpu,
                        "pages": [asdict(p) for p in pages],
                    },
                    indent=1,
                )
            )
    finally:
        for server in [*servers, bare]:
            if server is not None:
                server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def report(
    pages: list[Page], labels: list[str], bare_runs: list[dict], bare_rps: float, bare_cpu: float
) -> None:
    runs = ", ".join(f"{run['rps']:.0f}" for run in bare_runs)
    print(f"\nbare Flask: median {bare_rps:.0f} requests/s (runs: {runs}), {bare_cpu:.2f} ms CPU")
    if len(labels) > 1:
        print(f"Served side by side, each page on each in turn: {', '.join(labels)}")
    print(
        "share: requests/s as a share of bare Flask's; cores: how many the workers kept busy "
        "under load; CPU: the workers' CPU time a request (one connection), and bare "
        "Flask's as a share of it"
    )
    columns = " | ".join(
        f"{label}: req/s | share | cores | p50 ms | p99 ms | CPU ms | CPU share" for label in labels
    )
    print(f"\n| role | page | {columns} |")
    print("|---|---|" + "---|---|---|---|---|---|---|" * len(labels))
    last = labels[-1]
    for page in sorted(pages, key=lambda p: (p.kind, p.role, p.results[last]["cpu_ms"])):
        cells = []
        for label in labels:
            r = page.results[label]
            errors = f" ({r['errors']} errors)" if r["errors"] else ""
            cells.append(
                f"{r['rps']:.0f}{errors} | {r['rps'] / bare_rps:.3f} | {r['cores']:.2f} | "
                f"{r['p50']:.0f} | {r['p99']:.0f} | {r['cpu_ms']:.1f} | "
                f"{bare_cpu / r['cpu_ms'] if r['cpu_ms'] else 0:.3f}"
            )
        note = {"page": "", "csv": " (CSV)", "pdf": " (PDF, 2 connections)"}[page.kind]
        print(f"| {page.role} | `{page.url}`{note} | {' | '.join(cells)} |")


if __name__ == "__main__":
    sys.exit(main())
