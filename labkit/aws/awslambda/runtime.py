"""In-process Python Lambda: run a function stored by moto in this kernel, without Docker.

A function's code is loaded once per execution environment (function ARN, version and code hash), as Lambda
keeps a warm environment between invocations; a change of code starts a new environment and a new log
stream. Each invocation runs in a worker thread so that a handler past its `Timeout` cannot hang the
notebook: the caller gives up at the deadline and receives Lambda's timeout error, and the worker is
interrupted at its next Python instruction.

Not faithful, and said so: every `python3.x` runtime runs on this kernel's interpreter; only the handler
module is imported from the zip (sibling modules and layers are not). The root logger's level is the kernel's
(WARNING by default, as in Lambda), shared with the notebook.
"""

from __future__ import annotations

import base64
import ctypes
import io
import json
import linecache
import logging
import os
import sys
import threading
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

from moto.awslambda.models import LambdaFunction
from moto.moto_api._internal import mock_random

from labkit.aws.awslambda import logs
from labkit.runtime import on_reset

TASK_ROOT = "/var/task"
LOG_TAIL_BYTES = 4096


class _Interrupted(BaseException):
    """Raised inside a worker thread whose invocation timed out (a BaseException, so `except Exception`
    in learner code cannot swallow it)."""


class LambdaContext:
    """The context object the Python runtime passes to a handler, with the same attribute names."""

    def __init__(
        self, fn: LambdaFunction, invoked_arn: str, request_id: str, log_stream_name: str, deadline: float
    ) -> None:
        self.function_name: str = fn.function_name
        self.function_version: str = str(fn.version)
        self.invoked_function_arn: str = invoked_arn
        self.memory_limit_in_mb: str = str(fn.memory_size)  # a string, as in the AWS Python runtime
        self.aws_request_id: str = request_id
        self.log_group_name: str = fn.logs_group_name
        self.log_stream_name: str = log_stream_name
        self.identity: Any = None
        self.client_context: Any = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before Lambda stops this invocation."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def __repr__(self) -> str:
        return f"<LambdaContext {self.function_name} request {self.aws_request_id}>"


@dataclass
class Invocation:
    """What one invocation produced, in Lambda's terms."""

    request_id: str
    executed_version: str
    payload: bytes = b"null"
    function_error: str | None = None  # "Unhandled" when the function failed
    log_lines: list[str] = field(default_factory=list)
    timed_out: bool = False  # the function ran past its own Timeout
    abandoned: bool = False  # the caller's own wait ended first (e.g. Cognito's 5 s)
    duration_ms: float = 0.0

    @property
    def error(self) -> dict[str, Any] | None:
        """The error payload of a failed invocation."""
        if self.function_error is None:
            return None
        return json.loads(self.payload)

    def log_result(self) -> str:
        """Base64 of the last 4 KB of the log, as `LogType=Tail` returns it."""
        text = "".join(f"{line}\n" for line in self.log_lines).encode()
        return base64.b64encode(text[-LOG_TAIL_BYTES:]).decode()


# --- capture of print() and sys.stderr per worker thread -------------------------------------------------


class _Router:
    """Stands in for sys.stdout/sys.stderr: writes from an invocation's thread go to its log, others pass."""

    def __init__(self, target: Any) -> None:
        self.target = target

    def write(self, text: str) -> int:
        buffer = _captures.get(threading.get_ident())
        if buffer is None:
            return self.target.write(text)
        buffer.append(text)
        return len(text)

    def flush(self) -> None:
        if threading.get_ident() not in _captures:
            self.target.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


_captures: dict[int, list[str]] = {}
_request_ids: dict[int, str] = {}


