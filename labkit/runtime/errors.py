"""The one error type labkit raises for a learner's mistake, so notebooks can show a message, not internals."""


class LabError(RuntimeError):
    """Something about the lab itself (not AWS) needs the learner's attention; the message says what to do."""
