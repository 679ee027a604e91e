"""The lab runtime: start a safe local AWS in this kernel, and keep real AWS out of reach."""

from labkit.runtime.errors import LabError
from labkit.runtime.lab import Lab, current, on_reset, start

__all__ = ["Lab", "LabError", "current", "on_reset", "start"]
