"""Grading costs: submissions per minute at -j 1 and -j 2, and the overhead over a bare nbval run.

The submissions are copies of the solution notebooks (full marks, every cell runs). A bare nbval run is what
an instructor would type without labkit: `python -m pytest --nbval-lax --nbval-current-env NOTEBOOK`; it pays
for a fresh interpreter and its imports, which the grader's forkserver pays once per batch. The last line
isolates labkit's own work: grading a submission vs running the same notebook through the same runner.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from labkit.bench import median_seconds
from labkit.grading.grade import CELL_TIMEOUT, NOTEBOOK_TIMEOUT, Key, grade_many, grade_one
from labkit.grading.runner import run_notebook

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"
COPIES = 4  # submissions per solution notebook in each batch


def _bare_nbval(notebook: Path) -> None:
    (notebook.parent / "pytest.ini").write_text("[pytest]\n")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval-lax",
        "--nbval-current-env",
        notebook.name,
    ]
    subprocess.run(command, cwd=notebook.parent, capture_output=True, check=False)


def _batch_seconds(submissions: list[Path], key: Key, jobs: int) -> tuple[float, int]:
    """Seconds to grade the batch, and how many copies fell short of full marks (a broken lab, not a slow one)."""
    began = time.perf_counter()
    grades = list(grade_many(submissions, key, jobs=jobs))
    return time.perf_counter() - began, sum(grade.score != grade.max for grade in grades)


def _measure(solution: Path) -> list[str]:
    key = Key.load(solution)
    with tempfile.TemporaryDirectory(prefix="labkit-bench-") as folder:
        submissions = [Path(shutil.copy(solution, Path(folder) / f"copy{n}.ipynb")) for n in range(COPIES)]
        began = time.perf_counter()
        grade_one(submissions[0], key)  # starts the forkserver (imports once per grading process)
        warmup = time.perf_counter() - began
        batches = {jobs: _batch_seconds(submissions, key, jobs) for jobs in (1, 2)}
        per_minute = {jobs: len(submissions) * 60 / seconds for jobs, (seconds, _) in batches.items()}
        short = sum(missed for _, missed in batches.values())
        ours = median_seconds(lambda: grade_one(submissions[0], key), repeat=3)
        bare_dir = Path(folder) / "bare"
        bare_dir.mkdir()
        bare_copy = Path(shutil.copy(solution, bare_dir / solution.name))
        bare = median_seconds(lambda: _bare_nbval(bare_copy), repeat=3)
        engine = median_seconds(lambda: run_notebook(bare_copy, cell_timeout=CELL_TIMEOUT, timeout=NOTEBOOK_TIMEOUT), 3)
    warning = [f"{solution.name}: WARNING {short} solution copies fell short of full marks"] if short else []
    overhead = (
        f"{solution.name}: {ours:.2f} s per submission graded vs {bare:.2f} s bare nbval run"
        f" = {ours - bare:+.2f} s overhead ({ours / bare:.2f}x);"
        f" first submission {warmup:.2f} s (includes starting the forkserver)"
    )
    pipeline = (
        f"{solution.name}: labkit's own work per submission (restore, prepare, score) over the same nbval run"
        f" in the same forkserver: {ours - engine:+.2f} s"
    )
    throughput = f"{solution.name}: {per_minute[1]:.1f} submissions/min at -j 1, {per_minute[2]:.1f} at -j 2"
    return [*warning, throughput, overhead, pipeline]


def run() -> list[str]:
    return [line for solution in sorted(SOLUTIONS.glob("*.ipynb")) for line in _measure(solution)]


if __name__ == "__main__":
    for line in run():
        print(line)
