"""The grading layer: student versions from solutions (`labkit assign`), grades by nbval (`labkit grade`)."""
