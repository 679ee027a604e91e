"""Finding users and the addresses Cognito writes to, shared by every flow."""

from __future__ import annotations

import re
from typing import Any

from moto.cognitoidp.models import CognitoIdpUser, cognitoidp_backends
from moto.moto_api._internal import mock_random

from labkit.aws.cognito_idp.exceptions import ResourceNotFoundException, UserNotFoundException, validation_error
from labkit.runtime.lab import known_regions

ADDRESS_OF = {"email": "EMAIL", "phone_number": "SMS"}
POOL_ID = re.compile(r"[\w-]+_[0-9a-zA-Z]+")
REGIONS = frozenset(known_regions())


def pool(account_id: str, pool_id: str) -> Any:
    """The user pool with this id (its region is the id's prefix), or AWS's ResourceNotFoundException."""
    if not POOL_ID.fullmatch(pool_id):
        raise validation_error(pool_id, "userPoolId", r"Member must satisfy regular expression pattern: [\w-]+_[0-9a-zA-Z]+")
    region = pool_id.split("_", 1)[0]
    found = cognitoidp_backends[account_id][region].user_pools.get(pool_id) if region in REGIONS else None
    if found is None:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    return found


POOL_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def give_aws_id(backend: Any, user_pool: Any) -> None:
    """Rename a new pool to AWS's id shape, `<region>_` and 9 letters and digits (moto uses 32 hex digits),
    drawn from the lab's seeded RNG so ids repeat run after run."""
    old = user_pool.id
    new = f"{user_pool.region}_" + "".join(mock_random.choice(POOL_ID_ALPHABET) for _ in range(9))
    user_pool.id = new
    user_pool.arn = user_pool.arn.removesuffix(old) + new
    backend.user_pools[new] = backend.user_pools.pop(old)


def find(user_pool: Any, username: str) -> CognitoIdpUser | None:
    """A user by user name, by email/phone when they are the user name (moto's lookup), or by an alias:
    with AliasAttributes, a verified email or phone, or a preferred_username, signs its user in too."""
    user = user_pool._get_user(username)
    if user is not None:
        return user
    for name in user_pool.extended_config.get("AliasAttributes") or []:
        for candidate in user_pool.users.values():
            if attribute(candidate, name) == username and (name == "preferred_username" or is_verified(candidate, name)):
                return candidate
    return None


def get(user_pool: Any, username: str) -> CognitoIdpUser:
    user = find(user_pool, username)
    if user is None:
        raise UserNotFoundException()
    return user


def attribute(user: CognitoIdpUser, name: str) -> str | None:
    return user.attribute_lookup.get(name)


def is_verified(user: CognitoIdpUser, name: str) -> bool:
    return attribute(user, f"{name}_verified") == "true"


def set_attributes(user: CognitoIdpUser, values: dict[str, str]) -> None:
    user.update_attributes([{"Name": k, "Value": v} for k, v in values.items()])


def names(user: CognitoIdpUser) -> list[str]:
    """Every name the user can be called by: user name, and email/phone aliases."""
    return [user.username, attribute(user, "email") or "", attribute(user, "phone_number") or ""]


def recovery_target(user_pool: Any, user: CognitoIdpUser) -> tuple[str, str] | None:
    """(attribute, address) a password reset code goes to, following AccountRecoverySetting."""
    mechanisms = (user_pool.extended_config.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms")
    order = [m["Name"] for m in sorted(mechanisms, key=lambda m: m["Priority"])] if mechanisms else [
        "verified_phone_number",
        "verified_email",
    ]
    for mechanism in order:
        name = {"verified_email": "email", "verified_phone_number": "phone_number"}.get(mechanism)
        if name and attribute(user, name) and is_verified(user, name):
            return name, attribute(user, name) or ""
    return None
