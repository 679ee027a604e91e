"""Sign-in as AWS runs it: real SRP, auth flows per client, SECRET_HASH, hidden users, lockout, refresh."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pool_kit import PASSWORD, aws_error, client, idp, pool, sign_in, signed_up
from pycognito.aws_srp import AWSSRP

from labkit.aws.cognito_idp import clock
from labkit.aws.cognito_idp.clients import secret_hash


def test_srp_signs_in_with_the_right_password_only(lab):
    p = pool()
    c = client(p)["ClientId"]
    signed_up(lab, c)
    tokens = AWSSRP("alice", PASSWORD, p, c, client=idp()).authenticate_user()["AuthenticationResult"]
    assert idp().get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"
    with pytest.raises(ClientError) as raised:
        AWSSRP("alice", "Wr0ng-password!", p, c, client=idp()).authenticate_user()
    assert raised.value.response["Error"] == {"Code": "NotAuthorizedException", "Message": "Incorrect username or password."}


def test_srp_with_email_sign_in_and_a_client_secret(lab):
    p = pool(UsernameAttributes=["email"])
    app = client(p, GenerateSecret=True)
    c, secret = app["ClientId"], app["ClientSecret"]
    idp().sign_up(ClientId=c, Username="amy@example.com", Password=PASSWORD, SecretHash=secret_hash(secret, c, "amy@example.com"))
    idp().admin_confirm_sign_up(UserPoolId=p, Username="amy@example.com")
    result = AWSSRP("amy@example.com", PASSWORD, p, c, client=idp(), client_secret=secret).authenticate_user()
    assert "IdToken" in result["AuthenticationResult"]


def test_flows_follow_explicit_auth_flows(lab):
    p = pool()
    c = client(p, ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["ClientId"]
    signed_up(lab, c)
    assert aws_error(sign_in, c) == ("InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
    assert aws_error(
        idp().admin_initiate_auth, UserPoolId=p, ClientId=c, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    ) == ("InvalidParameterException", "Auth flow not enabled for this client")
    default = client(p, ExplicitAuthFlows=[])["ClientId"]
    assert aws_error(sign_in, default)[0] == "InvalidParameterException"
    assert "AuthenticationResult" in AWSSRP("alice", PASSWORD, p, default, client=idp()).authenticate_user()


def test_admin_password_flow(lab):
    p = pool()
    c = client(p)["ClientId"]
    signed_up(lab, c)
    answer = idp().admin_initiate_auth(
        UserPoolId=p, ClientId=c, AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD}
    )
    assert answer["AuthenticationResult"]["TokenType"] == "Bearer"


def test_secret_hash_is_required_and_checked(lab):
    p = pool()
    app = client(p, GenerateSecret=True)
    c, secret = app["ClientId"], app["ClientSecret"]
    assert aws_error(idp().sign_up, ClientId=c, Username="bob", Password=PASSWORD) == (
        "NotAuthorizedException",
        f"Client {c} is configured with secret but SECRET_HASH was not received",
    )
    assert aws_error(idp().sign_up, ClientId=c, Username="bob", Password=PASSWORD, SecretHash="bm90IGl0") == (
        "NotAuthorizedException",
        f"Unable to verify secret hash for client {c}",
    )
    good = secret_hash(secret, c, "bob")
    signed_up(lab, c, "bob", SecretHash=good)
    assert aws_error(sign_in, c, "bob")[1] == f"Client {c} is configured with secret but SECRET_HASH was not received"
    assert "AccessToken" in sign_in(c, "bob", SECRET_HASH=good)["AuthenticationResult"]


def test_unknown_users_and_prevent_user_existence_errors(lab):
    p = pool()
    legacy = client(p)["ClientId"]
    hidden = client(p, PreventUserExistenceErrors="ENABLED")["ClientId"]
    signed_up(lab, legacy)
    assert aws_error(sign_in, legacy, "nobody") == ("UserNotFoundException", "User does not exist.")
    assert aws_error(sign_in, hidden, "nobody") == ("NotAuthorizedException", "Incorrect username or password.")
    assert aws_error(sign_in, hidden, "alice", "Wr0ng-password!") == ("NotAuthorizedException", "Incorrect username or password.")
    assert aws_error(idp().forgot_password, ClientId=legacy, Username="nobody")[0] == "UserNotFoundException"
    assert "CodeDeliveryDetails" in idp().forgot_password(ClientId=hidden, Username="nobody")
    assert aws_error(idp().confirm_sign_up, ClientId=hidden, Username="nobody", ConfirmationCode="123456")[0] == "CodeMismatchException"
    with pytest.raises(ClientError) as raised:
        AWSSRP("nobody", PASSWORD, p, hidden, client=idp()).authenticate_user()
    assert raised.value.response["Error"]["Message"] == "Incorrect username or password."


def test_repeated_wrong_passwords_lock_the_user_out(lab):
    c = client(pool())["ClientId"]
    signed_up(lab, c)
    for _ in range(5):
        assert aws_error(sign_in, c, "alice", "Wr0ng-password!")[1] == "Incorrect username or password."
    assert aws_error(sign_in, c) == ("NotAuthorizedException", "Password attempts exceeded")


def test_disabled_user(lab):
    p = pool()
    c = client(p)["ClientId"]
    signed_up(lab, c)
    idp().admin_disable_user(UserPoolId=p, Username="alice")
    assert aws_error(sign_in, c) == ("NotAuthorizedException", "User is disabled.")


def test_refresh_tokens(lab):
    c = client(pool())["ClientId"]
    signed_up(lab, c)
    first = sign_in(c)["AuthenticationResult"]
    again = idp().initiate_auth(ClientId=c, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})
    assert "RefreshToken" not in again["AuthenticationResult"] and "AccessToken" in again["AuthenticationResult"]
    assert aws_error(
        idp().initiate_auth, ClientId=c, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": "not-a-token"}
    ) == ("NotAuthorizedException", "Invalid Refresh Token")


def test_temporary_password_expires(lab, monkeypatch):
    p = pool()
    c = client(p)["ClientId"]
    idp().admin_create_user(UserPoolId=p, Username="tim", TemporaryPassword="Temp-pass-1", MessageAction="SUPPRESS")
    later = clock.now() + 8 * 86400
    monkeypatch.setattr(clock, "now", lambda: later)
    assert aws_error(sign_in, c, "tim", "Temp-pass-1") == (
        "NotAuthorizedException",
        "Temporary password has expired and must be reset by an administrator.",
    )


def test_srp_meets_the_new_password_challenge(lab):
    from pycognito.exceptions import ForceChangePasswordException

    p = pool()
    c = client(p)["ClientId"]
    idp().admin_create_user(UserPoolId=p, Username="nina", TemporaryPassword="Temp-pass-1", MessageAction="SUPPRESS")
    with pytest.raises(ForceChangePasswordException):
        AWSSRP("nina", "Temp-pass-1", p, c, client=idp()).authenticate_user()


def test_srp_sign_ins_are_not_checked_for_breached_passwords(lab):
    p = pool(UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})
    c = client(p)["ClientId"]
    idp().set_risk_configuration(
        UserPoolId=p, CompromisedCredentialsRiskConfiguration={"EventFilter": ["SIGN_IN"], "Actions": {"EventAction": "BLOCK"}}
    )
    signed_up(lab, c, "olga", password="P@ssw0rd1")
    assert aws_error(sign_in, c, "olga", "P@ssw0rd1")[1] == "Unable to login because of security reasons."
    assert "AccessToken" in AWSSRP("olga", "P@ssw0rd1", p, c, client=idp()).authenticate_user()["AuthenticationResult"]


def test_admin_confirm_and_disable(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().sign_up(ClientId=c, Username="pam", Password=PASSWORD)
    idp().admin_confirm_sign_up(UserPoolId=p, Username="pam")
    assert aws_error(idp().admin_confirm_sign_up, UserPoolId=p, Username="pam") == (
        "NotAuthorizedException",
        "User cannot be confirmed. Current status is CONFIRMED",
    )
    token = sign_in(c, "pam")["AuthenticationResult"]["AccessToken"]
    assert "PreferredMfaSetting" not in idp().get_user(AccessToken=token)
    idp().admin_disable_user(UserPoolId=p, Username="pam")
    assert aws_error(idp().get_user, AccessToken=token) == ("NotAuthorizedException", "Access Token has been revoked")


def test_an_unconfirmed_user_is_told_so_whatever_the_password(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().sign_up(ClientId=c, Username="uma", Password=PASSWORD)
    assert aws_error(sign_in, c, "uma", "Wr0ng-password!") == ("UserNotConfirmedException", "User is not confirmed.")
    with pytest.raises(ClientError) as raised:
        AWSSRP("uma", "Wr0ng-password!", p, c, client=idp()).authenticate_user()
    assert raised.value.response["Error"]["Code"] == "UserNotConfirmedException"
