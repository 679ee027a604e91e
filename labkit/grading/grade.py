"""`labkit grade`: restore check cells from the key, run the submission under nbval (lax), score exercises.

A submission never stops the batch: an invalid file, a tampered check, an endless loop, a dead kernel or a
stdin read each end as a row with a score and a reason, within the submission's own time limit.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4.nbbase import random_cell_id

from labkit.grading.authoring import AuthoringError, check_id, pass_line, read_source
from labkit.grading.preprocessors import clear_outputs, mark_checks, restore_checks
from labkit.grading.runner import CellOutcome, Run, run_notebook
from labkit.teaching.checks import FAIL_MARK, Exercise, exercises

CELL_TIMEOUT = 30.0
NOTEBOOK_TIMEOUT = 300.0


@dataclass(frozen=True)
class ExerciseGrade:
    id: str
    name: str
    points: int
    max: int
    status: str  # passed, failed, error, timeout, kernel-died, not-run, invalid
    message: str


@dataclass
class SubmissionGrade:
    submission: str
    exercises: list[ExerciseGrade]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> int:
        return sum(grade.points for grade in self.exercises)

    @property
    def max(self) -> int:
        return sum(grade.max for grade in self.exercises)

    def as_dict(self) -> dict[str, object]:
        return {
            "submission": self.submission,
            "score": self.score,
            "max": self.max,
            "notes": self.notes,
            "seconds": round(self.seconds, 2),
            "exercises": [grade.__dict__ for grade in self.exercises],
        }


@dataclass(frozen=True)
class Key:
    """The solution notebook a submission is graded against, and its exercises in notebook order."""

    path: Path
    notebook: NotebookNode
    exercises: list[Exercise]

    @classmethod
    def load(cls, path: Path) -> Key:
        """A solution notebook, held to the authoring format."""
        return cls._from(path, read_source(path))

    @classmethod
    def from_student(cls, path: Path) -> Key:
        """A learner's own notebook as its key, when no solution is at hand: its tagged check cells count."""
        nb = nbformat.read(path, as_version=4)
        known = exercises()
        nb.cells = [cell for cell in nb.cells if check_id(cell) is None or check_id(cell) in known]
        return cls._from(path, nb)

    @classmethod
    def _from(cls, path: Path, nb: NotebookNode) -> Key:
        known = exercises()
        found = [known[exercise_id] for exercise_id in (check_id(cell) for cell in nb.cells) if exercise_id]
        if not found:
            raise AuthoringError(
                f"{path} has no check cells (code cells tagged check:<exercise-id>); nothing to grade."
            )
        return cls(path, nb, found)


def _grades_for_all(key: Key, status: str, message: str) -> list[ExerciseGrade]:
    return [ExerciseGrade(ex.id, ex.name, 0, ex.points, status, message) for ex in key.exercises]


def _read_submission(path: Path) -> NotebookNode:
    """The submission as an nbformat 4.5 notebook; missing or duplicate cell ids get fresh ones."""
    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    seen: set[str] = set()
    for cell in nb.cells:
        if not isinstance(cell.get("id"), str) or cell.id in seen:
            cell.id = random_cell_id()
        seen.add(cell.id)
    nbformat.validate(nb)
    return nb


GRADING: tuple[Callable[[NotebookNode], NotebookNode], ...] = (clear_outputs, mark_checks)


def prepare(submission: NotebookNode, key: Key) -> tuple[NotebookNode, dict[str, str]]:
    """The notebook nbval runs: check cells restored from the key, other outputs cleared, checks marked."""
    restored, notes = restore_checks(submission, key.notebook)
    return reduce(lambda nb, step: step(nb), GRADING, restored), notes


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _score(
    exercise: Exercise,
    cell: CellOutcome | None,
    run: Run,
    died: CellOutcome | None,
    stuck: CellOutcome | None,
    timeout: float,
) -> ExerciseGrade:
    """One exercise's grade from what nbval found in its check cell."""

    def grade(status: str, message: str, points: int = 0) -> ExerciseGrade:
        return ExerciseGrade(exercise.id, exercise.name, points, exercise.points, status, message)

    if cell is None:
        if run.timed_out:
            return grade("timeout", f"not run: the notebook exceeded its {timeout:g} s time limit")
        return grade("not-run", "not run: the grader's run ended early (see its log)")
    if cell.kind == "passed" or (cell.kind == "mismatch" and cell.stdout == pass_line(exercise)):
        return grade("passed", "passed", exercise.points)
    if cell.kind == "mismatch":
        shown = _first_line(cell.stdout).removeprefix(f"{FAIL_MARK} {exercise.id} {exercise.name}: ")
        return grade("failed", shown or "the check printed nothing (was `labkit.check` replaced?)")
    if cell.kind == "error":
        return grade("error", f"the check cell raised {cell.error}")
    if cell.kind == "timeout":
        return grade("timeout", "the check cell ran out of time")
    if cell.kind in ("kernel-died", "kernel-dead", "after-timeout"):
        if stuck is not None:
            return grade(
                "timeout",
                f"not run: code cell {stuck.cell_index} ignored the interrupt when its time ran out;"
                " its kernel was stopped",
            )
        where = f" in code cell {died.cell_index}" if died is not None else ""
        return grade("kernel-died", f"not run: the kernel died{where} before this check")
    return grade("error", _first_line(cell.message) or cell.kind)


