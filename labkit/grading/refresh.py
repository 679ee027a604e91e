"""`labkit refresh`: re-create the stored outputs of solution notebooks, as the nbval regression run sees them.

Executed with nbclient in a kernel started like the regression run's (venv Python, notebook's folder as
working directory, no PYTEST_CURRENT_TEST), keeping cell ids and dropping execution timings.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

from labkit.grading.nbval_plugin import CELL_TIMEOUT


def refresh(path: Path, *, cell_timeout: float = CELL_TIMEOUT) -> None:
    """Execute `path` top to bottom and write it back with fresh outputs; a failing cell raises."""
    nb = nbformat.read(path, as_version=4)
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
    kernel = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager())
    client = NotebookClient(
        nb,
        km=kernel,
        timeout=int(cell_timeout),
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute(env=env, stderr=subprocess.DEVNULL)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
