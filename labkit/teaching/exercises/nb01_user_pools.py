"""Checks for notebooks/01_user_pools.ipynb: each looks at the lab's user pool through the AWS API."""

from __future__ import annotations

import json
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.utils import base64url_encode

from labkit.teaching.checks import Context, Hint, exercise

SHOP_EMAIL = "alice@example.com"
PHONE = "+15555550100"
EDITORS_ROLE = "arn:aws:iam::123456789012:role/editors"
CHECKER, CHECKER_PASSWORD = "checker@example.com", "Check-Pass-123!"  # a throwaway user the JWT check signs in


def _pool(ctx: Context, variable: str = "pool_id") -> dict[str, Any]:
    pool_id = ctx.var(variable)
    idp = ctx.client("cognito-idp")
    known = {p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]}
    if pool_id not in known:
        raise Hint(f"`{variable}` is {pool_id!r}, but the lab has no user pool with that id. Keep the `Id` that `create_user_pool` returned.")
    return idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def _alice(ctx: Context) -> dict[str, Any]:
    pool = _pool(ctx)
    idp = ctx.client("cognito-idp")
    found = idp.list_users(UserPoolId=pool["Id"], Filter=f'email = "{SHOP_EMAIL}"')["Users"]
    if not found:
        raise Hint(f"There is no user with email {SHOP_EMAIL} in the pool; run the sign-up cells above first.")
    return idp.admin_get_user(UserPoolId=pool["Id"], Username=found[0]["Username"])


def _attributes(user: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}


