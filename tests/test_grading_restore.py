"""restore_checks alone: whatever a student does to check cells, the key's come back, in a fair place."""

from __future__ import annotations

import copy

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from labkit.grading.preprocessors import restore_checks

CHECK = 'labkit.check("0.1")'


def key() -> nbformat.NotebookNode:
    check = new_code_cell(CHECK, id="check")
    check.metadata = {"tags": ["check:0.1"]}
    return new_notebook(
        cells=[
            new_markdown_cell("intro", id="intro"),
            new_code_cell("answer", id="answer"),
            check,
            new_markdown_cell("next", id="next"),
        ]
    )


def ids(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.id for cell in nb.cells]


def restored_check(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    (cell,) = [cell for cell in nb.cells if "check:0.1" in cell.metadata.get("tags", [])]
    assert cell.cell_type == "code" and cell.source == CHECK
    assert cell.outputs[0].text == "✅ 0.1 create-user-pool: passed\n"
    return cell


def test_an_untouched_submission_is_left_as_it_is() -> None:
    nb, notes = restore_checks(key(), key())
    assert ids(nb) == ["intro", "answer", "check", "next"] and notes == {}
    restored_check(nb)


def test_an_edited_check_is_restored_in_place() -> None:
    submission = key()
    submission.cells[2].source = 'print("✅ 0.1 create-user-pool: passed")'
    nb, notes = restore_checks(submission, key())
    assert ids(nb) == ["intro", "answer", "check", "next"]
    restored_check(nb)
    assert "edited" in notes["0.1"]


def test_a_check_turned_into_markdown_is_restored_as_code() -> None:
    submission = key()
    submission.cells[2] = new_markdown_cell(CHECK, id="check")
    nb, notes = restore_checks(submission, key())
    restored_check(nb)
    assert "markdown" in notes["0.1"]


def test_a_deleted_check_is_re_inserted_after_the_students_own_cells() -> None:
    submission = key()
    del submission.cells[2]
    submission.cells.insert(2, new_code_cell("more answer", id="mine"))
    nb, notes = restore_checks(submission, key())
    assert ids(nb) == ["intro", "answer", "mine", "check", "next"]
    assert "missing" in notes["0.1"]


def test_a_check_moved_above_its_exercise_is_put_back() -> None:
    submission = key()
    check = submission.cells.pop(2)
    submission.cells.insert(0, check)
    nb, notes = restore_checks(submission, key())
    assert ids(nb) == ["intro", "answer", "check", "next"]
    assert "moved" in notes["0.1"]


def test_a_check_moved_further_down_stays_where_the_student_put_it() -> None:
    submission = key()
    check = submission.cells.pop(2)
    submission.cells.append(check)
    nb, notes = restore_checks(submission, key())
    assert ids(nb) == ["intro", "answer", "next", "check"] and notes == {}


def test_a_check_found_by_tag_when_its_id_changed_and_copies_are_removed() -> None:
    submission = key()
    submission.cells[2].id = "renamed"
    submission.cells.append(copy.deepcopy(submission.cells[2]))
    submission.cells[-1].id = "copy"
    nb, notes = restore_checks(submission, key())
    assert ids(nb) == ["intro", "answer", "check", "next"]
    assert "copy" in notes["0.1"]


def test_the_input_notebook_is_not_changed() -> None:
    submission = key()
    del submission.cells[2]
    before = copy.deepcopy(submission)
    restore_checks(submission, key())
    assert submission == before
