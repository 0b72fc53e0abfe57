"""Time the busiest pages with a school-sized roll, and count their queries.

    .venv/bin/python benchmarks/pages.py [--pupils 1500] [--runs 20]

Uses a temporary SQLite file unless BENCH_DATABASE_URL is set (e.g. a PostgreSQL URL).
Prints one line per page: median and 95th percentile time, and SQL statements per request.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import for_tests  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import (  # noqa: E402
    GroupSize,
    NeedCode,
    Outcome,
    Plan,
    PlanStatus,
    Provision,
    Pupil,
    PupilNeed,
    School,
    SenStatus,
)

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def build(url: str, pupils: int):
    app = create_app(for_tests(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        from portal.demo import seed

        seed()
        school = db.session.query(School).filter_by(slug="oakfield").one()
        codes = list(NeedCode)
        for n in range(pupils):
            status = [SenStatus.NONE, SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN][n % 3]
            pupil = Pupil(
                school_id=school.id,
                given_name=f"Pupil{n}",
                family_name=f"Family{n % 97}",
                date_of_birth=date(2015 + n % 6, 1 + n % 12, 1 + n % 28),
                year_group=n % 7,
                sen_status=status,
            )
            if status is not SenStatus.NONE:
                pupil.needs.append(PupilNeed(code=codes[n % 12], rank=1))
            db.session.add(pupil)
            if status is not SenStatus.NONE:
                # A shared plan with three outcomes and two pieces of help, as most have.
                db.session.add(_plan(pupil, n))
        db.session.commit()
    return app


def _plan(pupil: Pupil, n: int) -> Plan:
    plan = Plan(
        pupil=pupil,
        status=PlanStatus.SHARED,
        strengths="Kind and curious.",
        review_date=date(2027, 1 + n % 12, 1 + n % 28),
    )
    for k in range(3):
        plan.outcomes.append(
            Outcome(position=k, description=f"Outcome {k} for pupil {n}.", measure="Observed.")
        )
    for k in range(2):
        plan.provisions.append(
            Provision(
                description=["Reading group", "Speech and language sessions"][k],
                group_size=[GroupSize.SMALL_GROUP, GroupSize.ONE_TO_ONE][k],
                sessions_per_week=3,
                minutes_per_session=20,
                delivered_by="Teaching assistant",
            )
        )
    return plan


def sign_in(app, email):
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"email": email, "password": "demo-pass-2026", "csrf_token": token}
    )
    assert response.status_code == 302
    if response.headers["Location"] == "/login/code":
        # SENCOs type a code from their app; the demo's secret is in the README.
        import pyotp

        from portal.demo.security import DEMO_TOTP_SECRET

        code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
        response = client.post("/login/code", data={"code": code, "csrf_token": token})
        assert response.status_code == 302, "the demo code was refused (used twice in 30 s?)"
    return client


def measure(app, client, path, runs):
    counts = []

    def count(*args):
        counts[-1] += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    timings = []
    try:
        for _ in range(runs):
            counts.append(0)
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            size = len(response.get_data())
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", count)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"{path:40} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   "
        f"{counts[-1]:3d} queries   {size / 1024:6.1f} KB html"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        app = build(url, args.pupils)
        print(f"{args.pupils} extra pupils at Oakfield; {args.runs} runs each; {url.split(':')[0]}")
        senco = sign_in(app, "senco@oakfield.example")
        measure(app, senco, "/senco/", args.runs)
        measure(app, senco, "/senco/?status=K&year=3", args.runs)
        with app.app_context():
            pupil_id = db.session.query(Pupil.id).filter_by(given_name="Amelia").scalar()
            plan_id = (
                db.session.query(Plan.id)
                .filter_by(pupil_id=pupil_id, status=PlanStatus.SHARED)
                .scalar()
            )
        measure(app, senco, f"/staff/pupils/{pupil_id}", args.runs)
        measure(app, senco, f"/senco/pupils/{pupil_id}/timeline", args.runs)
        measure(app, senco, f"/senco/plans/{plan_id}", args.runs)
        measure(app, senco, "/senco/attention", args.runs)
        measure(app, senco, "/senco/inbox", args.runs)
        measure(app, senco, "/senco/meetings", args.runs)
        measure(app, senco, "/senco/register", args.runs)
        measure(app, senco, "/senco/provision-map", args.runs)
        parent = sign_in(app, "parent@oakfield.example")
        measure(app, parent, "/families/", args.runs)
        measure(app, parent, f"/families/children/{pupil_id}", args.runs)
        measure(app, parent, f"/families/children/{pupil_id}/plan", args.runs)
        measure(app, parent, f"/families/children/{pupil_id}/services", args.runs)
        measure(app, parent, "/schools/oakfield/local-offer?q=speech", args.runs)
        measure(app, sign_in(app, "teacher@oakfield.example"), "/staff/", args.runs)

        from argon2 import PasswordHasher

        hasher = PasswordHasher()
        hashed = hasher.hash("demo-pass-2026")
        start = time.perf_counter()
        for _ in range(5):
            hasher.verify(hashed, "demo-pass-2026")
        print(
            f"argon2id verify (production settings): {(time.perf_counter() - start) * 200:.0f} ms"
        )


if __name__ == "__main__":
    main()
