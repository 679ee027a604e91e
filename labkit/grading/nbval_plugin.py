"""nbval 0.11, mended: the one pytest plugin both the regression run and the grader load.

Load it in place of nbval's own entry point: `pytest -p no:nbval -p labkit.grading.nbval_plugin --nbval ...`.
It keeps nbval's options and comparison, and mends the gaps that make nbval 0.11 unfair or slow for us:

- a cell ending in `;` shows its value, because nbval executes with `store_history=False` and IPython then
  cannot see the `;` (nbval issue #194); we execute with history, as JupyterLab and nbclient do;
- fd-level output (C extensions, `os.write`, subprocesses) is lost, because ipykernel stops capturing it when
  PYTEST_CURRENT_TEST is in its environment; we start the kernel without it (ipykernel forwards such output
  from a reader thread, so output written in the last instant of a cell can still land after it, as in
  JupyterLab);
- a kernel that dies is noticed only when the 2000 s cell timeout ends; we poll the kernel while waiting,
  fail the cell at once, and default the cell timeout to CELL_TIMEOUT;
- after one timed-out cell whose kernel recovered, nbval expects every later cell to fail; we run them.

With `--labkit-report FILE` it appends a JSON line with the kernel's pid when the kernel starts, then one per
cell as it finishes (cell id, tags, outcome, kind, printed text, error), so a grader that must kill a run can
end its kernel too and still knows every cell that ran.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from queue import Empty
from typing import Any

import pytest
from nbval import plugin as nbval
from nbval.kernel import RunningKernel, start_new_kernel

CELL_TIMEOUT = 60.0
SANITIZE_FILE = Path(__file__).with_name("sanitize.cfg")
_POLL = 0.25  # seconds between liveness checks of the kernel while a cell runs
_DEFAULTS = {"--nbval-cell-timeout": CELL_TIMEOUT}


class KernelDied(RuntimeError):
    """The kernel process ended while a cell was running (os._exit, a crash, an out-of-memory kill)."""


class _WithDefaults:
    """Hands nbval's option registrations to pytest with labkit's defaults in place of nbval's."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def getgroup(self, *args: Any, **kwargs: Any) -> _WithDefaults:
        return _WithDefaults(self._target.getgroup(*args, **kwargs))

    def addoption(self, *names: str, **attrs: Any) -> None:
        self._target.addoption(*names, **self._patched(names, attrs))

    def _addoption(self, *names: str, **attrs: Any) -> None:
        self._target._addoption(*names, **self._patched(names, attrs))

    @staticmethod
    def _patched(names: tuple[str, ...], attrs: dict[str, Any]) -> dict[str, Any]:
        for name in names:
            if name in _DEFAULTS:
                return {**attrs, "default": _DEFAULTS[name]}
        return attrs


def pytest_addoption(parser: pytest.Parser) -> None:
    nbval.pytest_addoption(_WithDefaults(parser))
    parser.getgroup("nbval").addoption(
        "--labkit-report",
        metavar="FILE",
        help="Append one JSON line per notebook cell to FILE as each cell finishes (used by labkit grade).",
    )


def pytest_configure(config: pytest.Config) -> None:
    nbval.pytest_configure(config)
    if config.option.nbval_sanitize_with is None:
        config.option.nbval_sanitize_with = str(SANITIZE_FILE)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    opt = parent.config.option
    if (opt.nbval or opt.nbval_lax) and file_path.suffix == ".ipynb":
        return LabNotebook.from_parent(parent, path=file_path)
    return None


