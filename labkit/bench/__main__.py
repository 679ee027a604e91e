"""Print every benchmark's lines: `python3 run.py bench` (or `python -m labkit.bench`)."""

from __future__ import annotations

import importlib
import sys

SUITES = ("runtime", "user_pools", "triggers", "grading")


def main(names: list[str]) -> int:
    for name in names or SUITES:
        suite = importlib.import_module(f"labkit.bench.{name}")
        print(f"## {name}", flush=True)
        for line in suite.run():
            print(f"  {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
