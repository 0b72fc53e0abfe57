"""Write the demo's sample MIS files for Oakfield: portal/demo/data/oakfield-roll.csv (a
SIMS-style CSV report) and portal/demo/data/oakfield.ctf.xml (a Common Transfer File).

Both hold the demo's eight Oakfield pupils exactly as the demo has them (so they show as
unchanged) and 22 more, with contacts and some SEN history, and a few deliberate mistakes
the preview must catch. Run it again to rebuild the files: the output is always the same.

    .venv/bin/python scripts/make_records_demo.py
"""

import csv
import random
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.demo.people import PUPILS  # noqa: E402
from portal.demo.records import DEMO_CONTACTS, DEMO_HISTORY, SEX  # noqa: E402
from portal.records.upn import check_letter, make_upn  # noqa: E402

DATA = ROOT / "portal" / "demo" / "data"
LA, ESTAB = 881, 2104
LANG = {"en": "ENG", "pl": "POL", "ur": "URD", "gu": "GUJ", "pa": "PNJ", "ro": "RMN", "so": "SOM"}
FORENAMES = [
    "Ava",
    "Noah",
    "Mia",
    "Arlo",
    "Ivy",
    "Theo",
    "Aisha",
    "Ibrahim",
    "Lena",
    "Kacper",
    "Maja",
    "Harry",
    "Ruby",
    "Oscar",
    "Fatima",
    "Adam",
    "Ella",
    "Jakub",
    "Grace",
    "Zain",
    "Poppy",
    "Leon",
]
SURNAMES = [
    "Smith",
    "Khan",
    "Jones",
    "Wiśniewska",
    "Taylor",
    "Begum",
    "Brown",
    "Popescu",
    "Ali",
    "Evans",
    "Lewandowski",
    "Green",
    "Hussain",
    "Walker",
    "Ahmed",
    "Wood",
    "Hall",
    "Kowalski",
    "Wright",
    "Ionescu",
    "Hill",
    "Mahmood",
]
NEEDS = ["SPLD", "SLCN", "SEMH", "ASD", "MLD", "HI", "VI", "PD"]
LANGS = ["ENG", "ENG", "ENG", "POL", "URD", "PNJ", "RMN", "SOM"]


def pupils() -> list[dict]:
    rng = random.Random(2026)
    rows = []
    for slug, given, family, born, year, status, needs, language, _eal, serial in PUPILS:
        if slug != "oakfield":
            continue
        contacts = [
            {"title": t, "forename": f, "surname": s, "rel": r, "email": e, "phone": p, "lang": lg}
            for t, f, s, r, e, p, lg in DEMO_CONTACTS.get((given, family), [])
        ]
        rows.append(
            {
                "upn": make_upn(LA, ESTAB, 2026 - year, serial),
                "surname": family,
                "forename": given,
                "dob": born,
                "year": year,
                "provision": status.value,
                "needs": [n.value for n in needs],
                "language": LANG.get(language, "ENG"),
                "contacts": contacts,
                "history": DEMO_HISTORY.get((given, family), []),
                "sen_start": date(2024, 9, 2) if status.value != "N" else None,
            }
        )
    for n in range(22):
        year = rng.randint(0, 6)
        born = date(2026 - year - 5, rng.randint(1, 12), rng.randint(1, 28))
        status = rng.choice(["N", "N", "N", "K", "K", "E"])
        needs = [] if status == "N" else rng.sample(NEEDS, rng.choice([1, 1, 2]))
        surname, forename = SURNAMES[n], FORENAMES[n]
        lang = LANGS[n % len(LANGS)]
        contacts = [
            {
                "title": "Ms",
                "forename": rng.choice(["Joanna", "Amina", "Claire", "Elena", "Hodan"]),
                "surname": surname,
                "rel": "PAM",
                "email": f"{forename.lower()}.{n}.parent@families.example",
                "phone": f"07700 9{n:05d}",
                "lang": {"POL": "pl", "URD": "ur"}.get(lang, "en"),
            },
        ]
        if n % 3 == 0:
            contacts.append(
                {
                    "title": "Mr",
                    "forename": rng.choice(["Piotr", "Imran", "David", "Mihai"]),
                    "surname": surname,
                    "rel": "PAF",
                    "email": "",
                    "phone": f"07700 8{n:05d}",
                    "lang": "en",
                }
            )
        history = []
        if status != "N":
            history = [("2023-09-04", "A" if n % 5 == 0 else "K")]
            if status == "E":
                history.append(("2025-03-10", "E"))
            else:
                history.append(("2024-09-02", "K"))
        rows.append(
            {
                "upn": make_upn(LA, ESTAB, 2026 - year, 300 + n),
                "surname": surname,
                "forename": forename,
                "dob": born,
                "year": year,
                "provision": status,
                "needs": needs,
                "language": lang,
                "contacts": contacts,
                "history": history,
                "sen_start": date(2024, 9, 2) if status != "N" else None,
            }
        )
    # Deliberate mistakes, one of each kind the preview explains.
    bad = rows[10]
    bad["upn"] = ("A" if bad["upn"][0] != "A" else "B") + bad["upn"][1:]  # wrong check letter
    rows[11]["needs"], rows[11]["provision"] = ["DYS"], "K"  # unknown need code
    rows[12]["needs"], rows[12]["provision"] = ["NSA"], "E"  # NSA without SEN support
    rows[13]["needs"], rows[13]["provision"] = ["SPLD"], "N"  # a need with provision N
    rows[13]["history"] = [("2024-09-02", "N")]
    rows[14]["dob"] = date(2027, 5, 1)  # born in the future
    rows[16]["upn"] = rows[15]["upn"]  # the same UPN twice
    rows[17]["provision"], rows[17]["needs"] = "S", ["ASD"]  # legacy code: statement -> E
    assert check_letter(bad["upn"][1:]) != bad["upn"][0]
    return rows


