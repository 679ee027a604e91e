"""Put the key's check cells back into a submission, whatever the student did to them.

Each check cell of the key is found in the submission by cell id, else by its `check:<id>` tag, else it is
re-inserted. A found cell is restored from the key (source, tags, expected output, cell type) and stays where
the student put it if it still comes after the key cell that precedes it; a moved-up or missing one goes back
just before the next key cell the submission still has, so the student's answer cells above it run first.
Copies of a check cell are removed. Every change is reported, so a grade can say why.
"""

from __future__ import annotations

import copy

import nbformat
from nbformat import NotebookNode

from labkit.grading.authoring import check_id, check_source, pass_line
from labkit.teaching.checks import exercises


def _canonical(key_cell: NotebookNode, exercise_id: str) -> NotebookNode:
    """The check cell as the key has it, with the one output a pass produces."""
    cell = nbformat.v4.new_code_cell(source=check_source(exercise_id), id=key_cell.id)
    cell.metadata = NotebookNode({"tags": list(key_cell.metadata.get("tags", []))})
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=pass_line(exercises()[exercise_id]))]
    return cell


def _what_changed(found: NotebookNode, exercise_id: str) -> str | None:
    if found.cell_type != "code":
        return f"its check cell had been turned into a {found.cell_type} cell; restored from the key"
    if found.get("source", "").strip() != check_source(exercise_id):
        return "its check cell had been edited; restored from the key"
    if check_id(found) != exercise_id:
        return "its check cell had lost its tag; restored from the key"
    return None


def _anchor(candidates: list[NotebookNode], ids: list[str | None], after: int = -1) -> int | None:
    """Index in the submission of the first non-check key cell of `candidates` found there after `after`."""
    for cell in candidates:
        if check_id(cell) is None and cell.id in ids and ids.index(cell.id) > after:
            return ids.index(cell.id)
    return None


def restore_checks(submission: NotebookNode, key: NotebookNode) -> tuple[NotebookNode, dict[str, str]]:
    """The submission with every check cell of `key` restored, and a note per exercise whose cell was touched."""
    nb = copy.deepcopy(submission)
    cells: list[NotebookNode] = list(nb.cells)
    notes: dict[str, str] = {}
    for position, key_cell in enumerate(key.cells):
        exercise_id = check_id(key_cell)
        if exercise_id is None:
            continue
        matches = [i for i, cell in enumerate(cells) if cell.get("id") == key_cell.id]
        matches += [i for i, cell in enumerate(cells) if check_id(cell) == exercise_id and i not in matches]
        found = matches[0] if matches else None
        problems = [_what_changed(cells[found], exercise_id)] if found is not None else []
        if len(matches) > 1:
            problems.append(f"{len(matches) - 1} copy(ies) of it removed")

        ids = [cell.get("id") for cell in cells]
        previous = _anchor(list(reversed(key.cells[:position])), ids)
        restored = _canonical(key_cell, exercise_id)
        if found is not None and found > (-1 if previous is None else previous):
            cells[found] = restored
            cells = [cell for i, cell in enumerate(cells) if i not in matches[1:]]
        else:
            cells = [cell for i, cell in enumerate(cells) if i not in matches]
            ids = [cell.get("id") for cell in cells]
            previous = _anchor(list(reversed(key.cells[:position])), ids)
            following = _anchor(key.cells[position + 1 :], ids, -1 if previous is None else previous)
            cells.insert(len(cells) if following is None else following, restored)
            problems.append(
                "its check cell was missing; re-inserted from the key"
                if found is None
                else "its check cell had been moved above the exercise; put back"
            )
        note = "; ".join(problem for problem in problems if problem)
        if note:
            notes[exercise_id] = note
    nb.cells = cells
    return nb, notes
