"""Threat protection's compromised-credentials check: a breached password is refused where the pool says so.

Threat protection is on when the pool's `UserPoolAddOns.AdvancedSecurityMode` is `ENFORCED`. Without a risk
configuration AWS blocks compromised credentials on sign-in, sign-up and password change; a
`CompromisedCredentialsRiskConfiguration` narrows the events (`EventFilter`) or switches to `NO_ACTION`.
`AUDIT` mode only records. As in AWS, SRP sign-ins are not checked: the password never reaches the server.
"""

from __future__ import annotations

import copy
from typing import Any

from labkit.aws.cognito_idp import passwords
from labkit.aws.cognito_idp.exceptions import InvalidPasswordException, NotAuthorizedException
from labkit.runtime import on_reset

EVENTS = ("SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP")
_risk: dict[tuple[str, str | None], dict[str, Any]] = {}  # by (pool id, client id or None)
on_reset(_risk.clear)


def set_configuration(pool_id: str, client_id: str | None, configuration: dict[str, Any]) -> dict[str, Any]:
    """SetRiskConfiguration: keep the pool's (or one client's) risk configuration."""
    stored = {"UserPoolId": pool_id, **({"ClientId": client_id} if client_id else {}), **copy.deepcopy(configuration)}
    _risk[(pool_id, client_id)] = stored
    return stored


def describe(pool_id: str, client_id: str | None) -> dict[str, Any]:
    """DescribeRiskConfiguration: the client's configuration, else the pool's, else just the ids."""
    found = _risk.get((pool_id, client_id)) or _risk.get((pool_id, None))
    return copy.deepcopy(found) if found else {"UserPoolId": pool_id, **({"ClientId": client_id} if client_id else {})}


def _blocks(user_pool: Any, client_id: str | None, event: str) -> bool:
    mode = (user_pool.extended_config.get("UserPoolAddOns") or {}).get("AdvancedSecurityMode", "OFF")
    if mode != "ENFORCED":
        return False
    compromised = describe(user_pool.id, client_id).get("CompromisedCredentialsRiskConfiguration")
    if compromised is None:
        return True
    filters = compromised.get("EventFilter") or list(EVENTS)
    return event in filters and (compromised.get("Actions") or {}).get("EventAction") == "BLOCK"


def check_new_password(user_pool: Any, client_id: str | None, password: str, event: str) -> None:
    """Sign-up and password changes: refuse a breached password when threat protection blocks it."""
    if passwords.is_breached(password) and _blocks(user_pool, client_id, event):
        raise InvalidPasswordException("Provided password cannot be used for security reasons.")


def check_sign_in(user_pool: Any, client_id: str | None, password: str) -> None:
    """A password sign-in with a breached password is blocked when threat protection says so."""
    if passwords.is_breached(password) and _blocks(user_pool, client_id, "SIGN_IN"):
        raise NotAuthorizedException("Unable to login because of security reasons.")
