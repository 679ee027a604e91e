"""The flows' side of Lambda triggers: what each call site tells its trigger and how it takes the answer.

`triggers` runs a function and reads its answer; this module knows the user pool's side: the user as
Cognito describes it in an event (`userAttributes` with `sub` and `cognito:user_status`), where an API call's
`ClientMetadata` and `ValidationData` go, and the app client id admin calls lack. Each flow then says where a
trigger fires in one line, in AWS's order (the table is in `triggers`' docstring).
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpUser, UserStatus

from labkit.aws.cognito_idp import triggers
from labkit.aws.cognito_idp.triggers import CustomMessage, MigratedUser, TokenClaims


def user_attributes(user: CognitoIdpUser) -> dict[str, str]:
    """`request.userAttributes` as Cognito sends it: `sub`, the user's status, then the stored attributes."""
    attributes = {"sub": user.id, "cognito:user_status": UserStatus(user.status).value}
    attributes.update({k: v for k, v in user.attribute_lookup.items() if k != "sub"})
    return attributes


def name_values(entries: list[dict[str, str]] | None) -> dict[str, str] | None:
    """`ValidationData` / `UserAttributes` lists as the `{name: value}` map events carry (None when absent)."""
    if entries is None:
        return None
    return {entry["Name"]: entry["Value"] for entry in entries}


def _with_metadata(request: dict[str, Any], metadata: dict[str, str] | None) -> dict[str, Any]:
    return {**request, "clientMetadata": metadata} if metadata is not None else request


def pre_sign_up(
    user_pool: Any,
    user: CognitoIdpUser,
    source: str,
    client_id: str | None,
    params: dict[str, Any],
) -> triggers.SignUpDecision:
    """Pre sign-up, before the user is stored: the attributes as submitted, ValidationData, ClientMetadata."""
    attributes = {k: v for k, v in user.attribute_lookup.items() if k != "sub"}  # submitted, with the alias user name
    request = {"userAttributes": attributes, "validationData": name_values(params.get("ValidationData"))}
    response = triggers.fire(
        user_pool, "PreSignUp", source, user_name=user.username, client_id=client_id,
        request=_with_metadata(request, params.get("ClientMetadata")),
    )
    return triggers.sign_up_decision(response, source)


def custom_message(
    user_pool: Any, user: CognitoIdpUser, source: str, client_id: str | None, metadata: dict[str, str] | None
) -> CustomMessage | None:
    """Custom message, just before Cognito sends a code (or an invitation): the text to send instead."""
    response = triggers.fire(
        user_pool, "CustomMessage", source, user_name=user.username, client_id=client_id,
        request=_with_metadata({"userAttributes": user_attributes(user)}, metadata),
    )
    return None if response is None else triggers.custom_message(response, source)


def post_confirmation(
    user_pool: Any, user: CognitoIdpUser, source: str, client_id: str | None, metadata: dict[str, str] | None
) -> None:
    """Post confirmation, after the user (or the new password) is confirmed."""
    triggers.fire(
        user_pool, "PostConfirmation", source, user_name=user.username, client_id=client_id,
        request=_with_metadata({"userAttributes": user_attributes(user)}, metadata),
    )


def pre_authentication(
    user_pool: Any, user: CognitoIdpUser | None, username: str, client_id: str, validation: dict[str, str] | None
) -> None:
    """Pre authentication, before the password is checked; `InitiateAuth`'s ClientMetadata arrives as
    validationData. With no user (a client that hides unknown users) it is told `userNotFound`."""
    request: dict[str, Any] = {"userAttributes": user_attributes(user) if user else {}, "validationData": validation}
    if user is None:
        request["userNotFound"] = True
    triggers.fire(
        user_pool, "PreAuthentication", "PreAuthentication_Authentication",
        user_name=user.username if user else username, client_id=client_id, request=request,
    )


def post_authentication(user_pool: Any, user: CognitoIdpUser, client_id: str, metadata: dict[str, str] | None) -> None:
    """Post authentication, once every challenge is answered and before tokens are made."""
    triggers.fire(
        user_pool, "PostAuthentication", "PostAuthentication_Authentication", user_name=user.username,
        client_id=client_id, request=_with_metadata({"userAttributes": user_attributes(user)}, metadata),
    )


def token_claims(
    user_pool: Any,
    user: CognitoIdpUser,
    client_id: str,
    source: str,
    metadata: dict[str, str] | None,
    *,
    id_claims: dict[str, Any],
    access_claims: dict[str, Any],
    scopes: list[str],
) -> TokenClaims:
    """Pre token generation, just before signing: the claims and scopes the tokens will carry."""
    groups = {
        "groupsToOverride": list(id_claims.get("cognito:groups", [])),
        "iamRolesToOverride": list(id_claims.get("cognito:roles", [])),
        "preferredRole": id_claims.get("cognito:preferred_role"),
    }
    request: dict[str, Any] = {"userAttributes": user_attributes(user), "groupConfiguration": groups}
    if triggers.token_event_version(user_pool) != "V1_0":
        request["scopes"] = list(scopes)
    response = triggers.fire(
        user_pool, "PreTokenGeneration", source, user_name=user.username, client_id=client_id,
        request=_with_metadata(request, metadata),
    )
    return triggers.apply_token_response(response, id_claims=id_claims, access_claims=access_claims, scopes=scopes)


def migrate(
    user_pool: Any,
    username: str,
    source: str,
    client_id: str,
    *,
    password: str | None = None,
    validation: dict[str, str] | None = None,
    metadata: dict[str, str] | None = None,
) -> MigratedUser | None:
    """Migrate user, for a user name the pool does not know: who to create, or None (still unknown)."""
    request: dict[str, Any] = {"validationData": validation}
    if password is not None:
        request["password"] = password
    response = triggers.fire(
        user_pool, "UserMigration", source, user_name=username, client_id=client_id, request=_with_metadata(request, metadata)
    )
    return triggers.migrated_user(response, source)
