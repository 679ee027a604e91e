"""The nbval plugin's mends, each proven on a tiny notebook run by pytest in a subprocess.

Where cheap, the same notebook is also run under nbval's own plugin, to show the gap the mend closes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from labkit.grading.refresh import refresh

ROOT = Path(__file__).resolve().parent.parent
MENDED = ["-p", "no:nbval", "-p", "labkit.grading.nbval_plugin"]
BARE: list[str] = []  # nbval's own entry point
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def stored(source: str, count: int, stdout: str | None = None) -> nbformat.NotebookNode:
    """A code cell as if it had run, with `stdout` as its stored output."""
    cell = new_code_cell(source, execution_count=count)
    if stdout is not None:
        cell.outputs = [new_output("stream", name="stdout", text=stdout)]
    return cell


def run_pytest(folder: Path, plugin: list[str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """pytest in `folder`, with its own empty config (not the repository's), reporting every cell."""
    (folder / "pytest.ini").write_text("[pytest]\n")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *plugin, "-rA", "--nbval-current-env", *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def gaps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One notebook with a trailing-`;` cell and an fd-level write, run mended and bare."""
    folder = tmp_path_factory.mktemp("gaps")
    nb = notebook(stored("1 + 1;", 1), stored("import os\nos.write(1, b'low-level\\n');", 2, "low-level\n"))
    nbformat.write(nb, folder / "gaps.ipynb")
    return {name: run_pytest(folder, plugin, "--nbval", "gaps.ipynb").stdout for name, plugin in (("mended", MENDED), ("bare", BARE))}


def test_a_trailing_semicolon_hides_the_value(gaps: dict[str, str]) -> None:
    assert "PASSED gaps.ipynb::Cell 0" in gaps["mended"]
    assert "FAILED gaps.ipynb::Cell 0" in gaps["bare"]


def test_fd_level_output_is_captured(gaps: dict[str, str]) -> None:
    assert "PASSED gaps.ipynb::Cell 1" in gaps["mended"]
    assert "FAILED gaps.ipynb::Cell 1" in gaps["bare"]


def test_a_dead_kernel_fails_its_cell_at_once(tmp_path: Path) -> None:
    nb = notebook(stored("import os\nos._exit(1)", 1), stored("print('after')", 2, "after\n"))
    nbformat.write(nb, tmp_path / "dies.ipynb")
    # Without the mend this waits out the 600 s cell timeout and the subprocess timeout fails the test.
    result = run_pytest(tmp_path, MENDED, "--nbval", "--nbval-cell-timeout=600", "dies.ipynb", timeout=90)
    assert "The kernel died while this cell ran" in result.stdout
    assert "FAILED dies.ipynb::Cell 1" in result.stdout


def test_cells_after_an_interrupted_endless_loop_still_run(tmp_path: Path) -> None:
    nb = notebook(stored("while True:\n    pass", 1), stored("print('after')", 2, "after\n"))
    nbformat.write(nb, tmp_path / "loops.ipynb")
    report = tmp_path / "cells.jsonl"
    result = run_pytest(tmp_path, MENDED, "--nbval", "--nbval-cell-timeout=2", f"--labkit-report={report}", "loops.ipynb")
    assert "PASSED loops.ipynb::Cell 1" in result.stdout, result.stdout
    kinds = [json.loads(line)["kind"] for line in report.read_text().splitlines()]
    assert kinds == ["timeout", "passed"]


def test_the_default_cell_timeout_is_sane(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("def pytest_configure(config):\n    print('CELL TIMEOUT', config.option.nbval_cell_timeout)\n")
    result = run_pytest(tmp_path, MENDED, "--collect-only", "-q")
    assert "CELL TIMEOUT 60.0" in result.stdout


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of a solution notebook whose outputs `labkit refresh` re-created."""
    if not SOLUTIONS:
        pytest.skip("no notebook in solutions/")
    folder = tmp_path_factory.mktemp("regression")
    copy = Path(shutil.copy(SOLUTIONS[0], folder / SOLUTIONS[0].name))
    refresh(copy)
    return copy


def test_refreshed_outputs_pass_the_regression_run(refreshed: Path) -> None:
    result = run_pytest(refreshed.parent, MENDED, "--nbval", refreshed.name)
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_changed_stored_output_fails_the_regression_run(refreshed: Path, tmp_path: Path) -> None:
    nb = nbformat.read(refreshed, as_version=4)
    cell = next(cell for cell in nb.cells if cell.cell_type == "code" and any(o.output_type == "stream" for o in cell.outputs))
    stream = next(output for output in cell.outputs if output.output_type == "stream")
    stream.text = "a deliberately changed output\n"
    nbformat.write(nb, tmp_path / refreshed.name)
    result = run_pytest(tmp_path, MENDED, "--nbval", refreshed.name)
    assert result.returncode == 1
    assert "Cell outputs differ" in result.stdout
