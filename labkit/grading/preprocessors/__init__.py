"""Small notebook steps, each one job and testable alone; `labkit assign` and `labkit grade` chain them.

Each step takes a notebook and returns a new one; none changes its input.
"""

from labkit.grading.preprocessors.clear_outputs import clear_outputs
from labkit.grading.preprocessors.clear_solutions import clear_solutions
from labkit.grading.preprocessors.lock_cells import lock_cells
from labkit.grading.preprocessors.mark_checks import mark_checks
from labkit.grading.preprocessors.restore_checks import restore_checks
from labkit.grading.preprocessors.scrub_metadata import scrub_metadata

__all__ = ["clear_outputs", "clear_solutions", "lock_cells", "mark_checks", "restore_checks", "scrub_metadata"]
