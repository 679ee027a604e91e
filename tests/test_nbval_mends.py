"""The nbval plugin's mends, each proven on a tiny notebook.

Mended runs go through the grader's runner (pytest with the plugin, in a forked process); where cheap, the
same notebook also runs under nbval's own plugin in a subprocess, to show the gap the mend closes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_notebook, new_output

from labkit.cli import main
from labkit.grading.runner import run_notebook

ROOT = Path(__file__).resolve().parent.parent
MENDED = ["-p", "no:nbval", "-p", "labkit.grading.nbval_plugin"]
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


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest in a subprocess in `folder`, with its own empty config (not the repository's), every cell reported."""
    (folder / "pytest.ini").write_text("[pytest]\n")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "--nbval-current-env", *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120, check=False)


def kinds(folder: Path, nb: nbformat.NotebookNode, *, cell_timeout: float = 60, timeout: float = 120) -> list[str]:
    """Run `nb` strictly under the mended plugin; what happened to each code cell."""
    nbformat.write(nb, folder / "test.ipynb")
    run = run_notebook(folder / "test.ipynb", cell_timeout=cell_timeout, timeout=timeout, lax=False)
    assert not run.timed_out, run.log
    return [cell.kind for cell in run.cells]


# ipykernel forwards fd-level output from a reader thread: the pause lets it catch up before the cell ends,
# as it does in JupyterLab. Without the mend the output never arrives at all.
LOW_LEVEL = "import os, time\nos.write(1, b'low-level\\n')\ntime.sleep(0.3)"
GAPS = notebook(stored("1 + 1;", 1), stored(LOW_LEVEL, 2, "low-level\n"))


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> str:
    """pytest's report of the notebook with both gaps, under nbval's own plugin."""
    folder = tmp_path_factory.mktemp("bare")
    nbformat.write(GAPS, folder / "gaps.ipynb")
    return run_pytest(folder, "--nbval", "gaps.ipynb").stdout


@pytest.fixture(scope="module")
def mended(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return kinds(tmp_path_factory.mktemp("mended"), GAPS)


def test_a_trailing_semicolon_hides_the_value(mended: list[str], bare: str) -> None:
    assert mended[0] == "passed"
    assert "FAILED gaps.ipynb::Cell 0" in bare


def test_fd_level_output_is_captured(mended: list[str], bare: str) -> None:
    assert mended[1] == "passed"
    assert "FAILED gaps.ipynb::Cell 1" in bare


def test_a_dead_kernel_fails_its_cell_at_once(tmp_path: Path) -> None:
    nb = notebook(stored("import os\nos._exit(1)", 1), stored("print('after')", 2, "after\n"))
    # Without the mend the first cell waits out the 600 s cell timeout, and the 90 s limit ends the run.
    assert kinds(tmp_path, nb, cell_timeout=600, timeout=90) == ["kernel-died", "kernel-dead"]


def test_cells_after_an_interrupted_endless_loop_still_run(tmp_path: Path) -> None:
    nb = notebook(stored("while True:\n    pass", 1), stored("print('after')", 2, "after\n"))
    assert kinds(tmp_path, nb, cell_timeout=2) == ["timeout", "passed"]


class _Options:
    """A pytest plugin object that keeps the configured options."""

    option: object = None

    def pytest_configure(self, config: pytest.Config) -> None:
        _Options.option = config.option


def test_the_default_cell_timeout_is_sane(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    args = [
        "--collect-only",
        "-q",
        "-p",
        "no:nbval",
        "-p",
        "labkit.grading.nbval_plugin",
        "-c",
        str(tmp_path / "pytest.ini"),
        str(tmp_path),
    ]
    pytest.main(args, plugins=[_Options()])
    assert _Options.option.nbval_cell_timeout == 60.0


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of a solution notebook whose outputs `labkit refresh` re-created."""
    if not SOLUTIONS:
        pytest.skip("no notebook in solutions/")
    folder = tmp_path_factory.mktemp("regression")
    copy = Path(shutil.copy(SOLUTIONS[0], folder / SOLUTIONS[0].name))
    result = CliRunner().invoke(main, ["refresh", str(copy)])
    assert result.exit_code == 0, result.output
    return copy


def test_refreshed_outputs_pass_the_regression_run(refreshed: Path, tmp_path: Path) -> None:
    assert set(kinds(tmp_path, nbformat.read(refreshed, as_version=4))) == {"passed"}


def test_a_changed_stored_output_fails_the_regression_run(refreshed: Path, tmp_path: Path) -> None:
    nb = nbformat.read(refreshed, as_version=4)
    cell = next(
        cell for cell in nb.cells if cell.cell_type == "code" and any(o.output_type == "stream" for o in cell.outputs)
    )
    stream = next(output for output in cell.outputs if output.output_type == "stream")
    stream.text = "a deliberately changed output\n"
    nbformat.write(nb, tmp_path / refreshed.name)
    result = run_pytest(tmp_path, *MENDED, "--nbval", refreshed.name)
    assert result.returncode == 1
    assert "Cell outputs differ" in result.stdout
