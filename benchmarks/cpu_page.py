"""The CPU time one page takes in-process (no server, no profiler), for comparing a change.

    .venv/bin/python benchmarks/cpu_page.py DATABASE EMAIL PATH [PATH ...] [--requests 40]

Signs in as EMAIL (password demo-pass-2026, the second step for staff who need one) in a
trust made by `flask seed-load`, asks for each PATH once to warm up, then REQUESTS times, and
prints the median of five rounds of the process's CPU time a request: unlike wall time it
hardly moves with what else the machine runs.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from profile_page import signed_in  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("email")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    client = signed_in(args.database, args.email)
    for path in args.paths:
        assert client.get(path).status_code == 200, f"{path} does not answer 200"
        rounds = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(args.requests // 5 or 1):
                client.get(path)
            rounds.append((time.process_time() - started) / (args.requests // 5 or 1))
        print(f"{statistics.median(rounds) * 1000:7.2f} ms CPU  {path}")


if __name__ == "__main__":
    main()
