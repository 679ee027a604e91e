"""Run one notebook under the mended nbval plugin, isolated in its own process, within a time limit.

Each run is `pytest.main` in a fresh process forked from a server that has already imported pytest, nbval,
nbformat and labkit (multiprocessing's forkserver with a preload), so a submission pays for its own kernel
and cells, not for seconds of imports. The process tree (pytest and its kernel) is killed when the notebook's
time limit passes (the report names the kernel's pid); the per-cell JSON report written as cells finish says
what ran before that.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PRELOAD = ["labkit.grading.nbval_plugin"]
_context: Any = None


@dataclass(frozen=True)
class CellOutcome:
    """What nbval found for one code cell (see nbval_plugin for the kinds)."""

    cell_index: int
    cell_id: str | None
    tags: list[str]
    outcome: str
    kind: str
    stdout: str
    error: str
    message: str


@dataclass(frozen=True)
class Run:
    cells: list[CellOutcome]
    timed_out: bool
    seconds: float
    log: str


def _start_context() -> Any:
    """Forkserver where available (Linux, macOS), spawn elsewhere; started once per grading process."""
    global _context
    if _context is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(PRELOAD)
            warm_up = _context.Process(target=_nothing)  # waits for the server's imports, which then never
            warm_up.start()  # count against a notebook's time limit
            warm_up.join()
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


def _nothing() -> None:
    """A child that only proves the forkserver is up."""


def _pytest_main(args: list[str], workdir: str, log: str) -> None:
    """Child process: run pytest in `workdir` with its output in `log`."""
    import pytest

    os.chdir(workdir)
    with open(log, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
    with open(1, "w", encoding="utf-8", closefd=False) as out:
        sys.stdout = sys.stderr = out
        code = pytest.main(args)
        out.flush()
    os._exit(int(code))


def _kill(pid: int) -> None:
    try:
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (ProcessLookupError, PermissionError, OSError):
        pass  # already gone


def _nbval_args(notebook: Path, *, lax: bool, cell_timeout: float, report: Path, ini: Path) -> list[str]:
    """The pytest command line of one graded run: labkit's nbval in place of nbval's, no repo config."""
    return [
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:nbval",
        "-p",
        "labkit.grading.nbval_plugin",
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",  # the forkserver imported the plugin before pytest ran
        "-c",
        str(ini),
        "--rootdir",
        str(notebook.parent),
        "--nbval-lax" if lax else "--nbval",
        "--nbval-current-env",
        f"--nbval-cell-timeout={cell_timeout}",
        f"--labkit-report={report}",
        str(notebook),
    ]


def run_notebook(notebook: Path, *, cell_timeout: float, timeout: float, lax: bool = True) -> Run:
    """Run `notebook` (its folder is the kernel's working directory) and collect what happened to its cells.

    pytest's config, report and log sit in a private folder beside it, out of the submission's way.
    """
    notebook = notebook.resolve()
    with tempfile.TemporaryDirectory(prefix="labkit-run-") as private:
        ini, report, log = (Path(private) / name for name in ("pytest.ini", "cells.jsonl", "pytest.log"))
        ini.write_text("[pytest]\n", encoding="utf-8")
        args = _nbval_args(notebook, lax=lax, cell_timeout=cell_timeout, report=report, ini=ini)
        context = _start_context()
        started = time.monotonic()
        process = context.Process(target=_pytest_main, args=(args, str(notebook.parent), str(log)))
        process.start()
        process.join(timeout)
        timed_out = process.is_alive()
        if timed_out:
            process.kill()
            process.join()
        seconds = time.monotonic() - started
        cells = []
        for line in report.read_text(encoding="utf-8").splitlines() if report.exists() else []:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by the kill
            if "kernel_pid" in record:
                if timed_out and record["kernel_pid"]:
                    _kill(record["kernel_pid"])  # its own session: killing pytest does not reach it
            else:
                cells.append(CellOutcome(**record))
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return Run(cells, timed_out, seconds, text)
