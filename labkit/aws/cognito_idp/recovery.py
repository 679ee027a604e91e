"""Passwords after sign-up: forgot/confirm, change, and the administrator's set and reset.

ForgotPassword: client rules -> find the user (or migrate it: migrate user trigger) -> where to send
(AccountRecoverySetting, verified address) -> custom message trigger -> send the code.
ConfirmForgotPassword: policy -> threat protection -> code (spent only on a good password) -> new password
-> post confirmation trigger.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import UserStatus

from labkit.aws.cognito_idp import clients, codes, outbox, passwords, schema, signup, threats, tokens, trigger_points, users
from labkit.aws.cognito_idp.exceptions import (
    InvalidParameterException,
    NotAuthorizedException,
    UserNotFoundException,
)


def _reset_target(user_pool: Any, user: Any) -> tuple[str, str]:
    """Where a reset code goes: AWS refuses a disabled user, and one with no verified email or phone."""
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    target = users.recovery_target(user_pool, user)
    if target is None:
        raise InvalidParameterException(
            "Cannot reset password for the user as there is no registered/verified email or phone_number"
        )
    return target


def forgot_password(user_pool: Any, client: Any, params: dict[str, Any]) -> dict[str, Any]:
    username = params["Username"]
    schema.check_username(username)
    user = users.find(user_pool, username)
    clients.require_secret_hash(client, users.names(user) if user else [username], params.get("SecretHash"))
    metadata = params.get("ClientMetadata")
    if user is None:
        migrated = trigger_points.migrate(user_pool, username, "UserMigration_ForgotPassword", client.id, metadata=metadata)
        if migrated is not None:
            user = signup.create_migrated(user_pool, username, None, migrated)
    if user is None:
        if clients.hides_users(client):
            return {"CodeDeliveryDetails": outbox.simulated_delivery(username)}
        raise UserNotFoundException()
    recovery = (user_pool.extended_config.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms") or []
    if [m["Name"] for m in recovery] == ["admin_only"]:
        raise NotAuthorizedException("Contact administrator to reset password.")
    name, address = _reset_target(user_pool, user)
    return {"CodeDeliveryDetails": _send_reset_code(user_pool, user, name, address, client.id, metadata)}


def _send_reset_code(user_pool: Any, user: Any, name: str, address: str, client_id: str | None, metadata: dict[str, str] | None) -> dict[str, str]:
    code = codes.issue(user_pool.id, user.id, "ForgotPassword")
    custom = trigger_points.custom_message(user_pool, user, "CustomMessage_ForgotPassword", client_id, metadata)
    return outbox.send_code(
        user_pool.extended_config, pool_id=user_pool.id, user=user.username, destination=address,
        medium=users.ADDRESS_OF[name], attribute=name, code=code, purpose="ForgotPassword", custom=custom,
    )


def confirm_forgot_password(user_pool: Any, client: Any, params: dict[str, Any]) -> None:
    code, password = params["ConfirmationCode"], params["Password"]
    user = signup.code_owner(user_pool, client, params)
    passwords.check(user_pool.extended_config, password)
    threats.check_new_password(user_pool, client.id, password, "PASSWORD_CHANGE")
    codes.check(user_pool.id, user.id, "ForgotPassword", code)
    user.password = password
    if user.status in (UserStatus.RESET_REQUIRED, UserStatus.FORCE_CHANGE_PASSWORD):
        user.status = UserStatus.CONFIRMED
    trigger_points.post_confirmation(user_pool, user, "PostConfirmation_ConfirmForgotPassword", client.id, params.get("ClientMetadata"))


def change_password(user_pool: Any, user: Any, params: dict[str, Any]) -> None:
    previous, proposed = params.get("PreviousPassword"), params["ProposedPassword"]
    passwords.check(user_pool.extended_config, proposed)
    if previous is not None and user.password != previous:
        raise NotAuthorizedException("Incorrect username or password.")
    threats.check_new_password(user_pool, None, proposed, "PASSWORD_CHANGE")
    user.password = proposed


def admin_set_user_password(user_pool: Any, params: dict[str, Any]) -> None:
    user = users.get(user_pool, params["Username"])
    password = params["Password"]
    passwords.check(user_pool.extended_config, password)
    threats.check_new_password(user_pool, None, password, "PASSWORD_CHANGE")
    user.password = password
    user.status = UserStatus.CONFIRMED if params.get("Permanent") else UserStatus.FORCE_CHANGE_PASSWORD
    if not params.get("Permanent"):
        signup.mark_temporary(user_pool, user)


def admin_reset_user_password(user_pool: Any, params: dict[str, Any]) -> None:
    """The user must choose a new password: a reset code is sent, and sign-in fails until it is used."""
    user = users.get(user_pool, params["Username"])
    name, address = _reset_target(user_pool, user)
    _send_reset_code(user_pool, user, name, address, None, params.get("ClientMetadata"))
    user.status = UserStatus.RESET_REQUIRED
    tokens.sign_out(user_pool.id, user.id)

