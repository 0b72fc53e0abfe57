"""Time and peak memory of the school records work: importing a roll of pupils with two
contacts each from a CSV report and from a CTF (preview and confirm), exporting a CTF, and
making a transition pack.

    .venv/bin/python benchmarks/records.py [--pupils 1000] [--database-url URL]

Goal: each 1,000-pupil import under 10 s; memory flat as files grow (the XML is streamed).
The imports also run at 4x the size, to show how peak memory grows with the file. Peak
memory is Python's own allocations during the step (tracemalloc), not the process's size.
Uses a temporary SQLite file unless --database-url (an empty PostgreSQL database) is given.
"""

import argparse
import csv
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import for_tests  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import ImportKind, Pupil, School  # noqa: E402
from portal.records import files, imports, roll  # noqa: E402
from portal.records.upn import make_upn  # noqa: E402

# Where the plans' PDFs say the words are explained (the pages pass the portal's address).
GLOSSARY = "https://portal.example/glossary"
NEEDS = ["SPLD", "SLCN", "SEMH", "ASD", "MLD"]


def fake_pupils(count: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        status = rng.choice("NNNKKE")
        rows.append(
            {
                "upn": make_upn(881, 2104, 2015 + n % 10, n % 1000)
                if n < 1000
                else make_upn(881, 2104 + n // 1000, 2015 + n % 10, n % 1000),
                "surname": f"Surname{n}",
                "forename": f"Forename{n}",
                "dob": date(2013 + n % 8, 1 + n % 12, 1 + n % 28),
                "year": n % 7,
                "provision": status,
                "needs": [] if status == "N" else rng.sample(NEEDS, 1 + (n % 2)),
                "contacts": [
                    (f"Parent{n}a", f"Surname{n}", "PAM", f"p{n}a@families.example"),
                    (f"Parent{n}b", f"Surname{n}", "PAF", f"p{n}b@families.example"),
                ],
            }
        )
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    headings = [
        "UPN",
        "Legal Surname",
        "Forename",
        "DOB",
        "NC Year Actual",
        "SEN Provision",
        "Primary Need",
        "Secondary Need",
    ]
    for n in (1, 2):
        headings += [f"Contact {n} {p}" for p in ("Forename", "Surname", "Relationship", "Email")]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headings)
        for r in rows:
            needs = r["needs"] + ["", ""]
            cells = [
                r["upn"],
                r["surname"],
                r["forename"],
                r["dob"].strftime("%d/%m/%Y"),
                r["year"],
                r["provision"],
                needs[0],
                needs[1],
            ]
            for contact in r["contacts"]:
                cells += list(contact)
            writer.writerow(cells)


def write_ctf(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<CTfile><Header><CTFversion>26.0'
            "</CTFversion><DocumentQualifier>partial</DocumentQualifier></Header>"
            "<CTFpupilData>\n"
        )
        for r in rows:
            sen = ""
            if r["provision"] != "N":
                sen = (
                    f"<SENhistory><SEN><StartDate>2024-09-02</StartDate><SENprovision>"
                    f"{r['provision']}</SENprovision></SEN></SENhistory><SENneeds>"
                    + "".join(
                        f"<SENneed><NeedStartDate>2024-09-02</NeedStartDate><SENtype>{c}"
                        f"</SENtype><SENtypeRank>{i}</SENtypeRank></SENneed>"
                        for i, c in enumerate(r["needs"], 1)
                    )
                    + "</SENneeds>"
                )
            contacts = "".join(
                f"<Contact><Order>{i}</Order><Surname>{s}</Surname><Forename>{f}</Forename>"
                f"<Relationship>{rel}</Relationship><Responsibility>true</Responsibility>"
                f"<Email>{e}</Email></Contact>"
                for i, (f, s, rel, e) in enumerate(r["contacts"], 1)
            )
            out.write(
                f"<Pupil><UPN>{r['upn']}</UPN><Surname>{r['surname']}</Surname><Forename>"
                f"{r['forename']}</Forename><DOB>{r['dob'].isoformat()}</DOB><Sex>F</Sex>"
                f"<BasicDetails><NCyearActual>{r['year'] or 'R'}</NCyearActual></BasicDetails>"
                f"{sen}<Contacts>{contacts}</Contacts></Pupil>\n"
            )
        out.write("</CTFpupilData></CTfile>\n")


def measure(label: str, step, trace: bool):
    """Time a step, or (trace) its peak memory: tracing slows Python, so never both."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        RESULTS.setdefault(label, {})["peak"] = peak / 1024 / 1024
    else:
        RESULTS.setdefault(label, {})["seconds"] = seconds
    return result


RESULTS: dict[str, dict] = {}


def new_school(slug: str) -> School:
    school = School(slug=slug, name=slug)
    db.session.add(school)
    db.session.commit()
    return school


def run_import(kind: ImportKind, path: Path, slug: str, size: int, trace: bool):
    school = new_school(slug + ("-mem" if trace else ""))
    name = kind.value.upper()
    source = measure(
        f"{name}: open and check {size} pupils ({path.stat().st_size / 1024 / 1024:.1f} MB)",
        lambda: imports.source_for(school, kind, files.from_path(path)),
        trace,
    )
    result = measure(
        f"{name}: preview {size} pupils", lambda: roll.preview(school, source, full=False), trace
    )
    assert result.new_count == size, result.summary()

    def confirm():
        roll.confirm(school, source, full=False, by=None)
        db.session.commit()

    measure(f"{name}: confirm {size} pupils (2 contacts each)", confirm, trace)
    db.session.expunge_all()
    return school


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        app = create_app(for_tests(args.database_url or f"sqlite:///{folder}/bench.db"))
        with app.app_context(), app.test_request_context():
            db.create_all()
            print(f"Database: {db.engine.url.get_backend_name()}")
            for factor in (1, 4):
                size = args.pupils * factor
                rows = fake_pupils(size)
                write_csv(rows, folder / f"roll-{size}.csv")
                write_ctf(rows, folder / f"roll-{size}.xml")
                del rows
                for trace in (False, True):
                    run_import(
                        ImportKind.CSV, folder / f"roll-{size}.csv", f"csv{size}", size, trace
                    )
                    ctf_school = run_import(
                        ImportKind.CTF, folder / f"roll-{size}.xml", f"ctf{size}", size, trace
                    )
                    if factor == 1:
                        from portal.records.ctf_export import write_ctf as export

                        def export_step(school=ctf_school):
                            with (folder / "out.xml").open("w", encoding="utf-8") as out:
                                return export(db.session.get(School, school.id), out)

                        count = measure(f"CTF export of {size} pupils", export_step, trace)
                        assert count == size
            from portal.demo import seed
            from portal.records import transition

            seed()
            amelia = db.session.scalar(sa.select(Pupil).where(Pupil.given_name == "Amelia"))
            for trace in (False, True):
                pack = measure(
                    "Transition pack (Amelia: 2 plans, a record, views)",
                    lambda: transition.build(amelia, None, glossary_url=GLOSSARY),
                    trace,
                )
            print(f"{'':46} {'time':>8}   {'peak memory':>11}")
            for label, figures in RESULTS.items():
                print(f"{label:46} {figures['seconds']:6.2f} s   {figures['peak']:8.1f} MB")
            print(f"Transition pack size: {len(pack) / 1024:.0f} KB")
            db.session.remove()
            db.drop_all()


if __name__ == "__main__":
    main()
