"""Every page of every role under load, as a share of bare Flask's throughput.

    .venv/bin/python benchmarks/load.py [--database PATH_OR_URL] [--schools 5] [--pupils 1000]
                                        [--seconds 8] [--quick] [--only REGEX] [--code DIR]
                                        [--json FILE]

1. Builds a trust with `flask seed-load` (N schools of M pupils) in a temporary SQLite
   file, or reuses the database given by --database (a file path or a SQLAlchemy URL) or
   BENCH_DATABASE_URL (e.g. PostgreSQL), loading it first if it holds no load schools.
2. Serves the portal and a bare one-route Flask app (benchmarks/bare.py) with the same
   gunicorn settings (-w 2 --threads 4), side by side.
3. Signs in as each role of school1 (parent, pupil, teacher, SENCO, school office,
   installation admin; and nobody) to get session cookies.
4. Finds the pages from the served app's URL map: every GET rule, its ids filled from the
   seeded data for each role; a page belongs to a role if it answers 200 (or redirects
   somewhere other than sign-in). Downloads (CSV, PDF) are measured after the pages.
5. Drives each with `wrk -t2 -c16 -d<seconds>s --latency` (after a 1 s warm-up, with a
   pause between pages for the queue to drain) and prints requests a second, the share
   of bare Flask's (the median of runs at the start, middle and end), p50 and p99.

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
import signal
import socket
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

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PASSWORD = "demo-pass-2026"
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
    download: bool = False
    result: dict = field(default_factory=dict)


def fill(rule: str, values: dict) -> str:
    def value(match):
        name = match.group(2)
        return urllib.parse.quote(str(values[name]))

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", value, rule)


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
            download = url.endswith((".csv", ".pdf"))
            pages.append(Page(role, endpoint, url, download))
            for extra in VARIANTS.get(endpoint, []):
                pages.append(Page(role, endpoint, url + extra, download))
    return pages


# --- Servers, cookies, wrk ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app: str, chdir: Path, env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "-w",
            "2",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--chdir",
            str(chdir),
            app,
        ],  # fmt: skip
        env={**os.environ, **env, "PYTHONPATH": str(chdir)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return process, base
        except urllib.error.HTTPError:
            return process, base
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn for {app} stopped: see {log}") from None
            time.sleep(0.1)
    raise SystemExit(f"gunicorn for {app} did not start: see {log}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


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

    The one place that knows how signing in goes: a second factor for staff (issue 9) adds
    its step here.
    """
    jar = http.cookiejar.CookieJar()
    open_ = opener(jar)
    status, _, body = fetch(open_, base + "/login")
    html = _gunzip(body).decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
    status, headers, _ = fetch(
        open_, base + "/login", {"email": email, "password": PASSWORD, "csrf_token": token}
    )
    if status != 302:
        raise SystemExit(f"Could not sign in as {email} (answer {status})")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _gunzip(body: bytes) -> bytes:
    import gzip

    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def belongs(base: str, page: Page, cookie: str | None) -> tuple[bool, int]:
    """A role's page answers it 200; a redirect (home to the role's home, sign-in when
    signed in) is not a page of its own."""
    status, _, _ = fetch(opener(), base + page.url, cookie=cookie)
    return status == 200, status


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, cookie: str | None) -> dict:
    args = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "--timeout", "10s"]  # fmt: skip
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLite file or SQLAlchemy URL to reuse (or load)")
    parser.add_argument("--schools", type=int, default=5)
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=None, help="per page (8; quick: 3)")
    parser.add_argument("--drain", type=float, default=2.0, help="pause between pages")
    parser.add_argument("--quick", action="store_true", help="the issue's pages, 3 s each")
    parser.add_argument("--only", help="measure pages whose role:endpoint:url matches this")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated roles")
    parser.add_argument("--no-downloads", action="store_true", help="skip CSV and PDF")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--json", type=Path, help="write every figure here too")
    parser.add_argument("--list", action="store_true", help="list the pages found and stop")
    args = parser.parse_args()
    seconds = args.seconds or (3 if args.quick else 8)
    code = args.code.resolve()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    folder = tempfile.mkdtemp(prefix="portal-load-")
    url = database_url(args.database, folder)
    servers = []
    try:
        ensure_loaded(url, args.schools, args.pupils)
        rules, fixtures = rules_and_fixtures(code, url)
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(32),
            "SESSION_COOKIE_SECURE": "0",
            "PORTAL_DEMO": "0",
        }
        portal, base = serve("portal:create_app()", code, env, Path(folder) / "portal.log")
        servers.append(portal)
        bare, bare_base = serve("bare:app", ROOT / "benchmarks", {}, Path(folder) / "bare.log")
        servers.append(bare)
        roles = [r.strip() for r in args.roles.split(",") if r.strip()]
        cookies = {role: sign_in(base, ROLES[role]) if ROLES[role] else None for role in roles}

        pages, refused = [], []
        for page in candidates(rules, fixtures, roles, args.quick):
            if args.only and not re.search(args.only, f"{page.role}:{page.endpoint}:{page.url}"):
                continue
            if args.no_downloads and page.download:
                continue
            ok, status = belongs(base, page, cookies[page.role])
            (pages if ok else refused).append((page, status))
        # A public page (the Local Offer, sign-in) is measured for nobody signed in and for a
        # parent, its audience; the other roles see the same page.
        public = {p.url for p, _ in pages if p.role == "anonymous"}
        pages = [
            p
            for p, _ in sorted(pages, key=lambda item: item[0].download)
            if p.url not in public or p.role in ("anonymous", "parent")
        ]
        if args.list:
            for page in pages:
                print(f"  {page.role:9} {page.endpoint:30} {page.url}")
            for page, status in refused:
                print(f"  ({status}) {page.role:9} {page.endpoint:30} {page.url}")
            return
        print(
            f"{len(pages)} pages to measure for {len(roles)} roles "
            f"({len(refused)} rule-role pairs not theirs); {seconds} s each; "
            f"code {code}; database {redact(url).split(':')[0]}",
            flush=True,
        )

        bare_runs = [wrk(bare_base + "/", seconds, None)]
        print(f"bare Flask: {bare_runs[0]['rps']:.0f} requests/s", flush=True)
        for index, page in enumerate(pages):
            if index == len(pages) // 2:
                time.sleep(args.drain)
                bare_runs.append(wrk(bare_base + "/", seconds, None))
                print(f"bare Flask: {bare_runs[-1]['rps']:.0f} requests/s", flush=True)
            time.sleep(args.drain)
            wrk(base + page.url, 1, cookies[page.role])  # warm this page in both workers
            page.result = wrk(base + page.url, seconds, cookies[page.role])
            r = page.result
            print(
                f"  {page.role:9} {page.url:70} {r['rps']:8.1f}/s  p50 {r['p50']:7.1f} ms  "
                f"p99 {r['p99']:7.1f} ms"
                + (f"  {r['errors']} errors" if r["errors"] else "")
                + (f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else ""),
                flush=True,
            )
        time.sleep(args.drain)
        bare_runs.append(wrk(bare_base + "/", seconds, None))
        bare_rps = statistics.median(run["rps"] for run in bare_runs)
        report(pages, bare_runs, bare_rps)
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "database": redact(url).split(":")[0],
                        "code": str(code),
                        "seconds": seconds,
                        "bare_runs": bare_runs,
                        "bare_rps": bare_rps,
                        "pages": [asdict(p) for p in pages],
                    },
                    indent=1,
                )
            )
    finally:
        for process in servers:
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def report(pages: list[Page], bare_runs: list[dict], bare_rps: float) -> None:
    runs = ", ".join(f"{run['rps']:.0f}" for run in bare_runs)
    print(f"\nbare Flask: median {bare_rps:.0f} requests/s (runs: {runs})\n")
    print("| role | page | requests/s | share of bare Flask | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for page in sorted(pages, key=lambda p: (p.role, p.result["rps"])):
        r = page.result
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        print(
            f"| {page.role} | `{page.url}`{' (download)' if page.download else ''}{errors} | "
            f"{r['rps']:.0f} | {r['rps'] / bare_rps:.3f} | {r['p50']:.0f} | {r['p99']:.0f} |"
        )


if __name__ == "__main__":
    sys.exit(main())
