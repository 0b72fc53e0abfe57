"""Where one page's time goes, in a trust made by `flask seed-load`: cProfile over N requests.

    .venv/bin/python benchmarks/profile_page.py DATABASE EMAIL PATH [--requests 20] [--top 25]

DATABASE is a SQLite file or a SQLAlchemy URL; EMAIL an account of the trust (password
demo-pass-2026), e.g. senco1@school1.load.example. Prints the time a request takes, the SQL
statements it runs and their share of the time, the functions that take longest (own
time and with what they call), and the gettext calls a request makes.
"""

import argparse
import cProfile
import io
import pstats
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import for_tests  # noqa: E402
from portal.extensions import db  # noqa: E402

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def signed_in(database: str, email: str):
    """A test client of the app on DATABASE, signed in as EMAIL."""
    url = database if "://" in database else f"sqlite:///{Path(database).resolve()}"
    config = for_tests(url)
    config["PASSWORD_HASH_FAST"] = False  # the trust's hashes are the real ones
    app = create_app(config)
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    signed_in = client.post(
        "/login", data={"email": email, "password": "demo-pass-2026", "csrf_token": token}
    )
    assert signed_in.status_code == 302, "could not sign in"
    if signed_in.headers["Location"].endswith("/login/code"):  # SENCOs and administrators
        import pyotp

        from portal.demo.security import DEMO_TOTP_SECRET

        page = client.get("/login/code").get_data(as_text=True)
        for _ in range(2):  # a code is taken once: the next one comes within 30 s
            code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
            answer = client.post(
                "/login/code", data={"code": code, "csrf_token": CSRF.search(page).group(1)}
            )
            if answer.status_code == 302:
                break
            time.sleep(30 - time.time() % 30 + 1)
            page = client.get("/login/code").get_data(as_text=True)
        assert answer.status_code == 302, "the second step was refused"
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("email")
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--filter", help="only functions whose file:name matches this regex")
    parser.add_argument(
        "--statements", type=int, default=5, help="how many of the slowest statements to print"
    )
    parser.add_argument("--save", help="also write the profile here, for pstats")
    parser.add_argument("--width", type=int, default=600, help="characters of each statement")
    args = parser.parse_args()
    client = signed_in(args.database, args.email)
    app = client.application
    assert client.get(args.path).status_code == 200, "the page does not answer 200"  # warm up

    sql = {"count": 0, "seconds": 0.0}
    by_statement: dict[str, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        took = time.perf_counter() - conn.info.pop("started")
        sql["count"] += 1
        sql["seconds"] += took
        by_statement[statement] = by_statement.get(statement, 0.0) + took

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.requests):
        client.get(args.path)
    profile.disable()
    if args.save:
        profile.dump_stats(args.save)
    elapsed = (time.perf_counter() - started) / args.requests
    n = args.requests
    print(
        f"{args.path}: {elapsed * 1000:.1f} ms a request (profiled), "
        f"{sql['count'] / n:.0f} SQL statements taking {sql['seconds'] / n * 1000:.1f} ms"
    )
    stats = pstats.Stats(profile)
    gettext = sum(
        calls
        for (filename, _, name), (_, calls, *_rest) in stats.stats.items()
        if name in ("gettext", "ngettext", "pgettext") and "flask_babel" in filename
    )
    print(f"gettext calls a request: {gettext / n:.0f}")
    slowest = sorted(by_statement.items(), key=lambda item: -item[1])[: args.statements]
    for statement, seconds in slowest:
        text = " ".join(statement.split())
        print(f"\n{seconds / n * 1000:.2f} ms a request: {text[: args.width]}")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        view = pstats.Stats(profile, stream=out).sort_stats(order)
        view.print_stats(*([args.filter] if args.filter else []), args.top)
        print(f"\n--- by {order} ---")
        print(out.getvalue().split("\n\n", 2)[-1])


if __name__ == "__main__":
    main()
