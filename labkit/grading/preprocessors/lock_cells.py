"""Make `locked` cells and check cells read-only and undeletable in JupyterLab."""

from __future__ import annotations

import copy

from nbformat import NotebookNode

from labkit.grading.authoring import LOCKED_TAG, check_id, tags


def lock_cells(nb: NotebookNode) -> NotebookNode:
    """JupyterLab honours `editable` and `deletable`; the grader restores check cells whatever happens."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if LOCKED_TAG in tags(cell) or check_id(cell) is not None:
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False
    return nb
