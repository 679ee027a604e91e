"""Attribute changes and their verification: a new email or phone is unverified until its code comes back.

UpdateUserAttributes: schema and client rules -> store -> mark changed addresses unverified -> send a code
for each (CodeDeliveryDetailsList). GetUserAttributeVerificationCode sends one; VerifyUserAttribute checks it.
The custom message trigger words each code message (CustomMessage_UpdateUserAttribute for an update,
CustomMessage_VerifyUserAttribute for a requested code).
"""

from __future__ import annotations

from typing import Any

from labkit.aws.cognito_idp import codes, outbox, schema, signup, trigger_points, users
from labkit.aws.cognito_idp.exceptions import InvalidParameterException

ADDRESSES = ("email", "phone_number")


def _send(user_pool: Any, user: Any, name: str, purpose: str, client_id: str | None, metadata: dict[str, str] | None) -> dict[str, str]:
    address = users.attribute(user, name)
    if not address:
        raise InvalidParameterException(f"User does not have {name} attribute set.")
    code = codes.issue(user_pool.id, user.id, f"VerifyAttribute:{name}")
    custom = trigger_points.custom_message(user_pool, user, f"CustomMessage_{purpose}", client_id, metadata)
    return outbox.send_code(
        user_pool.extended_config, pool_id=user_pool.id, user=user.username, destination=address,
        medium=users.ADDRESS_OF[name], attribute=name, code=code, purpose=purpose, custom=custom,
    )


def update(
    user_pool: Any,
    user: Any,
    attributes: list[dict[str, str]],
    client: Any | None = None,
    *,
    admin: bool = False,
    metadata: dict[str, str] | None = None,
) -> list[dict[str, str]]:
    """Apply an attribute update; changed addresses become unverified and get a code (unless an admin marks them verified)."""
    schema.check_update(user_pool, user, attributes, None if admin else client)
    given = {a["Name"]: a["Value"] for a in attributes}
    signup.check_aliases_free(user_pool, attributes, exclude=user)
    changed = [n for n in ADDRESSES if n in given and given[n] != users.attribute(user, n)]
    user.update_attributes(attributes)
    auto = user_pool.extended_config.get("AutoVerifiedAttributes") or []
    details = []
    for name in changed:
        if admin and given.get(f"{name}_verified") == "true":
            continue
        users.set_attributes(user, {f"{name}_verified": "false"})
        codes.forget(user_pool.id, user.id, f"VerifyAttribute:{name}")
        if name in auto:
            details.append(_send(user_pool, user, name, "UpdateUserAttribute", None if admin or client is None else client.id, metadata))
    return details


def send_code(user_pool: Any, user: Any, name: str, client_id: str | None = None, metadata: dict[str, str] | None = None) -> dict[str, str]:
    """GetUserAttributeVerificationCode."""
    if name not in ADDRESSES:
        raise InvalidParameterException(f"Invalid attribute name: {name}. Only email and phone_number can be verified.")
    return _send(user_pool, user, name, "VerifyUserAttribute", client_id, metadata)


def verify(user_pool: Any, user: Any, name: str, code: str) -> None:
    """VerifyUserAttribute: the code proves the address; the attribute becomes verified."""
    if name not in ADDRESSES:
        raise InvalidParameterException(f"Invalid attribute name: {name}. Only email and phone_number can be verified.")
    schema.check_code(code, "code")
    codes.verify(user_pool.id, user.id, f"VerifyAttribute:{name}", code)
    signup.claim_alias(user_pool, user, name, force=False)
    codes.spend(user_pool.id, user.id, f"VerifyAttribute:{name}")
    users.set_attributes(user, {f"{name}_verified": "true"})