class _LambdaLogHandler(logging.Handler):
    """The Python runtime's root handler: records from an invocation become `[LEVEL]\t<time>\t<request id>\t
    <message>` lines of its log; records from the notebook are treated as without it (stderr, WARNING+)."""

    def emit(self, record: logging.LogRecord) -> None:
        ident = threading.get_ident()
        buffer = _captures.get(ident)
        if buffer is None:
            last = logging.lastResort  # what Python uses when no handler is configured
            if last is not None and logging.getLogger().handlers == [self] and record.levelno >= last.level:
                last.handle(record)
            return
        when = datetime.fromtimestamp(record.created, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        buffer.append(f"[{record.levelname}]\t{when}\t{_request_ids.get(ident, '')}\t{record.getMessage()}\n")


_log_handler = _LambdaLogHandler()


def _route_output() -> None:
    """Install, once and lazily, the routers that send an invocation's prints and logging to its log."""
    if not isinstance(sys.stdout, _Router):
        sys.stdout = _Router(sys.stdout)
    if not isinstance(sys.stderr, _Router):
        sys.stderr = _Router(sys.stderr)
    root = logging.getLogger()
    if _log_handler not in root.handlers:
        root.addHandler(_log_handler)


# --- execution environments --------------------------------------------------------------------------------


class FunctionLoadError(Exception):
    """The handler could not be loaded; carries the Lambda runtime's error type and message."""

    def __init__(self, error_type: str, message: str, stack: list[str] | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack = stack or []


@dataclass
class _Environment:
    handler: Callable[[Any, LambdaContext], Any]
    log_stream_name: str
    filename: str
    source_lines: list[str]


_environments: dict[tuple[str, str, str], _Environment] = {}
_environments_lock = threading.Lock()


@on_reset
def _forget_environments() -> None:
    """A reset lab has no functions, so no warm environments."""
    with _environments_lock:
        _environments.clear()


def _environment_key(fn: LambdaFunction) -> tuple[str, str, str]:
    return (fn.function_arn, str(fn.version), fn.code_sha_256)


def _load(fn: LambdaFunction, stream: str) -> _Environment:
    """Import the handler module from the function's zip into a module of its own (not shared by name)."""
    module_name, _, function_name = (fn.handler or "").rpartition(".")
    if not module_name or not function_name:
        raise FunctionLoadError(
            "Runtime.MalformedHandlerName", f"Bad handler '{fn.handler}': not enough values to unpack"
        )
    relative = module_name.replace(".", "/") + ".py"
    try:
        with zipfile.ZipFile(io.BytesIO(fn.code_bytes)) as archive:
            source = archive.read(relative).decode("utf-8")
    except (KeyError, zipfile.BadZipFile):
        raise FunctionLoadError(
            "Runtime.ImportModuleError", f"Unable to import module '{module_name}': No module named '{module_name}'"
        ) from None
    filename = f"{TASK_ROOT}/{relative}"
    lines = source.splitlines(keepends=True)
    _show_source(filename, lines)
    module = ModuleType(module_name)
    module.__file__ = filename
    try:
        code = compile(source, filename, "exec")
    except SyntaxError as error:
        raise FunctionLoadError(
            "Runtime.UserCodeSyntaxError",
            f"Syntax error in module '{module_name}': {error.msg} ({os.path.basename(filename)}, line {error.lineno})",
        ) from None
    previous = sys.modules.get(module_name)
    sys.modules[module_name] = module  # for dataclasses and pickle during import; removed again below
    try:
        exec(code, module.__dict__)
    except _Interrupted:
        raise
    except Exception as error:
        raise FunctionLoadError(
            "Runtime.ImportModuleError",
            f"Unable to import module '{module_name}': {error}",
            _user_stack(error),
        ) from None
    finally:
        if previous is None:
            sys.modules.pop(module_name, None)
        else:
            sys.modules[module_name] = previous
    handler = getattr(module, function_name, None)
    if not callable(handler):
        raise FunctionLoadError(
            "Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'"
        )
    return _Environment(handler, stream, filename, lines)


def _show_source(filename: str, lines: list[str]) -> None:
    """Let tracebacks quote the learner's lines, as CloudWatch shows them."""
    linecache.cache[filename] = (sum(map(len, lines)), None, lines, filename)


def _user_stack(error: BaseException) -> list[str]:
    """The traceback frames from the learner's code only (the runtime's own frames dropped)."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.startswith(TASK_ROOT)]
    return traceback.format_list(frames)


def _warm(fn: LambdaFunction) -> _Environment | None:
    with _environments_lock:
        return _environments.get(_environment_key(fn))


def _environment(fn: LambdaFunction, cold_stream: str) -> _Environment:
    """The warm environment of this code version, or one loaded now (a cold start, logging to `cold_stream`)."""
    key = _environment_key(fn)
    found = _warm(fn)
    if found is not None:
        _show_source(found.filename, found.source_lines)
        return found
    loaded = _load(fn, cold_stream)
    with _environments_lock:
        _environments[key] = loaded
    return loaded


# --- one invocation ----------------------------------------------------------------------------------------


def _interrupt(thread: threading.Thread) -> None:
    """Stop a runaway handler at its next Python instruction (a blocking C call finishes first)."""
    if thread.ident is not None and thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Interrupted))


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _error_payload(error_type: str, message: str, request_id: str, stack: list[str]) -> bytes:
    return json.dumps(
        {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack}
    ).encode()


class _Run:
    """The state one invocation shares between the caller and its worker thread; closed exactly once."""

    def __init__(self, fn: LambdaFunction, result: Invocation, event: Any, invoked_arn: str, cold_stream: str) -> None:
        self.fn = fn
        self.cold_stream = cold_stream
        self.result = result
        self.event = event
        self.invoked_arn = invoked_arn
        self.output: list[str] = []
        self.lines: list[str] = []
        self.payload = b"null"
        self.function_error: str | None = None
        self.saved_env: dict[str, str | None] = {}
        self.stream = ""
        self.started = time.monotonic()
        self.deadline = self.started + float(fn.timeout)
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.closed = False
        self.abandoned = False

    def work(self) -> None:
        """Body of the worker thread: load (or reuse) the environment, call the handler, record the outcome."""
        request_id = self.result.request_id
        _captures[threading.get_ident()] = self.output
        _request_ids[threading.get_ident()] = request_id
        try:
            try:
                env = _environment(self.fn, self.cold_stream)
            except FunctionLoadError as error:
                self.stream = self.cold_stream
                self._fail(error.error_type, error.message, error.stack)
                return
            self.stream = env.log_stream_name
            self.saved_env = _set_environment(self.fn, env)
            context = LambdaContext(self.fn, self.invoked_arn, request_id, env.log_stream_name, self.deadline)
            try:
                value = env.handler(self.event, context)
            except _Interrupted:
                raise
            except Exception as error:
                stack = _user_stack(error)
                self._fail(type(error).__name__, str(error), stack)
                return
            try:
                self.payload = json.dumps(value).encode()
            except (TypeError, ValueError) as error:
                self._fail("Runtime.MarshalError", f"Unable to marshal response: {error}", [])
        except _Interrupted:
            pass
        finally:
            self.restore_environment()
            _captures.pop(threading.get_ident(), None)
            _request_ids.pop(threading.get_ident(), None)
            self.done.set()
            if self.abandoned:
                self.close(timed_out=False)

    def restore_environment(self) -> None:
        """Put os.environ back (once: by the worker when it ends, or at the deadline if it does not)."""
        with self.lock:
            saved, self.saved_env = self.saved_env, {}
        _restore_environment(saved)

    def _fail(self, error_type: str, message: str, stack: list[str]) -> None:
        self.function_error = "Unhandled"
        self.payload = _error_payload(error_type, message, self.result.request_id, stack)
        detail = "".join(["Traceback (most recent call last):\n", *stack]).rstrip("\n")
        self.lines.append(f"[ERROR] {error_type}: {message}\n{detail}" if stack else f"[ERROR] {error_type}: {message}")

    def close(self, *, timed_out: bool) -> None:
        """Finish the invocation once: timeout payload if needed, then the log lines, written to the log group."""
        with self.lock:
            if self.closed:
                return
            self.closed = True
        result, request_id = self.result, self.result.request_id
        elapsed = time.monotonic() - self.started
        result.duration_ms = round(elapsed * 1000, 2)
        printed = "".join(self.output).splitlines()
        tail = list(self.lines)
        result.payload, result.function_error = self.payload, self.function_error
        if timed_out:
            seconds = f"{float(self.fn.timeout):.2f}"
            result.timed_out = True
            result.function_error = "Unhandled"
            result.payload = json.dumps(
                {"errorType": "Sandbox.Timedout", "errorMessage": f"RequestId: {request_id} Error: Task timed out after {seconds} seconds"}
            ).encode()
            tail = [f"{_timestamp()} {request_id} Task timed out after {seconds} seconds"]
        billed = max(1, int(elapsed * 1000 + 0.999))
        result.log_lines = [
            f"START RequestId: {request_id} Version: {result.executed_version}",
            *printed,
            *tail,
            f"END RequestId: {request_id}",
            f"REPORT RequestId: {request_id}\tDuration: {result.duration_ms:.2f} ms\tBilled Duration: {billed} ms\t"
            f"Memory Size: {self.fn.memory_size} MB",
        ]
        logs.write(self.fn, self.stream or self.cold_stream, result.log_lines)


_ENV_LOCK = threading.Lock()


def _set_environment(fn: LambdaFunction, env: _Environment) -> dict[str, str | None]:
    """The function's variables and Lambda's reserved ones, for the invocation's duration."""
    values = {
        **{str(k): str(v) for k, v in (fn.environment_vars or {}).items()},
        "AWS_LAMBDA_FUNCTION_NAME": fn.function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": str(fn.version),
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(fn.memory_size),
        "AWS_LAMBDA_LOG_GROUP_NAME": fn.logs_group_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": env.log_stream_name,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{fn.run_time}",
        "_HANDLER": fn.handler or "",
        "LAMBDA_TASK_ROOT": TASK_ROOT,
    }
    with _ENV_LOCK:
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
    return saved


def _restore_environment(saved: dict[str, str | None]) -> None:
    with _ENV_LOCK:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def invoke(fn: LambdaFunction, event: Any, *, invoked_arn: str | None = None, wait: float | None = None) -> Invocation:
    """Run `fn` on `event` (already parsed JSON) and return the outcome; never raises for the learner's code.

    `wait` is how long the caller waits (Cognito waits 5 s); when it ends before the function's own
    `Timeout`, the invocation is `abandoned` and the worker keeps its deadline in the background.
    """
    _route_output()
    # Ids are drawn here, in the caller's thread, so they repeat run after run whatever the worker does.
    result = Invocation(request_id=str(mock_random.uuid4()), executed_version=str(fn.version))
    warm = _warm(fn)
    cold_stream = warm.log_stream_name if warm is not None else logs.new_stream_name(fn)
    run = _Run(fn, result, event, invoked_arn or fn.function_arn, cold_stream)
    worker = threading.Thread(target=run.work, name=f"lambda:{fn.function_name}", daemon=True)
    worker.start()
    limit = float(fn.timeout) if wait is None else min(float(wait), float(fn.timeout))
    if run.done.wait(limit):
        run.close(timed_out=False)
        return result
    if wait is not None and wait < float(fn.timeout):
        run.abandoned = True
        result.abandoned = True
        remaining = max(0.0, run.deadline - time.monotonic())
        timer = threading.Timer(remaining, _expire, (run, worker))
        timer.daemon = True
        timer.start()
        return result
    _expire(run, worker)
    return result


def _expire(run: _Run, worker: threading.Thread) -> None:
    """The function's deadline passed: stop it, drop its environment (Lambda restarts it), log the timeout."""
    if run.done.is_set():
        run.close(timed_out=False)  # finished just as the caller gave up; its log is still written
        return
    _interrupt(worker)
    run.restore_environment()
    with _environments_lock:
        _environments.pop(_environment_key(run.fn), None)
    run.close(timed_out=True)
