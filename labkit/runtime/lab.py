"""The lab of a kernel: one private local AWS, started once, reset at will, stopped on request."""

from __future__ import annotations

import difflib
import os
import threading
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import boto3
import botocore.session
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_api._internal import mock_random

from labkit.runtime import guard
from labkit.runtime.errors import LabError
from labkit.runtime.server import LoopbackServer

if TYPE_CHECKING:
    from labkit.aws.cognito_idp.outbox import Outbox

DEFAULT_REGION = "us-east-1"
DEFAULT_SEED = 42

# Hooks that reset state kept beside moto's (outbox, keys, trigger logs); the fidelity layer registers them.
_reset_hooks: list[Callable[[], None]] = []


def on_reset(hook: Callable[[], None]) -> Callable[[], None]:
    """Register `hook` to run whenever the lab's state is emptied (start and reset)."""
    _reset_hooks.append(hook)
    return hook


@cache
def known_regions() -> tuple[str, ...]:
    """Regions where Amazon Cognito user pools exist, from botocore's own endpoint data."""
    session = botocore.session.get_session()
    regions: set[str] = set()
    for partition in session.get_available_partitions():
        regions.update(session.get_available_regions("cognito-idp", partition))
    return tuple(sorted(regions))


class Lab:
    """A private local AWS for this kernel. Plain boto3 clients talk to it; so does `endpoint_url`."""

    def __init__(self, region: str, port: int, seed: int) -> None:
        self.region = region
        self.seed = seed
        self.account_id = DEFAULT_ACCOUNT_ID
        self._mock = mock_aws()
        self._server: LoopbackServer | None = None
        self._requested_port = port
        self.running = False

    def _start(self) -> None:
        from labkit import aws  # the fidelity layer; imported late so that moto's modules load once

        aws.install()
        self._server = LoopbackServer(self._requested_port)
        os.environ["AWS_DEFAULT_REGION"] = self.region
        self._mock.start()
        os.environ.update(guard.FAKE_CREDENTIALS)  # moto puts its own fake keys; keep one name for them
        boto3.DEFAULT_SESSION = None
        self.running = True
        self._empty()

    @property
    def endpoint_url(self) -> str:
        """The lab's HTTP address on 127.0.0.1, for PyJWKClient, requests or a browser."""
        if self._server is None:
            raise LabError("The lab is stopped; run `lab = labkit.start()` to start it again.")
        return self._server.url

    @property
    def outbox(self) -> "Outbox":
        """Every email and SMS Cognito sent in this lab, e.g. `lab.outbox.latest_code("alice@example.com")`."""
        from labkit.aws.cognito_idp.outbox import OUTBOX

        return OUTBOX

    def _empty(self) -> None:
        self._mock.reset()
        mock_random.seed(self.seed)
        for hook in _reset_hooks:
            hook()

    def reset(self) -> None:
        """Empty all state (pools, users, messages, keys), as if the lab had just started."""
        self._require_running()
        self._empty()

    def stop(self) -> None:
        """End the lab; AWS calls fail with a clear message until `labkit.start()` runs again."""
        global _current
        if not self.running:
            return
        self.running = False
        self._mock.stop()
        if self._server is not None:
            self._server.close()
            self._server = None
        for hook in _reset_hooks:
            hook()
        with _lock:
            if _current is self:
                _current = None

    def _require_running(self) -> None:
        if not self.running:
            raise LabError("The lab is stopped; run `lab = labkit.start()` to start it again.")

    def __repr__(self) -> str:
        state = f"running at {self._server.url}" if self._server else "stopped"
        return f"<Lab {self.region} {state}>"


_lock = threading.Lock()
_current: Lab | None = None


def status() -> str | None:
    """None when a lab is running in this process, else why AWS calls may not proceed."""
    if _current is not None and _current.running:
        return None
    return "no lab is running in this kernel"


def _check_region(region: str) -> None:
    regions = known_regions()
    if region not in regions:
        close = difflib.get_close_matches(region, regions, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else f" Known regions: {', '.join(regions)}."
        raise LabError(f"Unknown region {region!r}: Amazon Cognito is not offered there.{hint}")


def start(region: str | None = None, *, port: int = 0, seed: int = DEFAULT_SEED) -> Lab:
    """Start this kernel's lab (or return the one running): a local AWS with fake keys and empty state.

    `region` defaults to us-east-1; `port` 0 picks a free loopback port; `seed` makes ids repeat run after
    run, so notebooks show the same pool ids every time.
    """
    global _current
    with _lock:
        if _current is not None and _current.running:
            wanted = {"region": region or _current.region, "seed": seed}
            have = {"region": _current.region, "seed": _current.seed}
            if wanted != have or port not in (0, _current._server.port if _current._server else 0):
                raise LabError(
                    f"A lab is already running ({_current.region}, port {_current._server.port if _current._server else '-'}); "
                    "call lab.stop() first to start one with other options."
                )
            return _current
        region = region or DEFAULT_REGION
        _check_region(region)
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise LabError(f"port must be a whole number from 0 to 65535, not {port!r}.")
        lab = Lab(region, port, seed)
        lab._start()
        _current = lab
        return lab


def current() -> Lab | None:
    """The running lab of this process, if any."""
    return _current if _current is not None and _current.running else None
