"""App clients as AWS enforces them: which auth flows they allow, SECRET_HASH, user-existence errors.

Finding a pool by client id searches every region's backend, as moto does, because unsigned calls
(SignUp, InitiateAuth, ...) reach the loopback server without a region.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from moto.cognitoidp.models import cognitoidp_backends

from labkit.aws.cognito_idp import tokens
from labkit.aws.cognito_idp.exceptions import InvalidParameterException, NotAuthorizedException, ResourceNotFoundException

# AWS's defaults for a client created without ExplicitAuthFlows.
DEFAULT_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")
# Each AuthFlow of InitiateAuth / AdminInitiateAuth and the ExplicitAuthFlows values that allow it (legacy names too).
ALLOWING = {
    "USER_SRP_AUTH": ("ALLOW_USER_SRP_AUTH",),
    "USER_PASSWORD_AUTH": ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"),
    "ADMIN_USER_PASSWORD_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "ADMIN_NO_SRP_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "CUSTOM_AUTH": ("ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"),
    "REFRESH_TOKEN_AUTH": ("ALLOW_REFRESH_TOKEN_AUTH",),
    "REFRESH_TOKEN": ("ALLOW_REFRESH_TOKEN_AUTH",),
}


# Lifetimes AWS accepts, in seconds: access and ID tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years.
VALIDITY_RANGES = {"AccessToken": (300, 86400), "IdToken": (300, 86400), "RefreshToken": (3600, 3650 * 86400)}


def check_config(config: dict[str, Any]) -> None:
    """CreateUserPoolClient/UpdateUserPoolClient: token lifetimes in AWS's ranges (the model checks each number alone)."""
    units = config.get("TokenValidityUnits") or {}
    for token, (low, high) in VALIDITY_RANGES.items():
        amount = config.get(tokens.CLIENT_VALIDITY_KEY[token])
        if amount is None:
            continue
        unit = units.get(token) or ("days" if token == "RefreshToken" else "hours")
        if not low <= int(amount) * tokens.UNIT_SECONDS[unit] <= high:
            raise InvalidParameterException("Invalid range for token validity.")


def find(client_id: str, account_id: str, region: str) -> tuple[Any, Any]:
    """(pool, client) for a client id, in the request's region first, then any region of the account."""
    backends = cognitoidp_backends[account_id]
    first = backends[region]
    for backend in [first, *(b for r, b in backends.items() if r not in (region, "global"))]:
        for pool in backend.user_pools.values():
            client = pool.clients.get(client_id)
            if client is not None:
                return pool, client
    raise ResourceNotFoundException(f"User pool client {client_id} does not exist.")


def flows(client: Any) -> tuple[str, ...]:
    explicit = client.extended_config.get("ExplicitAuthFlows")
    return tuple(explicit) if explicit else DEFAULT_FLOWS


def require_flow(client: Any, auth_flow: str) -> None:
    """Raise AWS's error when the client's ExplicitAuthFlows do not allow `auth_flow`."""
    allowed = flows(client)
    if any(name in allowed for name in ALLOWING.get(auth_flow, ())):
        return
    # Clients made before the ALLOW_ names always allowed refresh.
    if auth_flow.startswith("REFRESH_TOKEN") and not any(f.startswith("ALLOW_") for f in allowed):
        return
    if auth_flow == "USER_PASSWORD_AUTH":
        raise InvalidParameterException("USER_PASSWORD_AUTH flow not enabled for this client")
    raise InvalidParameterException("Auth flow not enabled for this client")


def secret_hash(client_secret: str, client_id: str, username: str) -> str:
    """Base64 HMAC-SHA256 of username + client id, keyed by the client secret."""
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def require_secret_hash(client: Any, usernames: list[str], given: str | None) -> None:
    """A client with a secret needs a SECRET_HASH matching the user name (any of the names the user goes by)."""
    if not client.generate_secret:
        return
    if not given:
        raise NotAuthorizedException(f"Client {client.id} is configured with secret but SECRET_HASH was not received")
    if not any(hmac.compare_digest(secret_hash(client.secret, client.id, name), given) for name in usernames if name):
        raise NotAuthorizedException(f"Unable to verify secret hash for client {client.id}")


def hides_users(client: Any) -> bool:
    """PreventUserExistenceErrors=ENABLED: unknown users look like wrong passwords or codes."""
    return client.extended_config.get("PreventUserExistenceErrors") == "ENABLED"