class LabKernel(RunningKernel):
    """nbval's kernel, started without PYTEST_CURRENT_TEST, executing with history, watched while it runs."""

    def __init__(self, kernel_name: str, cwd: str | None = None, startup_timeout: float = 60) -> None:
        env = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
        self.km, self.kc = start_new_kernel(
            startup_timeout=startup_timeout,
            kernel_name=kernel_name,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
        )
        self._ensure_iopub_up()

    def execute_cell_input(self, cell_input: str, allow_stdin: bool | None = None) -> str:
        return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False)

    def await_reply(self, msg_id: str, timeout: float | None = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = _POLL if deadline is None else min(_POLL, max(deadline - time.monotonic(), 0))
            try:
                msg = self.get_message(stream="shell", timeout=wait)
            except Empty:
                if not self.km.is_alive():
                    raise KernelDied("The kernel died while this cell ran (it exited or crashed).") from None
                if deadline is not None and time.monotonic() >= deadline:
                    raise
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                if msg["content"]["status"] == "aborted":
                    raise RuntimeError("Kernel aborted execution request")
                return

    def close(self) -> None:
        """Stop the kernel if it runs, and release its channels either way."""
        if not hasattr(self, "km"):  # nbval stops a kernel it could not interrupt
            return
        if self.is_alive():
            self.stop()
        else:
            self.kc.stop_channels()
            self.km.cleanup_resources()


class LabNotebook(nbval.IPyNbFile):
    """A notebook under test, run in a LabKernel."""

    def setup(self) -> None:
        option = self.parent.config.option
        if option.nbval_current_env:
            kernel_name = nbval.CURRENT_ENV_KERNEL_NAME
        elif option.nbval_kernel_name:
            kernel_name = option.nbval_kernel_name
        else:
            kernel_name = self.nb.metadata.get("kernelspec", {}).get("name", "python")
        self.kernel = LabKernel(
            kernel_name, cwd=str(self.path.parent), startup_timeout=option.nbval_kernel_startup_timeout
        )
        _report(self.config, {"kernel_pid": getattr(self.kernel.km.provisioner, "pid", None)})
        self.setup_sanitize_files()

    def collect(self) -> Any:
        for item in super().collect():
            yield LabCell.from_parent(
                self, name=item.name, cell_num=item.cell_num, cell=item.cell, options=item.options
            )

    def teardown(self) -> None:
        if self.kernel is not None:
            self.kernel.close()
            self.kernel = None


class LabCell(nbval.IPyNbCell):
    """A code cell under test; later cells still run after a timed-out cell whose kernel survived."""

    def setup(self) -> None:
        kernel = self.parent.kernel
        if self.parent.timed_out and kernel is not None and kernel.is_alive():
            self.parent.timed_out = False
        super().setup()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, KernelDied):
            return f"Cell {self.cell_num}: {excinfo.value}\n\nInput:\n{self.cell.source}\n"
        return super().repr_failure(excinfo)


def _kind(report: pytest.TestReport, error: BaseException | None) -> str:
    """One word for what happened to a cell, for graders and people."""
    if report.passed:
        return "passed"
    if hasattr(report, "wasxfail"):
        return "after-timeout"
    if report.skipped:
        return "skipped"
    if isinstance(error, KernelDied):
        return "kernel-died"
    if isinstance(error, RuntimeError) and "Kernel dead" in str(error):
        return "kernel-dead"
    message = str(error) if error is not None else ""
    if message.startswith("Timeout") and "Failed to interrupt" in message:
        return "stuck"
    if message.startswith("Timeout"):
        return "timeout"
    if message == "Cell outputs differ":
        return "mismatch"
    if message == "Cell execution caused an exception":
        return "error"
    return "failed"


def _printed(outputs: list[Any] | None) -> tuple[str, str]:
    """What a cell printed to stdout, and its error as `Name: value`, from the outputs nbval collected."""
    stdout, error = "", ""
    for output in outputs or []:
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            stdout += output.get("text", "")
        elif output.get("output_type") == "error":
            error = f"{output.get('ename')}: {output.get('evalue')}"
    return stdout, error


def _report(config: pytest.Config, record: dict[str, Any]) -> None:
    """Append `record` to the --labkit-report file, if one was asked for."""
    path = config.option.labkit_report
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    if not isinstance(item, LabCell):
        return
    report: pytest.TestReport = outcome.get_result()
    if report.when == "teardown" or (report.when == "setup" and report.passed):
        return
    error = call.excinfo.value if call.excinfo is not None else None
    stdout, raised = _printed(item.test_outputs)
    record = {
        "cell_index": item.cell_num,
        "cell_id": item.cell.get("id"),
        "tags": list(item.cell.get("metadata", {}).get("tags", [])),
        "outcome": report.outcome,
        "kind": _kind(report, error),
        "stdout": stdout,
        "error": raised,
        "message": str(error) if error is not None else "",
    }
    _report(item.config, record)
