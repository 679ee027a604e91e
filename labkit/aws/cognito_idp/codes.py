"""One-time codes as Cognito issues and checks them: six digits, single use, expiring, attempt-limited.

A code belongs to one user and one purpose (confirm sign-up, reset a password, verify an attribute, SMS
MFA). Issuing a new one for the same purpose supersedes the old one. A wrong code is a
`CodeMismatchException`; a used, superseded or stale code an `ExpiredCodeException`; after
`MAX_FAILURES` wrong tries the code is locked (`LimitExceededException`) until a new one is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from moto.moto_api._internal import mock_random

from labkit.aws.cognito_idp import clock
from labkit.aws.cognito_idp.exceptions import (
    CodeMismatchException,
    ExpiredCodeException,
    LimitExceededException,
)
from labkit.runtime import on_reset

MAX_FAILURES = 5
# How long AWS keeps each kind of code valid, in seconds.
LIFETIMES = {
    "SignUp": 24 * 3600,
    "ForgotPassword": 3600,
    "VerifyAttribute": 24 * 3600,  # purpose "VerifyAttribute:email" or "VerifyAttribute:phone_number"
    "SMS_MFA": 3 * 60,
}


@dataclass
class _Issued:
    code: str
    expires_at: float
    failures: int = 0
    spent: set[str] = field(default_factory=set)  # codes used or superseded: they answer "expired"
    used: bool = False


_issued: dict[tuple[str, str, str], _Issued] = {}
on_reset(_issued.clear)


def new_code() -> str:
    """Six random digits from the lab's seeded RNG, so a notebook run repeats."""
    return f"{mock_random.randint(0, 999999):06d}"


def issue(pool_id: str, sub: str, purpose: str) -> str:
    """A fresh code for `purpose`; any older code for it stops working."""
    key = (pool_id, sub, purpose)
    previous = _issued.get(key)
    spent = set(previous.spent) if previous else set()
    if previous:
        spent.add(previous.code)
    code = new_code()
    spent.discard(code)
    _issued[key] = _Issued(code, clock.now() + LIFETIMES[purpose.split(":")[0]], spent=spent)
    return code


def verify(pool_id: str, sub: str, purpose: str, code: str) -> None:
    """Raise AWS's error for a wrong, stale, used or over-tried code; a right one stays unspent."""
    issued = _issued.get((pool_id, sub, purpose))
    if issued is None:
        raise CodeMismatchException()
    if issued.failures >= MAX_FAILURES:
        raise LimitExceededException()
    if code == issued.code and not issued.used:
        if clock.now() > issued.expires_at:
            raise ExpiredCodeException()
        return
    if code in issued.spent:
        raise ExpiredCodeException()
    issued.failures += 1
    raise CodeMismatchException()


def spend(pool_id: str, sub: str, purpose: str) -> None:
    """Use the code up, once the call it confirms has succeeded."""
    issued = _issued[(pool_id, sub, purpose)]
    issued.used = True
    issued.spent.add(issued.code)


def check(pool_id: str, sub: str, purpose: str, code: str) -> None:
    """Accept `code` once (verify, then spend)."""
    verify(pool_id, sub, purpose, code)
    spend(pool_id, sub, purpose)


def forget(pool_id: str, sub: str, purpose: str) -> None:
    """Drop a pending code (e.g. the user's attribute changed again)."""
    _issued.pop((pool_id, sub, purpose), None)
