"""`labkit grade` and `labkit check` end to end: real kernels, crafted submissions, one batch each.

Crafted submissions are tiny notebooks built in tmp around exercise 0.1 (create a pool named first-pool);
each must get its row, its score and its reason, and none may stop or stall the batch.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from labkit.cli import main
from labkit.grading.assign import student_version
from labkit.grading.authoring import read_source

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
PASS = "✅ 0.1 create-user-pool: passed\n"
ANSWER = 'pool_id = idp.create_user_pool(PoolName="first-pool")["UserPool"]["Id"]'
IGNORES_INTERRUPTS = (
    "import time\nwhile True:\n    try:\n        time.sleep(1)\n    except KeyboardInterrupt:\n        pass"
)
FAST = ["--cell-timeout", "4", "--timeout", "60"]


def key() -> nbformat.NotebookNode:
    setup = new_code_cell('import boto3, labkit\nlab = labkit.start()\nidp = boto3.client("cognito-idp")', id="setup")
    answer = new_code_cell(f"### BEGIN SOLUTION\n{ANSWER}\n### END SOLUTION", id="answer")
    check = new_code_cell('labkit.check("0.1")', id="check", execution_count=3)
    check.metadata = {"tags": ["check:0.1"]}
    check.outputs = [new_output("stream", name="stdout", text=PASS)]
    nb = new_notebook(cells=[setup, answer, check, new_markdown_cell("The end.", id="end")])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def variant(
    answer: str, *, check: str | None = 'labkit.check("0.1")', check_type: str = "code"
) -> nbformat.NotebookNode:
    """The key with another answer; `check=None` deletes the check cell, `check_type` retypes it."""
    nb = key()
    nb.cells[1].source = answer
    if check is None:
        del nb.cells[2]
    else:
        nb.cells[2].source = check
        nb.cells[2].cell_type = check_type
        if check_type != "code":
            del nb.cells[2]["outputs"], nb.cells[2]["execution_count"]
    return nb


def moved_up() -> nbformat.NotebookNode:
    """The key with its check cell dragged above the answer."""
    nb = key()
    nb.cells.insert(1, nb.cells.pop(2))
    return nb


CRAFTED: dict[str, tuple[nbformat.NotebookNode | str, int, str]] = {
    # name: (notebook or raw text, expected points, expected status)
    "solution": (key(), 1, "passed"),
    "wrong": (variant('pool_id = idp.create_user_pool(PoolName="second-pool")["UserPool"]["Id"]'), 0, "failed"),
    "tampered": (variant("pool_id = 'nothing'", check=f"print({PASS.strip()!r})"), 0, "failed"),
    "self-printed": (variant(f"print({PASS.strip()!r})", check=None), 0, "failed"),
    "moved-check": (moved_up(), 1, "passed"),
    "retyped-check": (variant(ANSWER, check_type="markdown"), 1, "passed"),
    "endless": (variant(f"{ANSWER}\nwhile True:\n    pass"), 1, "passed"),  # interrupted after the answer
    "stubborn-loop": (
        variant(f"{ANSWER}\n{IGNORES_INTERRUPTS}"),
        0,
        "timeout",
    ),
    "dead-kernel": (variant(f"{ANSWER}\nimport os\nos._exit(1)"), 0, "kernel-died"),
    "stdin": (variant("pool_id = input('pool id? ')"), 0, "failed"),
    "invalid-json": ('{"cells": [', 0, "invalid"),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("batch")
    nbformat.write(key(), folder / "key.ipynb")
    paths = []
    for name, (nb, _, _) in CRAFTED.items():
        path = folder / f"{name}.ipynb"
        path.write_text(nb) if isinstance(nb, str) else nbformat.write(nb, path)
        paths.append(str(path))
    out = folder / "grades.json"
    args = [
        "grade",
        *paths,
        "--key",
        str(folder / "key.ipynb"),
        "-j",
        "2",
        "--json",
        str(out),
        "--csv",
        str(folder / "grades.csv"),
        *FAST,
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Grades" in result.output and "create-user-pool" in result.output  # the table
    grades = {Path(grade["submission"]).stem: grade for grade in json.loads(out.read_text())}
    grades["_csv"] = list(csv.DictReader((folder / "grades.csv").open()))
    return grades


@pytest.mark.parametrize("name", list(CRAFTED))
def test_each_crafted_submission_gets_its_score_and_reason(batch: dict[str, dict], name: str) -> None:
    _, points, status = CRAFTED[name]
    (exercise,) = batch[name]["exercises"]
    assert (exercise["points"], exercise["status"]) == (points, status), exercise
    assert exercise["message"]


def test_reasons_say_what_happened(batch: dict[str, dict]) -> None:
    assert "first-pool" in batch["wrong"]["exercises"][0]["message"]
    assert any("edited" in note for note in batch["tampered"]["notes"])
    assert any("missing" in note for note in batch["self-printed"]["notes"])
    assert any("put back" in note for note in batch["moved-check"]["notes"])
    assert any("markdown" in note for note in batch["retyped-check"]["notes"])
    assert any("interrupted" in note for note in batch["endless"]["notes"])
    assert any("ignored the interrupt" in note for note in batch["stubborn-loop"]["notes"])
    assert any("keyboard input" in note for note in batch["stdin"]["notes"])
    assert any("kernel died" in note for note in batch["dead-kernel"]["notes"])
    assert "not a valid notebook" in batch["invalid-json"]["exercises"][0]["message"]


def test_the_gradebook_has_a_row_per_submission(batch: dict[str, dict]) -> None:
    rows = {Path(row["submission"]).stem: row for row in batch["_csv"]}
    assert set(rows) == set(CRAFTED)
    assert rows["solution"]["0.1"] == "1" and rows["solution"]["total"] == "1"
    assert rows["wrong"]["total"] == "0"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda path: path.name)
def test_a_solution_scores_full_marks_and_its_student_version_zero(solution: Path, tmp_path: Path) -> None:
    shutil.copy(solution, tmp_path / "solution.ipynb")
    nbformat.write(student_version(read_source(solution)), tmp_path / "student.ipynb")
    out = tmp_path / "grades.json"
    paths = [str(tmp_path / "solution.ipynb"), str(tmp_path / "student.ipynb")]
    result = CliRunner().invoke(main, ["grade", *paths, "--key", str(solution), "-j", "2", "--json", str(out)])
    assert result.exit_code == 0, result.output
    grades = {Path(grade["submission"]).stem: grade for grade in json.loads(out.read_text())}
    assert grades["solution"]["score"] == grades["solution"]["max"] > 0, grades["solution"]
    assert grades["student"]["score"] == 0
    assert {exercise["status"] for exercise in grades["student"]["exercises"]} <= {"failed", "error"}


def test_check_tells_a_learner_what_is_left(tmp_path: Path) -> None:
    nbformat.write(key(), tmp_path / "key.ipynb")
    nbformat.write(
        variant('pool_id = idp.create_user_pool(PoolName="second-pool")["UserPool"]["Id"]'), tmp_path / "mine.ipynb"
    )
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "mine.ipynb"), "--key", str(tmp_path / "key.ipynb"), *FAST]
    )
    assert result.exit_code == 1
    assert "0 of 1 points." in result.output
    assert "Left:\n  0.1 create-user-pool: The pool is named 'second-pool'" in result.output


def test_a_notebook_over_its_time_limit_is_stopped_and_graded(tmp_path: Path) -> None:
    nbformat.write(key(), tmp_path / "key.ipynb")
    nbformat.write(variant(f"{ANSWER}\nimport time\ntime.sleep(600)"), tmp_path / "slow.ipynb")
    out = tmp_path / "grades.json"
    args = [
        "grade",
        str(tmp_path / "slow.ipynb"),
        "--key",
        str(tmp_path / "key.ipynb"),
        "--json",
        str(out),
        "--cell-timeout",
        "600",
        "--timeout",
        "10",
    ]
    assert CliRunner().invoke(main, args).exit_code == 0
    (grade,) = json.loads(out.read_text())
    assert grade["exercises"][0]["status"] == "timeout"
    assert "10 s time limit" in grade["exercises"][0]["message"]
    assert grade["seconds"] < 60  # the 600 s sleep did not hold up the batch


def test_self_check_from_jupyterlab_finds_the_notebook_of_its_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from labkit.grading import self_check

    nbformat.write(key(), tmp_path / "mine.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "somewhere/else/mine.ipynb")  # relative to the server's root
    self_check()
    assert "1 of 1 points." in capsys.readouterr().out
