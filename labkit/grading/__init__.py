"""The grading layer: one source per lab, student versions from it, grades by nbval.

    labkit refresh solutions/NN_name.ipynb       re-run a solution, store its outputs (the regression baseline)
    labkit assign [--check]                       write notebooks/ from solutions/ (or fail when it is stale)
    labkit grade SUB.ipynb ... --key solutions/NN_name.ipynb [-j N] [--json F] [--csv F]
    labkit check notebooks/NN_name.ipynb          a learner's own grade, and what is left

The format is in `authoring`, the steps in `preprocessors`, the nbval plugin in `nbval_plugin` (also what
`pytest` loads for the regression run), one run per submission in `runner`, scoring in `grade`.
From a notebook, `labkit.grading.self_check()` grades the saved notebook in a fresh kernel.
"""

from __future__ import annotations

import os
from pathlib import Path


def self_check(notebook: str | os.PathLike[str] | None = None) -> None:
    """Grade this notebook, as last saved, in a fresh kernel, and print what is left (save it first).

    In JupyterLab the notebook's path comes from the kernel's session (JPY_SESSION_NAME); pass it otherwise.
    """
    from labkit.grading.cli import learner_key, summary
    from labkit.grading.grade import grade_one

    path = Path(notebook) if notebook is not None else Path(os.environ.get("JPY_SESSION_NAME", ""))
    if notebook is None and not path.is_file():  # the session path may be relative to the server's root
        path = Path.cwd() / path.name
    if not path.name.endswith(".ipynb") or not path.is_file():
        print("Which notebook? Call labkit.grading.self_check('notebooks/NN_name.ipynb').")
        return
    print(f"Checking {path.name} as last saved, in a fresh kernel ...", flush=True)
    print(summary(grade_one(path, learner_key(path))))
