"""What one small commit costs SQLite on this machine's disk, in each journal mode.

    .venv/bin/python benchmarks/sqlite_commit.py [--commits 500] [--folder DIR]

In the default rollback journal (synchronous=FULL) a commit holds the database's write
lock, and shuts out every reader, while the disk flushes twice; in WAL with
synchronous=NORMAL (what extensions.sqlite_pragmas sets) it holds only the write lock, for a
fraction of that, and readers carry on. A page that audits a read commits once: the first
figure is a ceiling on how many such pages a second one SQLite file serves at all.
"""

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

MODES = [("delete", "full"), ("wal", "full"), ("wal", "normal")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--folder", help="where to write the test files (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        for journal, synchronous in MODES:
            path = Path(folder) / f"{journal}-{synchronous}.db"
            connection = sqlite3.connect(path, isolation_level=None)
            connection.execute(f"PRAGMA journal_mode = {journal}")
            connection.execute(f"PRAGMA synchronous = {synchronous}")
            connection.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT, n INT)")
            started = time.perf_counter()
            for n in range(args.commits):
                connection.execute("BEGIN")
                connection.execute("INSERT INTO audit (at, n) VALUES (datetime('now'), ?)", (n,))
                connection.execute("COMMIT")
            each = (time.perf_counter() - started) / args.commits
            connection.close()
            print(
                f"journal_mode={journal:6} synchronous={synchronous:6} "
                f"{each * 1000:7.3f} ms a commit  (at most {1 / each:8,.0f} commits a second)"
            )


if __name__ == "__main__":
    main()
