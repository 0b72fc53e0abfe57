"""Does the language slow a page? Page time per language, and plan PDFs in every script.

    .venv/bin/python benchmarks/languages.py [--runs 30] [--pdf-runs 4]

Uses a temporary SQLite file with the demo school. For each offered language it times the
same pages (a parent's child page and plan, the words page, the sign-in page) and prints
the median and 95th percentile, the ratio to English and the HTML size; then it renders
Yusuf's plan as a PDF in each language, the school's words in that language's phrase-bank
translation (so every script is drawn), and prints its size and time. The first PDF of
each language loads its fonts and is left out of the median.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_babel import force_locale  # noqa: E402
from pages import CSRF, sign_in  # noqa: E402  (benchmarks/ is on the path as a script)

from portal import create_app  # noqa: E402
from portal.config import for_tests  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.i18n import LANGUAGES, catalog_gaps, offered_languages, translations_dir  # noqa: E402
from portal.languages.phrases import bank  # noqa: E402
from portal.models import Plan, PlanStatus, Pupil  # noqa: E402
from portal.records.pdf import render_pdf  # noqa: E402


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def _choose(client, code: str) -> None:
    token = CSRF.search(client.get("/language").get_data(as_text=True)).group(1)
    response = client.post("/language", data={"locale": code, "next": "/", "csrf_token": token})
    assert response.status_code == 302


def pages(app, runs: int) -> None:
    """Each page in every language, the languages taking turns on every run, so a machine
    that gets busier or quieter meanwhile slows them all alike."""
    from portal.models import User

    with app.app_context():
        pupil_id = db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == "Amelia"))
        languages = list(offered_languages())
    paths = [
        f"/families/children/{pupil_id}",
        f"/families/children/{pupil_id}/plan",
        "/help/words",
        "/login",
    ]
    # One signed-in parent per language, each session holding its language; the account's
    # saved language is then cleared, so the session's decides.
    parents = {}
    for code in languages:
        parents[code] = sign_in(app, "parent@oakfield.example")
        _choose(parents[code], code)
    with app.app_context():
        db.session.execute(
            sa.update(User).where(User.email == "parent@oakfield.example").values(locale=None)
        )
        db.session.commit()
    anonymous = app.test_client()
    timings: dict[tuple[str, str], list[float]] = {}
    sizes: dict[tuple[str, str], int] = {}
    for path in paths:
        for run in range(runs + 1):  # the first round warms catalogs and templates
            for code in languages:
                client = anonymous if path == "/login" else parents[code]
                headers = {"Accept-Language": code} if client is anonymous else {}
                start = time.perf_counter()
                response = client.get(path, headers=headers)
                took = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (code, path, response.status_code)
                assert f'lang="{code}' in response.get_data(as_text=True)[:200], (code, path)
                if run:
                    timings.setdefault((code, path), []).append(took)
                    sizes[(code, path)] = len(response.get_data())
    print(f"Pages per language, {runs} runs each (median / p95 ms, median as a share of English)")
    for code in languages:
        cells = []
        for path in paths:
            median, p95 = _percentiles(timings[(code, path)])
            english, _ = _percentiles(timings[("en", path)])
            cells.append(
                f"{median:5.1f}/{p95:5.1f} ×{median / english:4.2f} "
                f"{sizes[(code, path)] / 1024:4.1f} KB"
            )
        print(f"  {code}  " + "  |  ".join(cells))
    print("  columns: " + "  |  ".join(paths))


def pdfs(app, runs: int) -> None:
    with app.app_context():
        pupil_id = db.session.scalar(sa.select(Pupil.id).where(Pupil.given_name == "Yusuf"))
    print(f"Yusuf's plan as a PDF, in each language and script ({runs} renders, first left out)")
    for code in LANGUAGES:
        timings, size = [], 0
        for _ in range(runs + 1):
            with app.test_request_context("/"), force_locale(code):
                plan = db.session.scalars(
                    sa.select(Plan).where(
                        Plan.pupil_id == pupil_id, Plan.status == PlanStatus.SHARED
                    )
                ).first()
                plan.outcomes[0].description = bank().get("semh-join-game").in_language(code)
                plan.provisions[0].description = bank().get("semh-check-in").in_language(code)
                plan.provisions[1].description = bank().get("semh-lunchtime-club").in_language(code)
                plan.pupil.school.default_locale = code
                start = time.perf_counter()
                pdf = render_pdf(
                    "plans/plan_pdf.html",
                    title="Plan",
                    pupil=plan.pupil,
                    plan=plan,
                    contacts=[],
                    school_name=plan.pupil.school.name,
                    made_on=plan.shared_at.date(),
                    glossary_url="http://localhost/help/words",
                )
                timings.append((time.perf_counter() - start) * 1000)
                size = len(pdf)
                db.session.rollback()
        median, _ = _percentiles(timings[1:])
        print(
            f"  {code}  {size / 1024:6.1f} KB   median {median:5.0f} ms   "
            f"first {timings[0]:5.0f} ms"
        )


def main():
    import logging

    logging.getLogger("portal.pdf").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pdf-runs", type=int, default=4)  # at least 1
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(for_tests(f"sqlite:///{folder}/bench.db"))
        with app.app_context():
            db.create_all()
            from portal.demo import seed

            seed()
            start = time.perf_counter()
            for code in LANGUAGES:
                if code != "en":
                    catalog_gaps(translations_dir(), code)
            print(
                "Checking every catalog is complete (once per process): "
                f"{(time.perf_counter() - start) * 1000:.0f} ms; offered: "
                + " ".join(offered_languages())
            )
        pages(app, args.runs)
        pdfs(app, max(1, args.pdf_runs))


if __name__ == "__main__":
    main()
