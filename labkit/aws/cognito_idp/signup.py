"""Sign-up and account creation, one step after another as Cognito runs them.

SignUp: client rules -> user name and attributes -> password policy and threat protection -> create the
user -> pre sign-up trigger (auto-confirm, auto-verify) -> store the user -> custom message trigger and
send the verification code, or post confirmation when the trigger confirmed the user. ConfirmSignUp checks
the code, then post confirmation. AdminCreateUser makes a user with a (generated) temporary password (pre
sign-up, its answer ignored) and sends the invitation (custom message). A migrated user (migrate user
trigger) is created here too.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpUser, UserStatus

from labkit.aws.cognito_idp import clients, clock, codes, outbox, passwords, schema, threats, trigger_points, users
from labkit.aws.cognito_idp.exceptions import (
    AliasExistsException,
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedException,
    UnsupportedUserStateException,
    UsernameExistsException,
    UserNotFoundException,
)
from labkit.runtime import on_reset

_temporary_issued: dict[tuple[str, str], float] = {}  # (pool id, sub) -> when the temporary password was set
on_reset(_temporary_issued.clear)


def check_aliases_free(user_pool: Any, attributes: list[dict[str, str]], exclude: CognitoIdpUser | None = None) -> None:
    """With email/phone as the user name, no two users may share that address."""
    names = user_pool.extended_config.get("UsernameAttributes") or []
    values = {a["Name"]: a["Value"] for a in attributes}
    for name in ("email", "phone_number"):
        if name in names and name in values:
            for other in user_pool.users.values():
                if other is not exclude and other.attribute_lookup.get(name) == values[name]:
                    raise AliasExistsException(f"An account with the given {name} already exists.")


def claim_alias(user_pool: Any, user: CognitoIdpUser, name: str, force: bool) -> None:
    """With AliasAttributes, a verified email/phone signs its user in: it may belong to one user only.

    Another user holding it verified makes this an AliasExistsException, unless `force` (ForceAliasCreation)
    moves the alias: the other user's address becomes unverified.
    """
    if name not in (user_pool.extended_config.get("AliasAttributes") or []):
        return
    value = users.attribute(user, name)
    for other in user_pool.users.values():
        if other is not user and users.attribute(other, name) == value and users.is_verified(other, name):
            if not force:
                raise AliasExistsException(f"An account with the given {name} already exists.")
            users.set_attributes(other, {f"{name}_verified": "false"})


def _build_user(user_pool: Any, username: str, password: str | None, status: str, attributes: list[dict[str, str]]) -> CognitoIdpUser:
    """A new user checked against the pool's rules but not stored yet (pre sign-up may still refuse it);
    email/phone sign-in pools name the user by its sub."""
    schema.check_username(username)
    alias = schema.check_username_attributes(user_pool, username)
    attributes = [a for a in attributes if a["Name"] != alias] + ([{"Name": alias, "Value": username}] if alias else [])
    schema.check_names_and_values(user_pool, attributes)
    schema.check_required(user_pool, attributes)
    if users.find(user_pool, username) is not None:
        if alias == "email":
            raise UsernameExistsException("An account with the given email already exists.")
        if alias == "phone_number":
            raise UsernameExistsException("An account with the given phone_number already exists.")
        raise UsernameExistsException()
    check_aliases_free(user_pool, attributes)
    return CognitoIdpUser(user_pool.id, None if alias else username, password, status, attributes)


def _store(user_pool: Any, user: CognitoIdpUser) -> CognitoIdpUser:
    user_pool.users[user.username] = user
    return user


def _verification_target(user_pool: Any, user: CognitoIdpUser) -> tuple[str, str] | None:
    """(attribute, address) the sign-up code goes to: phone first when both are auto-verified, as AWS does."""
    auto = user_pool.extended_config.get("AutoVerifiedAttributes") or []
    for name in ("phone_number", "email"):
        if name in auto and users.attribute(user, name):
            return name, users.attribute(user, name) or ""
    return None


def send_confirmation(
    user_pool: Any, user: CognitoIdpUser, purpose: str, client_id: str, metadata: dict[str, str] | None = None
) -> dict[str, str] | None:
    """Issue a sign-up code and send it (the custom message trigger may word it); CodeDeliveryDetails, or
    None with nowhere to send."""
    target = _verification_target(user_pool, user)
    if target is None:
        return None
    name, address = target
    code = codes.issue(user_pool.id, user.id, "SignUp")
    custom = trigger_points.custom_message(user_pool, user, f"CustomMessage_{purpose}", client_id, metadata)
    link = f"/confirmUser?client_id={client_id}&user_name={user.username}&confirmation_code={code}"
    return outbox.send_code(
        user_pool.extended_config,
        pool_id=user_pool.id,
        user=user.username,
        destination=address,
        medium=users.ADDRESS_OF[name],
        attribute=name,
        code=code,
        purpose=purpose,
        link=link,
        custom=custom,
    )


def sign_up(user_pool: Any, client: Any, params: dict[str, Any]) -> dict[str, Any]:
    username, password = params["Username"], params.get("Password") or ""  # AWS: omitted is the same as blank
    if (user_pool.extended_config.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        raise NotAuthorizedException("SignUp is not permitted for this user pool")
    clients.require_secret_hash(client, [username], params.get("SecretHash"))
    attributes = list(params.get("UserAttributes") or [])
    if any(a["Name"] == "sub" for a in attributes):
        raise InvalidParameterException("Attributes did not conform to the schema: sub: Attribute cannot be written.\n")
    schema.check_username(username)
    passwords.check(user_pool.extended_config, password)
    threats.check_new_password(user_pool, client.id, password, "SIGN_UP")
    user = _build_user(user_pool, username, password, UserStatus.UNCONFIRMED, attributes)
    decision = trigger_points.pre_sign_up(user_pool, user, "PreSignUp_SignUp", client.id, params)
    for name, verify in (("email", decision.auto_verify_email), ("phone_number", decision.auto_verify_phone)):
        if verify and users.attribute(user, name):
            users.set_attributes(user, {f"{name}_verified": "true"})
    metadata = params.get("ClientMetadata")
    if decision.auto_confirm:
        user.status = UserStatus.CONFIRMED
        _store(user_pool, user)
        trigger_points.post_confirmation(user_pool, user, "PostConfirmation_ConfirmSignUp", client.id, metadata)
        return {"UserConfirmed": True, "UserSub": user.id}
    _store(user_pool, user)
    details = send_confirmation(user_pool, user, "SignUp", client.id, metadata)
    response: dict[str, Any] = {"UserConfirmed": False, "UserSub": user.id}
    if details:
        response["CodeDeliveryDetails"] = details
    return response


def code_owner(user_pool: Any, client: Any, params: dict[str, Any]) -> CognitoIdpUser:
    """The user a confirmation code was sent to; an unknown user looks like a wrong code when the client hides users."""
    username = params["Username"]
    schema.check_username(username)
    schema.check_code(params["ConfirmationCode"])
    user = users.find(user_pool, username)
    clients.require_secret_hash(client, users.names(user) if user else [username], params.get("SecretHash"))
    if user is None:
        if clients.hides_users(client):
            raise CodeMismatchException()
        raise UserNotFoundException()
    return user


def confirm_sign_up(user_pool: Any, client: Any, params: dict[str, Any]) -> None:
    code = params["ConfirmationCode"]
    user = code_owner(user_pool, client, params)
    if user.status != UserStatus.UNCONFIRMED:
        raise NotAuthorizedException(f"User cannot be confirmed. Current status is {UserStatus(user.status).value}")
    codes.verify(user_pool.id, user.id, "SignUp", code)
    target = _verification_target(user_pool, user)
    if target is not None:
        claim_alias(user_pool, user, target[0], bool(params.get("ForceAliasCreation")))
    codes.spend(user_pool.id, user.id, "SignUp")
    if target is not None:
        users.set_attributes(user, {f"{target[0]}_verified": "true"})
    user.status = UserStatus.CONFIRMED
    trigger_points.post_confirmation(user_pool, user, "PostConfirmation_ConfirmSignUp", client.id, params.get("ClientMetadata"))


def admin_confirm_sign_up(user_pool: Any, user: CognitoIdpUser, metadata: dict[str, str] | None = None) -> None:
    """An administrator confirms without a code; the address stays unverified."""
    if user.status != UserStatus.UNCONFIRMED:
        raise NotAuthorizedException(f"User cannot be confirmed. Current status is {UserStatus(user.status).value}")
    user.status = UserStatus.CONFIRMED
    trigger_points.post_confirmation(user_pool, user, "PostConfirmation_ConfirmSignUp", None, metadata)


def resend_confirmation_code(user_pool: Any, client: Any, params: dict[str, Any]) -> dict[str, Any]:
    username = params["Username"]
    schema.check_username(username)
    user = users.find(user_pool, username)
    clients.require_secret_hash(client, users.names(user) if user else [username], params.get("SecretHash"))
    if user is None:
        if clients.hides_users(client):
            return {"CodeDeliveryDetails": outbox.simulated_delivery(username)}
        raise UserNotFoundException()
    if user.status == UserStatus.CONFIRMED:
        raise InvalidParameterException("User is already confirmed.")
    details = send_confirmation(user_pool, user, "ResendCode", client.id, params.get("ClientMetadata"))
    if details is None:
        raise InvalidParameterException("Auto verification not turned on.")
    return {"CodeDeliveryDetails": details}


def admin_create_user(user_pool: Any, params: dict[str, Any]) -> CognitoIdpUser:
    username = params["Username"]
    action = params.get("MessageAction")
    schema.check_username(username)
    if action == "RESEND":
        user = users.get(user_pool, username)
        if user.status != UserStatus.FORCE_CHANGE_PASSWORD:
            raise UnsupportedUserStateException("Resend not possible. The user's status is not FORCE_CHANGE_PASSWORD.")
        password = params.get("TemporaryPassword") or passwords.temporary(user_pool.extended_config)
        user.password = password
    else:
        password = params.get("TemporaryPassword")
        if password is not None:
            passwords.check(user_pool.extended_config, password)
        else:
            password = passwords.temporary(user_pool.extended_config)
        user = _build_user(user_pool, username, password, UserStatus.FORCE_CHANGE_PASSWORD, list(params.get("UserAttributes") or []))
        trigger_points.pre_sign_up(user_pool, user, "PreSignUp_AdminCreateUser", None, params)  # answer ignored
        _store(user_pool, user)
    mark_temporary(user_pool, user)
    if action != "SUPPRESS":
        _invite(user_pool, user, username, password, params.get("DesiredDeliveryMediums") or ["SMS"], params.get("ClientMetadata"))
    return user


def _invite(
    user_pool: Any, user: CognitoIdpUser, username: str, password: str, mediums: list[str], metadata: dict[str, str] | None
) -> None:
    """Send the invitation (worded by the custom message trigger, if any) by each desired medium the user
    has an address for."""
    addresses = {m: users.attribute(user, "email" if m == "EMAIL" else "phone_number") for m in mediums}
    if not any(addresses.values()):
        return
    custom = trigger_points.custom_message(user_pool, user, "CustomMessage_AdminCreateUser", None, metadata)
    for medium, address in addresses.items():
        if address:
            outbox.send_invitation(
                user_pool.extended_config, pool_id=user_pool.id, user=username, destination=address, medium=medium,
                password=password, custom=custom,
            )


def create_migrated(user_pool: Any, username: str, password: str | None, migrated: Any) -> CognitoIdpUser:
    """The user a migrate user function described, created with its attributes and final status.

    Its verified email/phone become aliases (`forceAliasCreation` moves them from another user);
    `enableSMSMFA` turns SMS MFA on for a user with a phone number. Not faithful: Cognito's welcome message
    (`messageAction`, `desiredDeliveryMediums`) is not sent."""
    attributes = [{"Name": k, "Value": v} for k, v in migrated.attributes.items() if k not in ("sub", "username")]
    user = _build_user(user_pool, username, password, migrated.final_status, attributes)
    for name in ("email", "phone_number"):
        if users.attribute(user, name) and users.is_verified(user, name):
            claim_alias(user_pool, user, name, migrated.force_alias_creation)
    if migrated.enable_sms_mfa and users.attribute(user, "phone_number"):
        user.sms_mfa_enabled = True
    return _store(user_pool, user)


def mark_temporary(user_pool: Any, user: CognitoIdpUser) -> None:
    """Start the temporary password's validity period."""
    _temporary_issued[(user_pool.id, user.id)] = clock.now()


def temporary_password_expired(user_pool: Any, user: CognitoIdpUser) -> bool:
    """A FORCE_CHANGE_PASSWORD user's temporary password lapses after TemporaryPasswordValidityDays."""
    issued = _temporary_issued.get((user_pool.id, user.id))
    return issued is not None and clock.now() - issued > passwords.temporary_validity_seconds(user_pool.extended_config)