@exercise("1.1", "email-sign-in-pool", points=2)
def email_sign_in_pool(ctx: Context) -> None:
    pool = _pool(ctx)
    if pool["Name"] != "shop-users":
        raise Hint(f"The pool is named {pool['Name']!r}; the exercise asks for PoolName='shop-users'.")
    if pool.get("UsernameAttributes") != ["email"]:
        raise Hint(
            f"UsernameAttributes is {pool.get('UsernameAttributes')!r}; users should sign in with their email only: "
            "UsernameAttributes=['email'] in create_user_pool."
        )
    if "email" not in (pool.get("AutoVerifiedAttributes") or []):
        raise Hint("Cognito only sends a sign-up code to addresses it auto-verifies: add AutoVerifiedAttributes=['email'].")
    policy = (pool.get("Policies") or {}).get("PasswordPolicy") or {}
    if policy.get("MinimumLength", 0) < 10:
        raise Hint(f"The password policy's MinimumLength is {policy.get('MinimumLength')!r}; the shop wants at least 10 (Policies.PasswordPolicy).")
    missing = [k for k in ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols") if not policy.get(k)]
    if missing:
        raise Hint(f"The policy does not set {', '.join(missing)}: in an explicit PasswordPolicy, what you leave out is off.")


@exercise("1.2", "app-client", points=2)
def app_client(ctx: Context) -> None:
    pool = _pool(ctx)
    client_id = ctx.var("client_id")
    idp = ctx.client("cognito-idp")
    try:
        client = idp.describe_user_pool_client(UserPoolId=pool["Id"], ClientId=client_id)["UserPoolClient"]
    except idp.exceptions.ResourceNotFoundException:
        raise Hint(f"`client_id` is {client_id!r}, but the pool has no app client with that id; keep `ClientId` from create_user_pool_client.") from None
    if client.get("ClientSecret"):
        raise Hint("This client has a secret; a browser app cannot keep one. Create it without GenerateSecret.")
    flows = set(client.get("ExplicitAuthFlows") or [])
    wanted = {"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    if flows != wanted:
        raise Hint(f"ExplicitAuthFlows is {sorted(flows)}; the exercise asks for exactly {sorted(wanted)}.")
    if client.get("PreventUserExistenceErrors") != "ENABLED":
        raise Hint("Set PreventUserExistenceErrors='ENABLED', so that sign-in does not reveal which emails have accounts.")


@exercise("1.3", "confirm-sign-up")
def confirm_sign_up(ctx: Context) -> None:
    user = _alice(ctx)
    if user["UserStatus"] != "CONFIRMED":
        raise Hint(
            f"Alice's status is {user['UserStatus']}. Call confirm_sign_up with the code from "
            f'lab.outbox.latest_code("{SHOP_EMAIL}").'
        )
    if _attributes(user).get("email_verified") != "true":
        raise Hint("Alice is confirmed but her email is not verified: confirm with the emailed code, not admin_confirm_sign_up.")


@exercise("1.4", "sign-in")
def sign_in(ctx: Context) -> None:
    tokens = ctx.var("tokens", dict)
    for key in ("AccessToken", "IdToken", "RefreshToken"):
        if key not in tokens:
            raise Hint(f"`tokens` has no {key}; keep the `AuthenticationResult` of initiate_auth, not the whole response.")
    me = ctx.client("cognito-idp").get_user(AccessToken=tokens["AccessToken"])
    if _attributes(me).get("email") != SHOP_EMAIL:
        raise Hint(f"These tokens belong to {_attributes(me).get('email')!r}, not {SHOP_EMAIL}.")


@exercise("1.5", "reset-password")
def reset_password(ctx: Context) -> None:
    pool = _pool(ctx)
    new_password = ctx.var("new_password")
    client_id = ctx.var("client_id")
    idp = ctx.client("cognito-idp")
    try:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": SHOP_EMAIL, "PASSWORD": new_password})
    except idp.exceptions.NotAuthorizedException:
        raise Hint(
            "Alice cannot sign in with `new_password`. Call forgot_password, read the code from the outbox, then "
            "confirm_forgot_password with that code and new_password."
        ) from None
    if not any(m.purpose == "ForgotPassword" and m.pool_id == pool["Id"] for m in _outbox()):
        raise Hint("No password reset code was sent; start with forgot_password.")


@exercise("1.6", "verify-phone")
def verify_phone(ctx: Context) -> None:
    attributes = _attributes(_alice(ctx))
    if attributes.get("phone_number") != PHONE:
        raise Hint(f"Alice's phone_number is {attributes.get('phone_number')!r}; set it to {PHONE} with update_user_attributes.")
    if attributes.get("phone_number_verified") != "true":
        raise Hint(
            "The phone number is not verified yet: get_user_attribute_verification_code sends an SMS to the outbox; "
            "verify_user_attribute with that code."
        )


@exercise("1.7", "totp-mfa", points=2)
def totp_mfa(ctx: Context) -> None:
    user = _alice(ctx)
    ctx.var("totp_secret")
    if "SOFTWARE_TOKEN_MFA" not in (user.get("UserMFASettingList") or []):
        raise Hint(
            "Alice has no authenticator app yet: associate_software_token, then verify_software_token with "
            "pyotp.TOTP(secret).now(), then set_user_mfa_preference."
        )
    if user.get("PreferredMfaSetting") != "SOFTWARE_TOKEN_MFA":
        raise Hint("TOTP is enabled but not preferred: SoftwareTokenMfaSettings={'Enabled': True, 'PreferredMfa': True}.")


@exercise("1.8", "groups")
def groups(ctx: Context) -> None:
    pool = _pool(ctx)
    idp = ctx.client("cognito-idp")
    try:
        group = idp.get_group(UserPoolId=pool["Id"], GroupName="editors")["Group"]
    except idp.exceptions.ResourceNotFoundException:
        raise Hint("There is no group named 'editors' in the pool; create it with create_group.") from None
    if group.get("Precedence") != 5 or group.get("RoleArn") != EDITORS_ROLE:
        raise Hint(f"'editors' has Precedence {group.get('Precedence')!r} and RoleArn {group.get('RoleArn')!r}; the exercise asks for 5 and {EDITORS_ROLE}.")
    members = {u["Username"] for u in idp.list_users_in_group(UserPoolId=pool["Id"], GroupName="editors")["Users"]}
    if _alice(ctx)["Username"] not in members:
        raise Hint("Alice is not in 'editors' yet: admin_add_user_to_group.")


@exercise("1.9", "verify-jwt", points=3)
def verify_jwt(ctx: Context) -> None:
    verify = ctx.var("verify_id_token", object)
    if not callable(verify):
        raise Hint("`verify_id_token` should be a function that takes a token and returns its claims.")
    pool = _pool(ctx)
    client_id = ctx.var("client_id")
    token = _fresh_id_token(ctx, pool["Id"], client_id)
    try:
        claims = verify(token)
    except Exception as error:
        raise Hint(f"verify_id_token rejected a genuine ID token: {type(error).__name__}: {error}") from None
    if not isinstance(claims, dict) or claims.get("token_use") != "id":
        raise Hint("verify_id_token should return the token's claims (a dict with token_use 'id').")
    forgeries = {**_forgeries(token), "the audience of another app client": _other_audience(ctx, pool["Id"])}
    for name, forged in forgeries.items():
        try:
            verify(forged)
        except Exception:
            continue
        raise Hint(f"verify_id_token accepted a token with {name}. Verify the signature with the pool's JWKS (RS256 only), and check aud and iss.")


@exercise("1.10", "compromised-credentials", points=2)
def compromised_credentials(ctx: Context) -> None:
    pool = _pool(ctx, "protected_pool_id")
    if (pool.get("UserPoolAddOns") or {}).get("AdvancedSecurityMode") != "ENFORCED":
        raise Hint("Threat protection is not on: create the pool with UserPoolAddOns={'AdvancedSecurityMode': 'ENFORCED'}.")
    risk = ctx.client("cognito-idp").describe_risk_configuration(UserPoolId=pool["Id"])["RiskConfiguration"]
    compromised = risk.get("CompromisedCredentialsRiskConfiguration")
    if not compromised:
        raise Hint("There is no CompromisedCredentialsRiskConfiguration on the pool: set_risk_configuration.")
    if set(compromised.get("EventFilter") or []) != {"SIGN_IN", "SIGN_UP", "PASSWORD_CHANGE"}:
        raise Hint(f"EventFilter is {compromised.get('EventFilter')!r}; block on SIGN_IN, SIGN_UP and PASSWORD_CHANGE.")
    if (compromised.get("Actions") or {}).get("EventAction") != "BLOCK":
        raise Hint("The action for compromised credentials should be BLOCK.")


def _outbox() -> Any:
    from labkit.aws.cognito_idp.outbox import OUTBOX

    return OUTBOX


def _fresh_id_token(ctx: Context, pool_id: str, client_id: str) -> str:
    """A genuine ID token from the learner's client, for a throwaway user the check removes afterwards."""
    idp = ctx.client("cognito-idp")
    idp.admin_create_user(UserPoolId=pool_id, Username=CHECKER, TemporaryPassword=CHECKER_PASSWORD, MessageAction="SUPPRESS")
    try:
        idp.admin_set_user_password(UserPoolId=pool_id, Username=CHECKER, Password=CHECKER_PASSWORD, Permanent=True)
        result = idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": CHECKER, "PASSWORD": CHECKER_PASSWORD},
        )
        return result["AuthenticationResult"]["IdToken"]
    finally:
        idp.admin_delete_user(UserPoolId=pool_id, Username=CHECKER)


def _other_audience(ctx: Context, pool_id: str) -> str:
    """A genuine ID token of the same pool, issued to another app client (a verifier must check `aud`)."""
    idp = ctx.client("cognito-idp")
    other = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="another-app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])
    other_id = other["UserPoolClient"]["ClientId"]
    try:
        return _fresh_id_token(ctx, pool_id, other_id)
    finally:
        idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=other_id)


def _forgeries(token: str) -> dict[str, str]:
    """Tokens a careless verifier would accept: signed by another key, unsigned, or with an altered payload."""
    claims = jwt.decode(token, options={"verify_signature": False})
    header = jwt.get_unverified_header(token)
    own_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    head, _, signature = token.split(".")
    altered = json.dumps({**claims, "email": "mallory@example.com"}, separators=(",", ":")).encode()
    return {
        "a signature by another key": jwt.encode({**claims, "cognito:groups": ["admins"]}, own_key, algorithm="RS256", headers={"kid": header["kid"]}),
        "no signature at all (alg none)": jwt.encode(claims, "", algorithm="none"),
        "an altered payload": f"{head}.{base64url_encode(altered).decode()}.{signature}",
    }