def _run_notes(run: Run, cell_timeout: float, timeout: float) -> list[str]:
    """What went wrong in the run as a whole, in words for the gradebook."""
    notes = []
    for cell in run.cells:
        if cell.kind == "timeout":
            notes.append(f"code cell {cell.cell_index} ran longer than {cell_timeout:g} s and was interrupted")
        elif cell.kind == "stuck":
            notes.append(
                f"code cell {cell.cell_index} ran longer than {cell_timeout:g} s and ignored the interrupt;"
                " its kernel was stopped"
            )
        elif cell.kind == "kernel-died":
            notes.append(f"the kernel died in code cell {cell.cell_index}")
        elif cell.error.startswith("StdinNotImplementedError"):
            notes.append(f"code cell {cell.cell_index} asked for keyboard input, which a graded notebook cannot give")
    if run.timed_out:
        notes.append(f"the notebook exceeded its {timeout:g} s time limit and was stopped")
    return notes


def _run_and_score(
    submission: NotebookNode, key: Key, cell_timeout: float, timeout: float
) -> tuple[list[ExerciseGrade], list[str]]:
    prepared, restored = prepare(submission, key)
    workdir = Path(tempfile.mkdtemp(prefix="labkit-grade-"))
    try:
        notebook = workdir / "submission.ipynb"
        nbformat.write(prepared, notebook)
        run = run_notebook(notebook, cell_timeout=cell_timeout, timeout=timeout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    by_index = {cell.cell_index: cell for cell in run.cells}
    code_cells = [cell for cell in prepared.cells if cell.cell_type == "code"]
    died = next((cell for cell in run.cells if cell.kind == "kernel-died"), None)
    stuck = next((cell for cell in run.cells if cell.kind == "stuck"), None)
    grades = []
    for exercise in key.exercises:
        index = next(i for i, cell in enumerate(code_cells) if check_id(cell) == exercise.id)
        grades.append(_score(exercise, by_index.get(index), run, died, stuck, timeout))
    notes = [f"{exercise_id}: {note}" for exercise_id, note in restored.items()]
    return grades, notes + _run_notes(run, cell_timeout, timeout)


def grade_one(
    path: Path, key: Key, *, cell_timeout: float = CELL_TIMEOUT, timeout: float = NOTEBOOK_TIMEOUT
) -> SubmissionGrade:
    """Grade one submission; every failure mode becomes a grade with a reason, never an exception."""
    started = time.monotonic()
    try:
        submission = _read_submission(path)
    except Exception as error:  # any unreadable file is this submission's problem, not the batch's
        reason = f"not a valid notebook: {_first_line(str(error)) or type(error).__name__}"
        return SubmissionGrade(str(path), _grades_for_all(key, "invalid", reason), [reason], time.monotonic() - started)
    try:
        grades, notes = _run_and_score(submission, key, cell_timeout, timeout)
    except Exception as error:  # a failure of the grader itself costs this row its points, never the batch
        reason = f"could not be graded ({type(error).__name__}: {_first_line(str(error))}); grade it alone to see why"
        grades, notes = _grades_for_all(key, "error", reason), [reason]
    return SubmissionGrade(str(path), grades, notes, time.monotonic() - started)


def grade_many(
    paths: Iterable[Path],
    key: Key,
    *,
    jobs: int = 1,
    cell_timeout: float = CELL_TIMEOUT,
    timeout: float = NOTEBOOK_TIMEOUT,
) -> Iterator[SubmissionGrade]:
    """Grade submissions `jobs` at a time (each in its own processes); yields grades as they finish."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(grade_one, path, key, cell_timeout=cell_timeout, timeout=timeout) for path in paths]
        for future in as_completed(futures):
            yield future.result()
