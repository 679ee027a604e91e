"""Exercise checks: one line in a notebook, one stable line when it passes, a hint when it does not.

A check looks at the lab's AWS state through the AWS API (and at the learner's variables when it needs an
id), so it grades what the learner did, not what they typed. Check functions live in
`labkit.teaching.exercises`, one module per notebook, registered with `@exercise`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.exceptions

from labkit.runtime.errors import LabError

PASS_MARK = "✅"
FAIL_MARK = "❌"


class Hint(Exception):
    """Raised by a check function: the answer is not there yet, and the message says what to look at."""


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    points: int
    check: Callable[["Context"], None]


@dataclass(frozen=True)
class Result:
    """What a check found; `line` is what the learner (and the grader) sees."""

    exercise: Exercise
    passed: bool
    message: str

    @property
    def line(self) -> str:
        if self.passed:
            return f"{PASS_MARK} {self.exercise.id} {self.exercise.name}: passed"
        return f"{FAIL_MARK} {self.exercise.id} {self.exercise.name}: {self.message}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.line)

    def __repr__(self) -> str:
        return self.line


_registry: dict[str, Exercise] = {}


def exercise(exercise_id: str, name: str, points: int = 1) -> Callable[[Callable[["Context"], None]], Callable[["Context"], None]]:
    """Register a check function for `exercise_id` (e.g. "1.2"), shown as `name`, worth `points`."""

    def register(func: Callable[["Context"], None]) -> Callable[["Context"], None]:
        _registry[exercise_id] = Exercise(exercise_id, name, points, func)
        return func

    return register


def exercises() -> dict[str, Exercise]:
    """Every registered exercise by id (loads all exercise modules once)."""
    from labkit.teaching import exercises as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return dict(_registry)


class Context:
    """What a check function may look at: the learner's variables and the lab's AWS."""

    def __init__(self, namespace: Mapping[str, Any]) -> None:
        self.namespace = namespace

    def var(self, name: str, kind: type | tuple[type, ...] = str) -> Any:
        """The learner's variable `name`, or a hint that says which variable the exercise asked for."""
        if name not in self.namespace:
            raise Hint(f"I looked for a variable named `{name}` and found none; keep the name the exercise gives.")
        value = self.namespace[name]
        if not isinstance(value, kind):
            wanted = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise Hint(f"`{name}` should be a {wanted}, but it is a {type(value).__name__}: {value!r:.80}.")
        return value

    def client(self, service: str) -> Any:
        """A boto3 client for the running lab."""
        return boto3.client(service)


def _learner_namespace() -> Mapping[str, Any]:
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        return shell.user_ns
    frame = inspect.currentframe()
    while frame is not None and frame.f_globals.get("__name__", "").startswith("labkit"):
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def run(exercise_id: str, namespace: Mapping[str, Any] | None = None) -> Result:
    """Run the check of `exercise_id` and return its Result, never raising for a wrong answer."""
    known = exercises()
    if exercise_id not in known:
        raise LabError(f"There is no exercise {exercise_id!r}; known exercises: {', '.join(sorted(known))}.")
    ex = known[exercise_id]
    context = Context(_learner_namespace() if namespace is None else namespace)
    try:
        ex.check(context)
    except Hint as hint:
        return Result(ex, False, str(hint))
    except LabError as error:
        return Result(ex, False, str(error))
    except botocore.exceptions.ClientError as error:
        info = error.response.get("Error", {})
        return Result(ex, False, f"AWS answered {info.get('Code')}: {info.get('Message')}")
    except Exception as error:  # a check must never show its own traceback to a learner
        return Result(ex, False, f"could not be checked ({type(error).__name__}: {error}); run the cells above first.")
    return Result(ex, True, "passed")


def check(exercise_id: str) -> None:
    """Check exercise `exercise_id` (e.g. "1.2") and print one line: passed, or a hint."""
    print(run(exercise_id).line, file=sys.stdout, flush=True)
