"""Replace every solution region with a stub: the student version's exercise cells."""

from __future__ import annotations

import copy

from nbformat import NotebookNode

from labkit.grading.authoring import CODE_STUB, TEXT_STUB, solution_regions


def _stubbed(source: str, stub: tuple[str, ...], where: str) -> str:
    regions = list(solution_regions(source, where))
    if not regions:
        return source
    lines = source.splitlines()
    for begin, end in reversed(regions):
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        lines[begin : end + 1] = [indent + line for line in stub]
    return "\n".join(lines) + ("\n" if source.endswith("\n") else "")


def clear_solutions(nb: NotebookNode) -> NotebookNode:
    """Code regions become `# YOUR CODE HERE` + `raise NotImplementedError()`; text regions `YOUR ANSWER HERE`."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        cell.source = _stubbed(cell.source, stub, f"cell {cell.get('id', '?')}")
    return nb
