"""`labkit doctor`: is this machine ready for the lab? Versions, a lab start, and the guard, in plain words."""

from __future__ import annotations

import importlib.metadata as metadata
import sys
import urllib.request
from collections.abc import Callable

import click
from rich.console import Console
from rich.table import Table

PACKAGES = ("labkit", "boto3", "botocore", "moto", "jupyterlab", "ipykernel", "ipywidgets", "pyjwt", "nbval", "nbclient")


def _versions() -> tuple[bool, str]:
    missing, found = [], []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return False, f"missing: {', '.join(missing)} — run `python3 run.py lab` to install them"
    return True, f"Python {sys.version.split()[0]}; " + ", ".join(found)


def _lab_starts() -> tuple[bool, str]:
    import boto3

    import labkit

    lab = labkit.start()
    try:
        idp = boto3.client("cognito-idp")
        pool = idp.create_user_pool(PoolName="doctor")["UserPool"]["Id"]
        with urllib.request.urlopen(f"{lab.endpoint_url}/{pool}/.well-known/jwks.json", timeout=5) as reply:
            keys = reply.read()
        if b"keys" not in keys:
            return False, f"the lab's HTTP endpoint answered without keys: {keys[:80]!r}"
        return True, f"local AWS answers in-process and at {lab.endpoint_url}"
    finally:
        lab.stop()


def _guard_holds() -> tuple[bool, str]:
    import boto3

    import labkit

    lab = labkit.start()
    try:
        elsewhere = boto3.client("sts", endpoint_url="https://sts.example.com")
        try:
            elsewhere.get_caller_identity()
        except labkit.LabError:
            pass
        else:
            return False, "a client with a non-loopback endpoint got an answer; the guard is not installed"
        try:
            urllib.request.urlopen("https://cognito-idp.us-east-1.amazonaws.com/", timeout=2)
        except labkit.LabError:
            return True, "requests to real AWS endpoints are blocked before they leave the machine"
        return False, "urllib reached a real AWS host name; the socket guard is not installed"
    finally:
        lab.stop()


CHECKS: tuple[tuple[str, Callable[[], tuple[bool, str]]], ...] = (
    ("versions", _versions),
    ("lab starts", _lab_starts),
    ("guard holds", _guard_holds),
)


@click.command()
def doctor() -> None:
    """Check that the lab can run here: versions, a lab start, and the guard against real AWS."""
    console = Console()
    table = Table(show_header=False, box=None)
    failed = 0
    for name, probe in CHECKS:
        try:
            ok, detail = probe()
        except Exception as error:  # doctor reports every failure in words, never as a traceback
            ok, detail = False, f"{type(error).__name__}: {error}"
        failed += not ok
        table.add_row("[green]ok[/]" if ok else "[red]FAIL[/]", name, detail)
    console.print(table)
    if failed:
        console.print(f"[red]{failed} check(s) failed.[/] Fix them, or run `python3 run.py lab` on a fresh checkout.")
        raise SystemExit(1)
    console.print("[green]The lab is ready.[/] Open it with `python3 run.py lab`.")
