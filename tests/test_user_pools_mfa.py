"""MFA as AWS runs it: TOTP per user (answered with pyotp), SMS codes in the outbox, MFA_SETUP when required."""

from __future__ import annotations

import pyotp
from pool_kit import aws_error, client, idp, pool, sign_in, signed_up

TOTP_ON = {"SoftwareTokenMfaConfiguration": {"Enabled": True}}
SMS_ON = {"SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "lab"}}}


def _totp_user(lab, p, c, name="alice"):
    signed_up(lab, c, name)
    token = sign_in(c, name)["AuthenticationResult"]["AccessToken"]
    secret = idp().associate_software_token(AccessToken=token)["SecretCode"]
    return token, secret


def test_each_user_gets_their_own_secret_and_real_codes_verify(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().set_user_pool_mfa_config(UserPoolId=p, MfaConfiguration="OPTIONAL", **TOTP_ON)
    token, secret = _totp_user(lab, p, c)
    _, other = _totp_user(lab, p, c, "bob")
    assert secret != other and len(secret) == 52
    assert aws_error(idp().verify_software_token, AccessToken=token, UserCode="000000" if pyotp.TOTP(secret).now() != "000000" else "111111") == (
        "EnableSoftwareTokenMFAException",
        "Code mismatch",
    )
    assert idp().verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).now())["Status"] == "SUCCESS"
    idp().set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    challenge = sign_in(c)
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    assert aws_error(
        idp().respond_to_auth_challenge, ClientId=c, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": wrong},
    ) == ("CodeMismatchException", "Invalid code received for user")
    done = idp().respond_to_auth_challenge(
        ClientId=c, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).now()},
    )
    assert "AccessToken" in done["AuthenticationResult"]
    assert "AccessToken" in sign_in(c, "bob")["AuthenticationResult"]  # optional MFA: bob never turned it on


def test_mfa_preference_needs_a_verified_token(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().set_user_pool_mfa_config(UserPoolId=p, MfaConfiguration="OPTIONAL", **TOTP_ON)
    token, _ = _totp_user(lab, p, c)
    assert aws_error(idp().set_user_mfa_preference, AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True})[0] == "InvalidParameterException"


def test_required_mfa_makes_users_set_it_up(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().set_user_pool_mfa_config(UserPoolId=p, MfaConfiguration="ON", **TOTP_ON)
    signed_up(lab, c)
    challenge = sign_in(c)
    assert challenge["ChallengeName"] == "MFA_SETUP"
    assert challenge["ChallengeParameters"]["MFAS_CAN_SETUP"] == '["SOFTWARE_TOKEN_MFA"]'
    associated = idp().associate_software_token(Session=challenge["Session"])
    verified = idp().verify_software_token(Session=associated["Session"], UserCode=pyotp.TOTP(associated["SecretCode"]).now())
    done = idp().respond_to_auth_challenge(
        ClientId=c, ChallengeName="MFA_SETUP", Session=verified["Session"], ChallengeResponses={"USERNAME": "alice"}
    )
    assert "AccessToken" in done["AuthenticationResult"]
    assert sign_in(c)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_sms_mfa_code_goes_to_the_outbox(lab):
    p = pool(SmsAuthenticationMessage="Sign-in code {####}")
    c = client(p)["ClientId"]
    idp().set_user_pool_mfa_config(UserPoolId=p, MfaConfiguration="OPTIONAL", **SMS_ON)
    signed_up(lab, c)
    assert aws_error(idp().admin_set_user_mfa_preference, UserPoolId=p, Username="alice", SMSMfaSettings={"Enabled": True})[1] == (
        "User does not have delivery config set to turn on SMS_MFA"
    )
    idp().admin_update_user_attributes(
        UserPoolId=p, Username="alice",
        UserAttributes=[{"Name": "phone_number", "Value": "+15555550199"}, {"Name": "phone_number_verified", "Value": "true"}],
    )
    idp().admin_set_user_mfa_preference(UserPoolId=p, Username="alice", SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    challenge = sign_in(c)
    assert challenge["ChallengeName"] == "SMS_MFA"
    assert challenge["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******0199"
    sms = lab.outbox.latest("+15555550199")
    assert sms.body == f"Sign-in code {sms.code}" and sms.purpose == "Authentication"
    wrong = "000000" if sms.code != "000000" else "111111"
    assert aws_error(
        idp().respond_to_auth_challenge, ClientId=c, ChallengeName="SMS_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "alice", "SMS_MFA_CODE": wrong},
    )[0] == "CodeMismatchException"
    done = idp().respond_to_auth_challenge(
        ClientId=c, ChallengeName="SMS_MFA", Session=challenge["Session"], ChallengeResponses={"USERNAME": "alice", "SMS_MFA_CODE": sms.code}
    )
    assert "AccessToken" in done["AuthenticationResult"]


def test_a_bad_session_is_refused(lab):
    c = client(pool())["ClientId"]
    assert aws_error(
        idp().respond_to_auth_challenge, ClientId=c, ChallengeName="SMS_MFA", Session="x" * 40, ChallengeResponses={"USERNAME": "a", "SMS_MFA_CODE": "123456"}
    ) == ("NotAuthorizedException", "Invalid session for the user.")


def test_two_methods_without_a_preference_ask_the_user_to_choose(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().set_user_pool_mfa_config(UserPoolId=p, MfaConfiguration="OPTIONAL", **TOTP_ON, **SMS_ON)
    token, secret = _totp_user(lab, p, c)
    idp().verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).now())
    idp().admin_update_user_attributes(
        UserPoolId=p, Username="alice",
        UserAttributes=[{"Name": "phone_number", "Value": "+15555550142"}, {"Name": "phone_number_verified", "Value": "true"}],
    )
    idp().set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True}, SMSMfaSettings={"Enabled": True})
    challenge = sign_in(c)
    assert challenge["ChallengeName"] == "SELECT_MFA_TYPE"
    assert challenge["ChallengeParameters"]["MFAS_CAN_CHOOSE"] == '["SOFTWARE_TOKEN_MFA", "SMS_MFA"]'
    chosen = idp().respond_to_auth_challenge(
        ClientId=c, ChallengeName="SELECT_MFA_TYPE", Session=challenge["Session"], ChallengeResponses={"USERNAME": "alice", "ANSWER": "SMS_MFA"}
    )
    assert chosen["ChallengeName"] == "SMS_MFA"
    done = idp().respond_to_auth_challenge(
        ClientId=c, ChallengeName="SMS_MFA", Session=chosen["Session"],
        ChallengeResponses={"USERNAME": "alice", "SMS_MFA_CODE": lab.outbox.latest_code("+15555550142")},
    )
    assert "AccessToken" in done["AuthenticationResult"]


def test_required_mfa_uses_a_verified_phone(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().set_user_pool_mfa_config(UserPoolId=p, MfaConfiguration="ON", **SMS_ON)
    signed_up(lab, c)
    idp().admin_update_user_attributes(
        UserPoolId=p, Username="alice",
        UserAttributes=[{"Name": "phone_number", "Value": "+15555550143"}, {"Name": "phone_number_verified", "Value": "true"}],
    )
    assert sign_in(c)["ChallengeName"] == "SMS_MFA"
