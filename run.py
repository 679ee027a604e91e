#!/usr/bin/env python3
"""Cognito Lab's two front doors, needing nothing but Python 3.10+ and pip.

    python3 run.py lab      set up .venv if needed, then open JupyterLab on notebooks/
    python3 run.py test     set up .venv if needed, then run every test (unit, guard, grading, nbval)
    python3 run.py bench    set up .venv if needed, then print the speed ratios

Set-up is skipped when .venv already matches pyproject.toml, so the second run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".labkit-installed"
INSTALL_LOG = VENV / "install.log"
# An offline lab: JupyterLab asks neither for news nor for updates. (Containers often run as root, where
# JupyterLab also wants --allow-root before it starts.)
LAB_OPTIONS = ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


def _wanted() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> None:
    """Create .venv and install labkit with its test extras, unless that is already done."""
    if sys.version_info < (3, 10):
        sys.exit(f"Cognito Lab needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _wanted():
        return
    print("Installing Cognito Lab into .venv (once; about a minute) ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    for step in ([*pip, "--upgrade", "pip"], [*pip, "-e", f"{ROOT}[test]"]):
        # pip's build chatter goes to a log; a learner sees it only when something failed.
        done = subprocess.run(step, capture_output=True, text=True)
        INSTALL_LOG.write_text(done.stdout + done.stderr)
        if done.returncode != 0:
            sys.exit(f"{INSTALL_LOG.read_text()}\nInstalling failed (log: {INSTALL_LOG}). Check the network to PyPI and retry.")
    # Nor does it ask the learner whether to fetch news: the answer is already no.
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text('{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}\n')
    STAMP.write_text(_wanted())


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def main(argv: list[str]) -> int:
    commands = {
        "lab": [str(BIN / "jupyter"), "lab", str(ROOT / "notebooks"), *LAB_OPTIONS, *(["--allow-root"] if _is_root() else [])],
        "test": [str(PYTHON), "-m", "pytest"],
        "bench": [str(PYTHON), "-m", "labkit.bench"],
    }
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    setup()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.call([*commands[argv[0]], *argv[1:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
