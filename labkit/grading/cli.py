"""The authoring and grading commands: assign, refresh, grade, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from nbclient.exceptions import CellControlSignal, DeadKernelError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from labkit.grading.assign import assign as write_notebooks
from labkit.grading.assign import stale
from labkit.grading.grade import CELL_TIMEOUT, NOTEBOOK_TIMEOUT, Key, SubmissionGrade, grade_many
from labkit.grading.refresh import refresh as refresh_notebook
from labkit.grading.report import table, to_csv, to_json
from labkit.runtime.errors import LabError

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_DIR = click.Path(file_okay=False, path_type=Path)


def _timeouts(command: click.Command) -> click.Command:
    command = click.option(
        "--cell-timeout",
        type=click.FloatRange(min=1),
        default=CELL_TIMEOUT,
        show_default=True,
        help="Seconds a cell may run.",
    )(command)
    return click.option(
        "--timeout",
        type=click.FloatRange(min=1),
        default=NOTEBOOK_TIMEOUT,
        show_default=True,
        help="Seconds a whole notebook may run.",
    )(command)


@click.command()
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("solutions"),
    show_default=True,
    help="Folder of solution notebooks.",
)
@click.option("--dest", type=_DIR, default=Path("notebooks"), show_default=True, help="Folder of student notebooks.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the student notebooks are stale.")
def assign(source: Path, dest: Path, check: bool) -> None:
    """Generate the student notebooks in DEST from the solutions in SOURCE."""
    try:
        if check:
            problems = stale(source, dest)
            for problem in problems:
                click.echo(f"stale: {problem}", err=True)
            if problems:
                raise click.ClickException(f"{dest} is stale; run `labkit assign` and commit the result.")
            click.echo(f"{dest} is up to date with {source}.")
            return
        changed = write_notebooks(source, dest)
    except LabError as error:
        raise click.ClickException(str(error)) from None
    for path in changed:
        click.echo(f"wrote {path}")
    click.echo(f"{dest} is up to date ({len(changed)} changed).")


@click.command()
@click.argument("notebooks", nargs=-1, type=_FILE)
@click.option(
    "--cell-timeout", type=click.FloatRange(min=1), default=120, show_default=True, help="Seconds a cell may run."
)
def refresh(notebooks: tuple[Path, ...], cell_timeout: float) -> None:
    """Re-create the stored outputs of NOTEBOOKS (default: every notebook in solutions/)."""
    targets = list(notebooks) or sorted(Path("solutions").glob("*.ipynb"))
    if not targets:
        raise click.ClickException("No notebooks given and none in solutions/.")
    for path in targets:
        click.echo(f"running {path} ...")
        try:
            refresh_notebook(path, cell_timeout=cell_timeout)
        except (CellControlSignal, DeadKernelError) as error:  # they carry the failing cell and its traceback
            raise click.ClickException(f"{path} failed, outputs not written:\n{error}") from None
    click.echo(f"refreshed {len(targets)} notebook(s); `pytest` now compares against these outputs.")


def _grade(
    paths: list[Path], key: Key, jobs: int, cell_timeout: float, timeout: float, console: Console
) -> list[SubmissionGrade]:
    order = {str(path): number for number, path in enumerate(paths)}
    grades = []
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=len(paths) < 2) as progress:
        task = progress.add_task("grading", total=len(paths))
        for grade in grade_many(paths, key, jobs=jobs, cell_timeout=cell_timeout, timeout=timeout):
            grades.append(grade)
            progress.advance(task)
    return sorted(grades, key=lambda grade: order[grade.submission])


def _load_key(path: Path) -> Key:
    try:
        return Key.load(path)
    except LabError as error:
        raise click.ClickException(str(error)) from None


@click.command()
@click.argument("submissions", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--key", "key_path", required=True, type=_FILE, help="The solution notebook (solutions/NN_name.ipynb).")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Submissions graded at once."
)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write grades as JSON here.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a gradebook CSV here.")
@_timeouts
def grade(
    submissions: tuple[Path, ...],
    key_path: Path,
    jobs: int,
    json_path: Path | None,
    csv_path: Path | None,
    cell_timeout: float,
    timeout: float,
) -> None:
    """Grade SUBMISSIONS against the check cells of --key, with nbval."""
    console = Console(stderr=True)
    grades = _grade(list(submissions), _load_key(key_path), jobs, cell_timeout, timeout, console)
    Console().print(table(grades))
    if json_path is not None:
        json_path.write_text(to_json(grades), encoding="utf-8")
    if csv_path is not None:
        csv_path.write_text(to_csv(grades), encoding="utf-8")


def learner_key(notebook: Path) -> Key:
    """solutions/<same name> beside the notebooks folder when the instructor's copy is there, else the notebook."""
    solution = notebook.resolve().parent.parent / "solutions" / notebook.name
    return Key.load(solution) if solution.exists() else Key.from_student(notebook)


def summary(grade: SubmissionGrade) -> str:
    """What a learner wants to know: the score, and what is left with a hint for each."""
    lines = [f"{grade.score} of {grade.max} points."]
    left = [exercise for exercise in grade.exercises if exercise.status != "passed"]
    done = [exercise for exercise in grade.exercises if exercise.status == "passed"]
    if done:
        lines.append("Done: " + ", ".join(exercise.id for exercise in done))
    if left:
        lines.append("Left:")
        lines += [f"  {exercise.id} {exercise.name}: {exercise.message}" for exercise in left]
    else:
        lines.append("All exercises pass. Well done!")
    lines += [f"Note: {note}" for note in grade.notes]
    return "\n".join(lines)


@click.command()
@click.argument("notebook", type=_FILE)
@click.option(
    "--key",
    "key_path",
    type=_FILE,
    help="Grade against this notebook instead (default: solutions/<name>, else the notebook).",
)
@_timeouts
def check(notebook: Path, key_path: Path | None, cell_timeout: float, timeout: float) -> None:
    """Grade your own NOTEBOOK (as saved) the way the instructor will, and say what is left."""
    try:
        key = Key.load(key_path) if key_path else learner_key(notebook)
    except LabError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Running {notebook} in a fresh kernel (as saved; save it first) ...", err=True)
    (grade_,) = list(grade_many([notebook], key, cell_timeout=cell_timeout, timeout=timeout))
    click.echo(summary(grade_))
    sys.exit(0 if grade_.score == grade_.max else 1)
