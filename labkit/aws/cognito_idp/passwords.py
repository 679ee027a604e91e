"""Passwords as a user pool judges them: the pool's policy, generated temporary passwords, breached passwords.

The policy holds wherever a password is chosen (sign-up, temporary, reset, change, new-password
challenge) with AWS's `InvalidPasswordException` messages. The breached list (`data/breached-passwords.txt`)
backs threat protection's compromised-credentials check.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

from moto.moto_api._internal import mock_random

from labkit.aws.cognito_idp.exceptions import InvalidPasswordException

SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "
BREACHED_LIST = Path(__file__).resolve().parents[3] / "data" / "breached-passwords.txt"
DEFAULT_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}
_PREFIX = "Password did not conform with policy: "


def policy(config: dict[str, Any]) -> dict[str, Any]:
    """The pool's password policy; requirements left out of an explicit policy are off, as in AWS."""
    given = (config.get("Policies") or {}).get("PasswordPolicy")
    if given is None:
        return dict(DEFAULT_POLICY)
    return {"MinimumLength": 8, "TemporaryPasswordValidityDays": 7, **given}


def check(config: dict[str, Any], password: str) -> None:
    """Raise AWS's InvalidPasswordException naming the first rule `password` breaks."""
    rules = policy(config)
    if len(password) < int(rules.get("MinimumLength", 8)):
        raise InvalidPasswordException(_PREFIX + "Password not long enough")
    if rules.get("RequireLowercase") and not any(c.islower() for c in password):
        raise InvalidPasswordException(_PREFIX + "Password must have lowercase characters")
    if rules.get("RequireUppercase") and not any(c.isupper() for c in password):
        raise InvalidPasswordException(_PREFIX + "Password must have uppercase characters")
    if rules.get("RequireNumbers") and not any(c.isdigit() for c in password):
        raise InvalidPasswordException(_PREFIX + "Password must have numeric characters")
    if rules.get("RequireSymbols") and not any(c in SYMBOLS for c in password):
        raise InvalidPasswordException(_PREFIX + "Password must have symbol characters")


def temporary(config: dict[str, Any]) -> str:
    """A temporary password that meets the pool's policy (from the lab's seeded RNG, so runs repeat)."""
    rules = policy(config)
    length = max(int(rules.get("MinimumLength", 8)), 12)
    picks = [
        mock_random.choice(string.ascii_uppercase),
        mock_random.choice(string.ascii_lowercase),
        mock_random.choice(string.digits),
        mock_random.choice("!#$%&*+-=?@^_"),
    ]
    alphabet = string.ascii_letters + string.digits
    picks += [mock_random.choice(alphabet) for _ in range(length - len(picks))]
    mock_random.shuffle(picks)
    return "".join(picks)


def temporary_validity_seconds(config: dict[str, Any]) -> int:
    """How long a temporary password may be used before an administrator must reset it."""
    return int(policy(config).get("TemporaryPasswordValidityDays", 7)) * 24 * 3600


@cache
def breached() -> frozenset[str]:
    """The passwords threat protection knows to be breached (one per line; '#' starts a comment)."""
    lines = BREACHED_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in (raw.rstrip("\n") for raw in lines) if line and not line.startswith("#"))


def is_breached(password: str) -> bool:
    return password in breached()
