"""The checks of notebook 01: they pass on a right answer and give a hint naming the AWS call on a wrong one."""

from __future__ import annotations

import jwt
import pyotp
from pool_kit import client, idp

from labkit.teaching.checks import run

POLICY = {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True, "RequireSymbols": True}
FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def _shop(**overrides):
    config = {"UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"], "Policies": {"PasswordPolicy": POLICY}, **overrides}
    return idp().create_user_pool(PoolName=config.pop("PoolName", "shop-users"), **config)["UserPool"]["Id"]


def _alice(lab, pool_id, client_id, confirm=True):
    idp().sign_up(ClientId=client_id, Username="alice@example.com", Password="Shop-Pass-2024!")
    if confirm:
        idp().confirm_sign_up(ClientId=client_id, Username="alice@example.com", ConfirmationCode=lab.outbox.latest_code("alice@example.com"))


def test_pool_check(lab):
    assert run("1.1", {"pool_id": _shop()}).passed
    hint = run("1.1", {"pool_id": _shop(PoolName="shop-users", Policies={"PasswordPolicy": {"MinimumLength": 10}})})
    assert not hint.passed and "RequireUppercase" in hint.message
    assert "UsernameAttributes" in run("1.1", {"pool_id": _shop(UsernameAttributes=[])}).message
    assert "no user pool" in run("1.1", {"pool_id": "us-east-1_nothere"}).message
    assert "variable named `pool_id`" in run("1.1", {}).message


def test_client_check(lab):
    p = _shop()
    good = client(p, ExplicitAuthFlows=FLOWS, PreventUserExistenceErrors="ENABLED")["ClientId"]
    assert run("1.2", {"pool_id": p, "client_id": good}).passed
    legacy = client(p, ExplicitAuthFlows=FLOWS)["ClientId"]
    assert "PreventUserExistenceErrors" in run("1.2", {"pool_id": p, "client_id": legacy}).message
    secret = client(p, ExplicitAuthFlows=FLOWS, PreventUserExistenceErrors="ENABLED", GenerateSecret=True)["ClientId"]
    assert "secret" in run("1.2", {"pool_id": p, "client_id": secret}).message


def test_confirm_and_sign_in_checks(lab):
    p = _shop()
    c = client(p, ExplicitAuthFlows=FLOWS, PreventUserExistenceErrors="ENABLED")["ClientId"]
    assert "no user with email" in run("1.3", {"pool_id": p}).message
    _alice(lab, p, c, confirm=False)
    assert "lab.outbox.latest_code" in run("1.3", {"pool_id": p}).message
    idp().admin_confirm_sign_up(UserPoolId=p, Username="alice@example.com")
    assert "not verified" in run("1.3", {"pool_id": p}).message
    tokens = idp().initiate_auth(
        ClientId=c, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice@example.com", "PASSWORD": "Shop-Pass-2024!"}
    )
    assert "AuthenticationResult" in run("1.4", {"tokens": tokens}).message
    assert run("1.4", {"tokens": tokens["AuthenticationResult"]}).passed


def test_reset_phone_and_totp_checks(lab):
    p = _shop()
    c = client(p, ExplicitAuthFlows=FLOWS)["ClientId"]
    _alice(lab, p, c)
    names = {"pool_id": p, "client_id": c, "new_password": "Shop-Pass-2025?"}
    assert "forgot_password" in run("1.5", names).message
    idp().forgot_password(ClientId=c, Username="alice@example.com")
    idp().confirm_forgot_password(
        ClientId=c, Username="alice@example.com", ConfirmationCode=lab.outbox.latest_code("alice@example.com"), Password="Shop-Pass-2025?"
    )
    assert run("1.5", names).passed
    token = idp().initiate_auth(
        ClientId=c, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice@example.com", "PASSWORD": "Shop-Pass-2025?"}
    )["AuthenticationResult"]["AccessToken"]
    idp().update_user_attributes(AccessToken=token, UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}])
    assert "not verified yet" in run("1.6", {"pool_id": p}).message
    idp().set_user_pool_mfa_config(UserPoolId=p, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL")
    secret = idp().associate_software_token(AccessToken=token)["SecretCode"]
    assert "associate_software_token" in run("1.7", {"pool_id": p, "totp_secret": secret}).message
    idp().verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).now())
    idp().set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True})
    assert "PreferredMfa" in run("1.7", {"pool_id": p, "totp_secret": secret}).message


def test_jwt_check_catches_careless_verifiers(lab):
    p = _shop()
    c = client(p, ExplicitAuthFlows=FLOWS)["ClientId"]
    keys = jwt.PyJWKClient(f"{lab.endpoint_url}/{p}/.well-known/jwks.json")
    issuer = f"https://cognito-idp.{lab.region}.amazonaws.com/{p}"

    def careful(token):
        return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], audience=c, issuer=issuer)

    def decode_only(token):
        return jwt.decode(token, options={"verify_signature": False})

    def no_audience(token):
        return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], options={"verify_aud": False})

    assert run("1.9", {"pool_id": p, "client_id": c, "verify_id_token": careful}).passed
    assert "another key" in run("1.9", {"pool_id": p, "client_id": c, "verify_id_token": decode_only}).message
    assert "another app client" in run("1.9", {"pool_id": p, "client_id": c, "verify_id_token": no_audience}).message
    assert idp().list_users(UserPoolId=p)["Users"] == []  # the check's throwaway user is gone
    assert [x["ClientId"] for x in idp().list_user_pool_clients(UserPoolId=p)["UserPoolClients"]] == [c]


def test_threat_protection_check(lab):
    plain = _shop(PoolName="shop-protected")
    assert "ENFORCED" in run("1.10", {"protected_pool_id": plain}).message
    guarded = _shop(PoolName="shop-protected", UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})
    assert "set_risk_configuration" in run("1.10", {"protected_pool_id": guarded}).message
    idp().set_risk_configuration(
        UserPoolId=guarded,
        CompromisedCredentialsRiskConfiguration={"EventFilter": ["SIGN_IN", "SIGN_UP", "PASSWORD_CHANGE"], "Actions": {"EventAction": "BLOCK"}},
    )
    assert run("1.10", {"protected_pool_id": guarded}).passed
