"""`labkit assign`: the student notebooks in notebooks/, generated from the single source in solutions/."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from labkit.grading.authoring import read_source
from labkit.grading.preprocessors import clear_outputs, clear_solutions, lock_cells, scrub_metadata

STUDENT_VERSION: tuple[Callable[[NotebookNode], NotebookNode], ...] = (
    clear_solutions,
    clear_outputs,
    lock_cells,
    scrub_metadata,
)


def student_version(nb: NotebookNode) -> NotebookNode:
    """The student version of a solution notebook: stubs for answers, check outputs kept, cell ids kept."""
    student = reduce(lambda current, step: step(current), STUDENT_VERSION, nb)
    nbformat.validate(student)
    return student


def render(nb: NotebookNode) -> str:
    """A notebook as the exact text written to disk, so `--check` can compare byte for byte."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def generated(source_dir: Path) -> dict[str, str]:
    """File name -> text of every student notebook the sources in `source_dir` produce."""
    return {path.name: render(student_version(read_source(path))) for path in sorted(source_dir.glob("*.ipynb"))}


def assign(source_dir: Path, dest_dir: Path) -> list[Path]:
    """Write the student notebooks; returns the files whose content changed."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in generated(source_dir).items():
        target = dest_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


def stale(source_dir: Path, dest_dir: Path) -> list[str]:
    """Why `dest_dir` does not match what `assign` would write (empty when it is up to date)."""
    wanted = generated(source_dir)
    problems = []
    for name, text in wanted.items():
        target = dest_dir / name
        if not target.exists():
            problems.append(f"{target} is missing")
        elif target.read_text(encoding="utf-8") != text:
            problems.append(f"{target} differs from what {source_dir / name} generates")
    for target in sorted(dest_dir.glob("*.ipynb")):
        if target.name not in wanted:
            problems.append(f"{target} has no source in {source_dir}")
    return problems
