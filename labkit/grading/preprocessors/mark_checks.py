"""Tell nbval which cells to compare when grading: the check cells."""

from __future__ import annotations

import copy

from nbformat import NotebookNode

from labkit.grading.authoring import check_id, tags

NBVAL_CHECK_OUTPUT = "nbval-check-output"


def mark_checks(nb: NotebookNode) -> NotebookNode:
    """In lax mode nbval compares only the outputs of tagged cells; only check cells' outputs count for points."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if check_id(cell) is not None and NBVAL_CHECK_OUTPUT not in tags(cell):
            cell.metadata["tags"] = [*tags(cell), NBVAL_CHECK_OUTPUT]
    return nb
