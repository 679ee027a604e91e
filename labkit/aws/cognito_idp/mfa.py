"""Multi-factor authentication: a TOTP secret per user (any authenticator app, or pyotp, can answer it),
SMS codes through the outbox, and the rules for which challenge a sign-in meets.
"""

from __future__ import annotations

from typing import Any

import pyotp
from moto.moto_api._internal import mock_random

from labkit.runtime import on_reset

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
SECRET_LENGTH = 52  # AWS's SecretCode is 52 base32 characters

_pending: dict[tuple[str, str], str] = {}  # secrets handed out by AssociateSoftwareToken, not yet verified
_secrets: dict[tuple[str, str], str] = {}  # verified secrets by (pool id, sub)


def _reset() -> None:
    _pending.clear()
    _secrets.clear()


on_reset(_reset)


def associate(pool_id: str, sub: str) -> str:
    """A new secret for the user (from the seeded RNG, so notebooks repeat); it counts once verified."""
    secret = "".join(mock_random.choice(BASE32) for _ in range(SECRET_LENGTH))
    _pending[(pool_id, sub)] = secret
    return secret


def verify_pending(pool_id: str, sub: str, code: str) -> bool | None:
    """Check a code against the associated secret; None when no secret was associated."""
    secret = _pending.get((pool_id, sub))
    if secret is None:
        return None
    if not pyotp.TOTP(secret).verify(code, valid_window=1):
        return False
    _secrets[(pool_id, sub)] = _pending.pop((pool_id, sub))
    return True


def has_totp(pool_id: str, sub: str) -> bool:
    return (pool_id, sub) in _secrets


def check_totp(pool_id: str, sub: str, code: str) -> bool:
    secret = _secrets.get((pool_id, sub))
    return secret is not None and pyotp.TOTP(secret).verify(code, valid_window=1)


def enabled_methods(user: Any) -> list[str]:
    """The user's enabled MFA methods, preferred first, as AWS lists them."""
    methods = []
    if user.software_token_mfa_enabled:
        methods.append("SOFTWARE_TOKEN_MFA")
    if user.sms_mfa_enabled:
        methods.append("SMS_MFA")
    preferred = user.preferred_mfa_setting
    if preferred in methods:
        methods.remove(preferred)
        methods.insert(0, preferred)
    return methods


def pool_methods(pool: Any) -> list[str]:
    """MFA methods the pool offers: TOTP when enabled, SMS when configured."""
    methods = []
    if (pool.token_mfa_config or {}).get("Enabled"):
        methods.append("SOFTWARE_TOKEN_MFA")
    if pool.sms_mfa_config:
        methods.append("SMS_MFA")
    return methods


def challenge_for(pool: Any, user: Any) -> str | None:
    """Which MFA challenge a sign-in meets: None, SMS_MFA, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE or MFA_SETUP."""
    if pool.mfa_config == "OFF":
        return None
    offered = pool_methods(pool)
    methods = [m for m in enabled_methods(user) if m in offered]
    if not methods:
        if pool.mfa_config != "ON":
            return None
        # Required MFA falls back to SMS for a user with a verified phone number, else the user must set up TOTP.
        if "SMS_MFA" in offered and user.attribute_lookup.get("phone_number_verified") == "true":
            return "SMS_MFA"
        return "MFA_SETUP"
    if len(methods) > 1 and user.preferred_mfa_setting not in methods:
        return "SELECT_MFA_TYPE"
    return methods[0]
