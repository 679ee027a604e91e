"""The authoring format of `solutions/*.ipynb`: solution regions, check cells, locked cells.

An answer sits between the lines `### BEGIN SOLUTION` and `### END SOLUTION` (code, Markdown or raw cells).
A check cell is a code cell tagged `check:<exercise-id>` whose source is `labkit.check("<exercise-id>")`.
A cell tagged `locked` is read-only in the student version. Exercise names and points live in the
`@exercise` registrations (labkit.teaching.checks), not in the notebook.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from labkit.runtime.errors import LabError
from labkit.teaching.checks import PASS_MARK, Exercise, exercises

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = ("YOUR ANSWER HERE",)
CHECK_TAG = "check:"
LOCKED_TAG = "locked"


class AuthoringError(LabError):
    """A source notebook breaks the authoring format; the message names the notebook and cell."""


def tags(cell: NotebookNode) -> list[str]:
    found = cell.get("metadata", {}).get("tags", [])
    return [tag for tag in found if isinstance(tag, str)] if isinstance(found, list) else []


def check_id(cell: NotebookNode) -> str | None:
    """The exercise id a cell checks (from its `check:<id>` tag), or None."""
    for tag in tags(cell):
        if tag.startswith(CHECK_TAG):
            return tag[len(CHECK_TAG) :]
    return None


def check_source(exercise_id: str) -> str:
    return f'labkit.check("{exercise_id}")'


def pass_line(exercise: Exercise) -> str:
    """What a check cell prints when its exercise passes: the one output the grader accepts."""
    return f"{PASS_MARK} {exercise.id} {exercise.name}: passed\n"


def solution_regions(source: str, where: str = "cell") -> Iterator[tuple[int, int]]:
    """(begin, end) line numbers of each solution region in `source`, markers included."""
    begin: int | None = None
    for number, line in enumerate(source.splitlines()):
        marker = line.strip()
        if marker == BEGIN_SOLUTION:
            if begin is not None:
                raise AuthoringError(
                    f"{where}: `{BEGIN_SOLUTION}` on line {number + 1} inside another solution region."
                )
            begin = number
        elif marker == END_SOLUTION:
            if begin is None:
                raise AuthoringError(f"{where}: `{END_SOLUTION}` on line {number + 1} without `{BEGIN_SOLUTION}`.")
            yield begin, number
            begin = None
    if begin is not None:
        raise AuthoringError(f"{where}: `{BEGIN_SOLUTION}` on line {begin + 1} is never closed by `{END_SOLUTION}`.")


def read_source(path: Path) -> NotebookNode:
    """Read a solution notebook and hold it to the format: cell ids, known exercises, well-formed checks."""
    nb = nbformat.read(path, as_version=4)
    known = exercises()
    seen: set[str] = set()
    for cell in nb.cells:
        where = f"{path.name}, cell {cell.get('id', '?')}"
        if "id" not in cell:
            raise AuthoringError(f"{path.name}: cells have no ids; save it as nbformat 4.5 (JupyterLab 4 does).")
        list(solution_regions(cell.source, where))
        exercise_id = check_id(cell)
        if exercise_id is None:
            continue
        if cell.cell_type != "code" or cell.source.strip() != check_source(exercise_id):
            raise AuthoringError(
                f"{where}: a check cell is a code cell whose only source is {check_source(exercise_id)}."
            )
        if exercise_id not in known:
            raise AuthoringError(f"{where}: no exercise {exercise_id!r} is registered with @exercise.")
        printed = "".join(output.get("text", "") for output in cell.outputs if output.get("name") == "stdout")
        if printed != pass_line(known[exercise_id]):
            raise AuthoringError(
                f"{where}: the stored output of a check cell must be its pass line; run `labkit refresh {path}`."
            )
        if exercise_id in seen:
            raise AuthoringError(f"{where}: exercise {exercise_id} is checked twice.")
        seen.add(exercise_id)
    return nb
