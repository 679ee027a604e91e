"""`labkit assign`: student versions from solutions, no answer leaks, and `--check` for staleness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from labkit.cli import main
from labkit.grading.authoring import BEGIN_SOLUTION, END_SOLUTION, solution_regions

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
PASS = "✅ 0.1 create-user-pool: passed\n"


def crafted() -> nbformat.NotebookNode:
    """A small source notebook using every feature of the authoring format."""
    setup = new_code_cell("import boto3, labkit\nlab = labkit.start()", id="setup", execution_count=1)
    setup.metadata = {"tags": ["locked"], "execution": {"iopub.status.idle": "2026-01-01T00:00:00Z"}}
    setup.outputs = [new_output("stream", name="stdout", text="started\n")]
    answer = new_code_cell(
        "def make():\n    ### BEGIN SOLUTION\n    return 'secret-answer-1'\n    ### END SOLUTION\npool_id = make()",
        id="answer",
        execution_count=2,
    )
    answer.outputs = [new_output("execute_result", data={"text/plain": "'secret-output-2'"}, execution_count=2)]
    prose = new_markdown_cell(f"Why?\n\n{BEGIN_SOLUTION}\nBecause secret-prose-3.\n{END_SOLUTION}", id="prose")
    check = new_code_cell('labkit.check("0.1")', id="check", execution_count=3)
    check.metadata = {"tags": ["check:0.1"]}
    check.outputs = [new_output("stream", name="stdout", text=PASS)]
    nb = new_notebook(cells=[setup, answer, prose, check])
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"m": {"value": "secret-widget-4"}}}},
        "authoring": {"answer": "secret-meta-5"},
    }
    return nb


def assign(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["assign", *args])
    return result.exit_code, result.output


@pytest.fixture
def generated(tmp_path: Path) -> nbformat.NotebookNode:
    (tmp_path / "solutions").mkdir()
    nbformat.write(crafted(), tmp_path / "solutions" / "09_crafted.ipynb")
    code, output = assign("--source", str(tmp_path / "solutions"), "--dest", str(tmp_path / "notebooks"))
    assert code == 0, output
    return nbformat.read(tmp_path / "notebooks" / "09_crafted.ipynb", as_version=4)


def test_solution_regions_become_stubs(generated: nbformat.NotebookNode) -> None:
    cells = {cell.id: cell for cell in generated.cells}
    assert (
        cells["answer"].source == "def make():\n    # YOUR CODE HERE\n    raise NotImplementedError()\npool_id = make()"
    )
    assert cells["prose"].source == "Why?\n\nYOUR ANSWER HERE"


def test_cell_ids_and_order_are_kept(generated: nbformat.NotebookNode) -> None:
    assert [cell.id for cell in generated.cells] == ["setup", "answer", "prose", "check"]


def test_check_cells_keep_their_output_and_others_are_cleared(generated: nbformat.NotebookNode) -> None:
    cells = {cell.id: cell for cell in generated.cells}
    assert cells["check"].outputs[0].text == PASS
    assert cells["setup"].outputs == [] and cells["setup"].execution_count is None
    assert cells["answer"].outputs == [] and cells["answer"].execution_count is None


def test_locked_and_check_cells_are_read_only(generated: nbformat.NotebookNode) -> None:
    cells = {cell.id: cell for cell in generated.cells}
    for cell_id in ("setup", "check"):
        assert cells[cell_id].metadata["editable"] is False
        assert cells[cell_id].metadata["deletable"] is False
    assert "editable" not in cells["answer"].metadata


def test_no_secret_survives_in_sources_outputs_metadata_or_widgets(generated: nbformat.NotebookNode) -> None:
    text = json.dumps(generated)
    assert "secret" not in text
    assert "execution" not in generated.cells[0].metadata
    assert set(generated.metadata) == {"kernelspec"}


def test_check_reports_a_stale_edited_missing_or_orphan_notebook(
    tmp_path: Path, generated: nbformat.NotebookNode
) -> None:
    source, dest = str(tmp_path / "solutions"), tmp_path / "notebooks"
    assert assign("--source", source, "--dest", str(dest), "--check")[0] == 0
    target = dest / "09_crafted.ipynb"
    target.write_text(target.read_text().replace("YOUR CODE HERE", "my edit"))
    shutil.copy(target, dest / "10_orphan.ipynb")
    code, output = assign("--source", source, "--dest", str(dest), "--check")
    assert code == 1
    assert "09_crafted.ipynb differs" in output and "10_orphan.ipynb has no source" in output
    target.unlink()
    assert "09_crafted.ipynb is missing" in assign("--source", source, "--dest", str(dest), "--check")[1]


def test_a_broken_solution_region_is_a_clear_error(tmp_path: Path) -> None:
    nb = crafted()
    nb.cells[1].source = nb.cells[1].source.replace(END_SOLUTION, "")
    (tmp_path / "solutions").mkdir()
    nbformat.write(nb, tmp_path / "solutions" / "09_crafted.ipynb")
    code, output = assign("--source", str(tmp_path / "solutions"), "--dest", str(tmp_path / "notebooks"))
    assert code == 1
    assert "09_crafted.ipynb, cell answer" in output and "never closed" in output


def test_a_check_cell_without_its_pass_line_asks_for_a_refresh(tmp_path: Path) -> None:
    nb = crafted()
    nb.cells[3].outputs[0].text = "❌ 0.1 create-user-pool: not yet\n"
    (tmp_path / "solutions").mkdir()
    nbformat.write(nb, tmp_path / "solutions" / "09_crafted.ipynb")
    code, output = assign("--source", str(tmp_path / "solutions"), "--dest", str(tmp_path / "notebooks"))
    assert code == 1
    assert "labkit refresh" in output


def test_the_repository_notebooks_are_up_to_date() -> None:
    code, output = assign("--source", str(ROOT / "solutions"), "--dest", str(ROOT / "notebooks"), "--check")
    assert code == 0, output


def _answer_lines(nb: nbformat.NotebookNode) -> set[str]:
    """Lines inside solution regions that appear nowhere else in the source notebook (so cannot be prose)."""
    inside, outside = set(), []
    for cell in nb.cells:
        lines = cell.source.splitlines()
        taken: set[int] = set()
        for begin, end in solution_regions(cell.source):
            taken.update(range(begin, end + 1))
            inside.update(line.strip() for line in lines[begin + 1 : end] if line.strip())
        outside += [line for number, line in enumerate(lines) if number not in taken]
        outside += [json.dumps(output) for output in cell.get("outputs", []) if cell.cell_type == "code"]
    rest = "\n".join(outside)
    return {line for line in inside if line not in rest}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda path: path.name)
def test_no_answer_leaks_into_the_student_version(solution: Path, tmp_path: Path) -> None:
    code, output = assign("--source", str(solution.parent), "--dest", str(tmp_path))
    assert code == 0, output
    student = (tmp_path / solution.name).read_text()
    source = nbformat.read(solution, as_version=4)
    assert BEGIN_SOLUTION not in student and END_SOLUTION not in student
    leaks = [line for line in _answer_lines(source) if json.dumps(line)[1:-1] in student]
    assert leaks == []
