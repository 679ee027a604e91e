"""Runtime costs: a notebook run against a bare kernel, and labkit.start() against moto's mock_aws()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from labkit.bench import median_seconds

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"

# Measured in a fresh interpreter each, so that neither side pays for the other's imports.
_START_COST = """
import statistics, time
{setup}
times = []
for _ in range(15):
    began = time.perf_counter()
    {enter}
    times.append(time.perf_counter() - began)
    {leave}
print(statistics.median(times))
"""
MOTO = {"setup": "from moto import mock_aws", "enter": "m = mock_aws(); m.start()", "leave": "m.stop()"}
LAB = {"setup": "import labkit", "enter": "lab = labkit.start()", "leave": "lab.stop()"}


def _execute(nb: nbformat.NotebookNode, cwd: Path) -> None:
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings are not the benchmark's output


def _in_fresh_python(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run() -> list[str]:
    lines = []
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    bare_s = median_seconds(lambda: _execute(bare, SOLUTIONS), repeat=3)
    lines.append(f"bare kernel start + one cell: {bare_s:.2f} s")
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        seconds = median_seconds(lambda: _execute(nbformat.read(path, as_version=4), SOLUTIONS), repeat=3)
        lines.append(f"{path.name}: {seconds:.2f} s top to bottom = {seconds / bare_s:.1f}x a bare kernel")
    moto_s = _in_fresh_python(_START_COST.format(**MOTO))
    lab_s = _in_fresh_python(_START_COST.format(**LAB))
    lines.append(
        f"labkit.start(): {lab_s * 1000:.1f} ms vs mock_aws() start: {moto_s * 1000:.1f} ms = {lab_s / moto_s:.1f}x"
    )
    return lines
