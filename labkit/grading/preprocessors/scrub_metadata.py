"""Keep only the metadata a student notebook needs: no widget state, timings or authoring leftovers."""

from __future__ import annotations

import copy

from nbformat import NotebookNode

NOTEBOOK_KEYS = ("kernelspec", "language_info")
CELL_KEYS = ("tags", "editable", "deletable", "jupyter", "collapsed")


def scrub_metadata(nb: NotebookNode) -> NotebookNode:
    """Widget state (metadata.widgets), execution timings and any other key could carry an answer; drop them."""
    nb = copy.deepcopy(nb)
    nb.metadata = NotebookNode({key: nb.metadata[key] for key in NOTEBOOK_KEYS if key in nb.metadata})
    for cell in nb.cells:
        cell.metadata = NotebookNode({key: cell.metadata[key] for key in CELL_KEYS if key in cell.metadata})
        cell.pop("attachments", None)
        for output in cell.get("outputs", []):
            if "metadata" in output:
                output.metadata = NotebookNode()
    return nb
