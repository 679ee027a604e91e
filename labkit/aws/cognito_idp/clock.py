"""The one clock user pools keep time by: code and token expiry, sessions, lockouts, temporary passwords.

Tests move it forward (`monkeypatch.setattr(clock, "now", ...)`) instead of waiting.
"""

from __future__ import annotations

import time


def now() -> float:
    """Seconds since the epoch."""
    return time.time()
