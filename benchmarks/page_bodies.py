"""Save what families and pupils are sent, to show a change to the code changed none of it.

    .venv/bin/python benchmarks/page_bodies.py DATABASE OUTDIR [--locales en ur]
    diff -r BEFORE_DIR AFTER_DIR

Signs in as each of the trust's featured parents and pupils (`flask seed-load`: parent1 and
pupil1 of several schools, parent2 of school 1; or `--accounts` of another database, such as
the demo school's), in each language given (the account's saved language, set in DATABASE:
use a copy; each account reads English afterwards), and saves the body of every page
under `/families/` and `/me/` reachable from their home page by links (PDFs left out), with
the forms' CSRF tokens blanked. Run it on the same database copy before and after a change,
on the same day (pages say "in three weeks"), and `diff -r` the two folders.
"""

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from profile_page import signed_in  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

TOKEN = re.compile(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+(")')
HEADER_TOKEN = re.compile(r'("X-CSRFToken": ")[^"]+(")')
HREF = re.compile(r'href="(/(?:families|me)/[^"]*)"')
ACCOUNTS = [
    ("parent1@school1.load.example", "/families/"),
    ("parent2@school1.load.example", "/families/"),
    ("parent1@school2.load.example", "/families/"),
    ("parent1@school3.load.example", "/families/"),
    ("pupil1@school1.load.example", "/me/"),
    ("pupil1@school4.load.example", "/me/"),
    ("pupil12@school2.load.example", "/me/"),
    ("pupil1@school2.load.example", "/me/"),
]


def normalised(body: str) -> str:
    return HEADER_TOKEN.sub(r"\1-\2", TOKEN.sub(r"\1-\2", body))


def crawl(client, start: str, limit: int) -> dict[str, tuple[int, str]]:
    seen: dict[str, tuple[int, str]] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        answer = client.get(path)
        body = normalised(answer.get_data(as_text=True))
        seen[path] = (answer.status_code, body)
        for link in HREF.findall(body):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            if link not in seen and not urlsplit(link).path.endswith(".pdf"):
                queue.append(link)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("outdir")
    parser.add_argument("--locales", nargs="+", default=["en", "ur"])
    parser.add_argument("--limit", type=int, default=40, help="pages per account")
    parser.add_argument(
        "--accounts",
        nargs="+",
        help="other accounts (the demo school's parents and pupils, say): each starts at "
        "/families/ if it answers them, else /me/",
    )
    args = parser.parse_args()
    accounts = [(email, None) for email in args.accounts] if args.accounts else ACCOUNTS
    url = args.database if "://" in args.database else f"sqlite:///{Path(args.database).resolve()}"
    engine = create_engine(url)
    out = Path(args.outdir)
    for locale in args.locales:
        for email, start in accounts:
            with engine.begin() as conn:
                conn.execute(
                    text("UPDATE user_account SET locale = :locale WHERE email = :email"),
                    {"locale": locale, "email": email},
                )
            client = signed_in(args.database, email)
            if start is None:
                start = "/families/" if client.get("/families/").status_code == 200 else "/me/"
            for path, (status, body) in crawl(client, start, args.limit).items():
                name = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "root"
                target = out / locale / email.split("@")[0] / email.split("@")[1] / f"{name}.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"{status} {path}\n{body}")
                print(status, locale, email, path)
    with engine.begin() as conn:  # the accounts read English again
        for email, _start in accounts:
            conn.execute(
                text("UPDATE user_account SET locale = 'en' WHERE email = :email"),
                {"email": email},
            )


if __name__ == "__main__":
    main()
