"""Grades for people and for gradebooks: a rich table, JSON, and CSV (one row per submission)."""

from __future__ import annotations

import csv
import io
import json

from rich.table import Table

from labkit.grading.grade import SubmissionGrade

STATUS_STYLE = {"passed": "green", "failed": "yellow"}


def table(grades: list[SubmissionGrade]) -> Table:
    """One row per submission and exercise, with the reason for every lost point."""
    out = Table(title="Grades", show_lines=False)
    for column in ("submission", "exercise", "points", "status", "why"):
        out.add_column(column, overflow="fold")
    for grade in grades:
        for number, exercise in enumerate(grade.exercises):
            name = grade.submission if number == 0 else ""
            style = STATUS_STYLE.get(exercise.status, "red")
            why = "" if exercise.status == "passed" else exercise.message
            out.add_row(
                name,
                f"{exercise.id} {exercise.name}",
                f"{exercise.points}/{exercise.max}",
                f"[{style}]{exercise.status}[/]",
                why,
            )
        out.add_row(
            "", "[bold]total[/]", f"[bold]{grade.score}/{grade.max}[/]", "", "; ".join(grade.notes), end_section=True
        )
    return out


def to_json(grades: list[SubmissionGrade]) -> str:
    """Per submission and exercise: id, points, max, status, message."""
    return json.dumps([grade.as_dict() for grade in grades], indent=2, ensure_ascii=False) + "\n"


def to_csv(grades: list[SubmissionGrade]) -> str:
    """A gradebook: one row per submission, one column per exercise, then the total and the notes."""
    ids = list(dict.fromkeys(exercise.id for grade in grades for exercise in grade.exercises))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *ids, "total", "max", "notes"])
    for grade in grades:
        points = {exercise.id: exercise.points for exercise in grade.exercises}
        writer.writerow(
            [grade.submission, *(points.get(i, 0) for i in ids), grade.score, grade.max, "; ".join(grade.notes)]
        )
    return buffer.getvalue()
