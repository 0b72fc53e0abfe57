"""Time the plan PDFs families download, in English and in Urdu, and print their sizes.

    .venv/bin/python benchmarks/pdf.py [--runs 6]

Uses a temporary SQLite file with the demo school. The first render of each is left out
of the median (it loads fonts).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from pages import sign_in  # noqa: E402  (benchmarks/ is on the path when run as a script)

from portal import create_app  # noqa: E402
from portal.config import for_tests  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Plan, PlanStatus, Pupil  # noqa: E402

# Who downloads which child's plan: Sarah Clarke reads English, Nadia Rahman Urdu.
FAMILIES = [("parent@oakfield.example", "Amelia", "en"), ("ami@oakfield.example", "Yusuf", "ur")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(for_tests(f"sqlite:///{folder}/bench.db"))
        with app.app_context():
            db.create_all()
            from portal.demo import seed

            seed()
            urls = {}
            for _, given, _ in FAMILIES:
                pupil_id = db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == given))
                plan_id = db.session.scalar(
                    sa.select(Plan.id).where(
                        Plan.pupil_id == pupil_id, Plan.status == PlanStatus.SHARED
                    )
                )
                urls[given] = f"/families/children/{pupil_id}/plans/{plan_id}/plan.pdf"
        for email, given, language in FAMILIES:
            client = sign_in(app, email)
            timings = []
            for _ in range(args.runs + 1):
                start = time.perf_counter()
                response = client.get(urls[given])
                timings.append((time.perf_counter() - start) * 1000)
                assert response.data.startswith(b"%PDF"), response.status_code
            print(
                f"{given}'s plan ({language}): {len(response.data) / 1024:5.1f} KB   "
                f"median {statistics.median(timings[1:]):5.0f} ms   first {timings[0]:5.0f} ms"
            )


if __name__ == "__main__":
    main()