def write_csv(rows: list[dict]) -> None:
    headings = [
        "UPN",
        "Legal Surname",
        "Forename",
        "DOB",
        "NC Year Actual",
        "SEN Provision",
        "Primary Need",
        "Secondary Need",
        "SEN Start Date",
        "Home Language",
    ]
    for n in (1, 2):
        headings += [
            f"Contact {n} {part}"
            for part in (
                "Forename",
                "Surname",
                "Relationship",
                "Parental Responsibility",
                "Email",
                "Phone",
                "Language",
            )
        ]
    path = DATA / "oakfield-roll.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headings)
        for row in rows:
            needs = row["needs"] + ["", ""]
            cells = [
                row["upn"],
                row["surname"],
                row["forename"],
                row["dob"].strftime("%d/%m/%Y"),
                "R" if row["year"] == 0 else row["year"],
                row["provision"],
                needs[0],
                needs[1],
                row["sen_start"].strftime("%d/%m/%Y") if row["sen_start"] else "",
                row["language"],
            ]
            for n in (0, 1):
                c = row["contacts"][n] if n < len(row["contacts"]) else None
                cells += (
                    [
                        c["forename"],
                        c["surname"],
                        c["rel"],
                        "Yes",
                        c["email"],
                        c["phone"],
                        c["lang"],
                    ]
                    if c
                    else [""] * 7
                )
            writer.writerow(cells)
    print(f"wrote {path}")


def sex_of(row: dict) -> str:
    return SEX.get((row["forename"], row["surname"]), "F" if len(row["forename"]) % 2 else "M")


def write_ctf(rows: list[dict]) -> None:
    from xml.sax.saxutils import escape

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<CTfile>",
        "<Header>",
        "<DocumentName>Common Transfer File</DocumentName>",
        "<CTFversion>25.0</CTFversion>",
        "<DateTime>2026-09-01T09:00:00</DateTime>",
        "<DocumentQualifier>full</DocumentQualifier>",
        "<SupplierID>Demo MIS</SupplierID>",
        "<SourceSchool><LEA>881</LEA><Estab>2104</Estab><URN>132456</URN>"
        "<SchoolName>Oakfield Primary School</SchoolName><AcademicYear>2026/27</AcademicYear>"
        "</SourceSchool>",
        "<DestSchool><LEA>881</LEA><Estab>2104</Estab></DestSchool>",
        "</Header>",
        "<CTFpupilData>",
    ]
    for row in rows:
        x = escape
        out.append("<Pupil>")
        out.append(
            f"<UPN>{row['upn']}</UPN><Surname>{x(row['surname'])}</Surname>"
            f"<Forename>{x(row['forename'])}</Forename><DOB>{row['dob'].isoformat()}</DOB>"
            f"<Sex>{sex_of(row)}</Sex>"
        )
        year = "R" if row["year"] == 0 else row["year"]
        out.append(
            f"<BasicDetails><NCyearActual>{year}</NCyearActual><Languages><Type>"
            f"<LanguageType>F</LanguageType><Language>{row['language']}</Language></Type>"
            "</Languages></BasicDetails>"
        )
        history = row["history"] or []
        if row["provision"] == "S" or (not history and row["provision"] != "N"):
            history = history + [("2024-09-02", row["provision"])]
        if history:
            out.append(
                "<SENhistory>"
                + "".join(
                    f"<SEN><StartDate>{d}</StartDate><SENprovision>{p}</SENprovision></SEN>"
                    for d, p in history
                )
                + "</SENhistory>"
            )
        if row["needs"]:
            out.append(
                "<SENneeds>"
                + "".join(
                    f"<SENneed><NeedStartDate>2024-09-02</NeedStartDate><SENtype>{code}</SENtype>"
                    f"<SENtypeRank>{rank}</SENtypeRank></SENneed>"
                    for rank, code in enumerate(row["needs"], 1)
                )
                + "</SENneeds>"
            )
        if row["contacts"]:
            out.append("<Contacts>")
            for order, c in enumerate(row["contacts"], 1):
                out.append(
                    f"<Contact><Order>{order}</Order><Title>{c['title']}</Title>"
                    f"<Surname>{x(c['surname'])}</Surname><Forename>{x(c['forename'])}</Forename>"
                    f"<Relationship>{c['rel']}</Relationship><Responsibility>true</Responsibility>"
                    + (f"<Email>{x(c['email'])}</Email>" if c["email"] else "")
                    + f"<Phones><Phone><TelephoneType>M</TelephoneType><PhoneNo>{c['phone']}"
                    "</PhoneNo></Phone></Phones></Contact>"
                )
            out.append("</Contacts>")
        out.append("</Pupil>")
    out += ["</CTFpupilData>", "</CTfile>", ""]
    path = DATA / "oakfield.ctf.xml"
    path.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    rows = pupils()
    write_csv(rows)
    write_ctf(rows)
