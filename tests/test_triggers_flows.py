"""Lambda triggers fired by real user-pool API calls (plain boto3), in AWS's order, with AWS's event fields,
their answers applied and their failures mapped. Functions are deployed with labkit.deploy."""

from __future__ import annotations

import json
from typing import Any

import boto3
import jwt
import pyotp

import labkit
from pool_kit import PASSWORD, aws_error, client, idp, pool, sign_in, signed_up


def recorder(event, context):  # type: ignore[no-untyped-def]
    """Logs the event it received and answers with it unchanged."""
    print(json.dumps(event))
    return event


def events(function_name: str = "recorder") -> list[dict[str, Any]]:
    """Every event the function logged, oldest first."""
    return [json.loads(line) for line in labkit.logs(function_name) if line.startswith("{")]


def sources(function_name: str = "recorder") -> list[str]:
    return [event["triggerSource"] for event in events(function_name)]


def wired(*trigger_names: str, function: Any = recorder, **config: Any) -> tuple[str, str]:
    """(pool id, client id) of a pool whose `trigger_names` all call `function`."""
    arn = labkit.deploy(function)
    pool_id = pool(LambdaConfig={name: arn for name in trigger_names}, **config)
    return pool_id, client(pool_id)["ClientId"]


def verified_claims(token: str, pool_id: str, **options: Any) -> dict[str, Any]:
    """A token's claims, verified against the pool's JWKS as an app would."""
    key = jwt.PyJWK(labkit.jwks(pool_id)["keys"][0]).key
    return jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False, **options})


# --- sign-up and confirmation -----------------------------------------------------------------------------


def test_sign_up_fires_pre_sign_up_custom_message_then_post_confirmation(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("PreSignUp", "CustomMessage", "PostConfirmation")
    idp().sign_up(
        ClientId=client_id, Username="ana", Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "ana@example.com"}],
        ValidationData=[{"Name": "invite", "Value": "X1"}], ClientMetadata={"lang": "fr"},
    )
    assert sources() == ["PreSignUp_SignUp", "CustomMessage_SignUp"]
    idp().confirm_sign_up(ClientId=client_id, Username="ana", ConfirmationCode=lab.outbox.latest_code("ana@example.com"), ClientMetadata={"step": "2"})
    assert sources() == ["PreSignUp_SignUp", "CustomMessage_SignUp", "PostConfirmation_ConfirmSignUp"]
    pre, message, post = events()
    assert pre["userName"] == "ana" and pre["userPoolId"] == pool_id and pre["region"] == lab.region
    assert pre["callerContext"]["clientId"] == client_id
    assert pre["request"] == {
        "userAttributes": {"email": "ana@example.com"},
        "validationData": {"invite": "X1"},
        "clientMetadata": {"lang": "fr"},
    }
    assert message["request"]["codeParameter"] == "{####}" and message["request"]["usernameParameter"] is None
    assert message["request"]["userAttributes"]["cognito:user_status"] == "UNCONFIRMED"
    assert message["request"]["clientMetadata"] == {"lang": "fr"}
    assert post["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert post["request"]["userAttributes"]["email_verified"] == "true"
    stored = {a["Name"]: a["Value"] for a in idp().admin_get_user(UserPoolId=pool_id, Username="ana")["UserAttributes"]}
    assert post["request"]["userAttributes"]["sub"] == stored["sub"] and post["userName"] == "ana"
    assert post["request"]["clientMetadata"] == {"step": "2"}


def test_pre_sign_up_can_auto_confirm_and_verify(lab: labkit.Lab) -> None:
    def partners(event, context):  # type: ignore[no-untyped-def]
        print(json.dumps(event))
        if event["request"]["userAttributes"]["email"].endswith("@partner.example"):
            event["response"]["autoConfirmUser"] = True
            event["response"]["autoVerifyEmail"] = True
        return event

    pool_id, client_id = wired("PreSignUp", "CustomMessage", "PostConfirmation", function=partners)
    answer = idp().sign_up(
        ClientId=client_id, Username="bo", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "bo@partner.example"}]
    )
    assert answer["UserConfirmed"] is True and "CodeDeliveryDetails" not in answer
    assert len(lab.outbox) == 0
    user = idp().admin_get_user(UserPoolId=pool_id, Username="bo")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert sources("partners") == ["PreSignUp_SignUp", "PostConfirmation_ConfirmSignUp"]
    assert sign_in(client_id, "bo")["AuthenticationResult"]["AccessToken"]
    other = idp().sign_up(ClientId=client_id, Username="cy", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "cy@else.example"}])
    assert other["UserConfirmed"] is False and lab.outbox.latest_code("cy@else.example")


def test_pre_sign_up_rejection_is_user_lambda_validation_and_no_user(lab: labkit.Lab) -> None:
    def blocked(event, context):  # type: ignore[no-untyped-def]
        if event["request"]["userAttributes"].get("email", "").endswith("@spam.example"):
            raise Exception("Registration from this domain is not allowed.")
        return event

    pool_id, client_id = wired("PreSignUp", function=blocked)
    code, message = aws_error(
        idp().sign_up, ClientId=client_id, Username="sp", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "x@spam.example"}]
    )
    assert (code, message) == ("UserLambdaValidationException", "PreSignUp failed with error Registration from this domain is not allowed..")
    assert aws_error(idp().admin_get_user, UserPoolId=pool_id, Username="sp")[0] == "UserNotFoundException"
    assert any("Registration from this domain is not allowed." in line for line in labkit.logs("blocked"))


def test_admin_create_user_fires_pre_sign_up_with_its_answer_ignored_and_words_the_invitation(lab: labkit.Lab) -> None:
    def invite(event, context):  # type: ignore[no-untyped-def]
        print(json.dumps(event))
        if event["triggerSource"] == "PreSignUp_AdminCreateUser":
            event["response"]["autoConfirmUser"] = True
        if event["triggerSource"] == "CustomMessage_AdminCreateUser":
            event["response"]["emailSubject"] = "Bienvenue"
            event["response"]["emailMessage"] = "Bonjour {username}, mot de passe : {####}"
        return event

    pool_id, _ = wired("PreSignUp", "CustomMessage", function=invite)
    idp().admin_create_user(
        UserPoolId=pool_id, Username="dee", TemporaryPassword="Temp-pass-123!", DesiredDeliveryMediums=["EMAIL"],
        UserAttributes=[{"Name": "email", "Value": "dee@example.com"}], ValidationData=[{"Name": "src", "Value": "hr"}],
    )
    assert sources("invite") == ["PreSignUp_AdminCreateUser", "CustomMessage_AdminCreateUser"]
    pre, message = events("invite")
    assert pre["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    assert pre["request"]["validationData"] == {"src": "hr"}
    assert message["request"]["usernameParameter"] == "{username}"
    assert idp().admin_get_user(UserPoolId=pool_id, Username="dee")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    sent = lab.outbox.latest("dee@example.com")
    assert (sent.subject, sent.body) == ("Bienvenue", "Bonjour dee, mot de passe : Temp-pass-123!")


def test_admin_confirm_sign_up_fires_post_confirmation_without_a_client(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("PostConfirmation")
    idp().sign_up(ClientId=client_id, Username="ed", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "ed@example.com"}])
    idp().admin_confirm_sign_up(UserPoolId=pool_id, Username="ed", ClientMetadata={"by": "admin"})
    (post,) = events()
    assert post["triggerSource"] == "PostConfirmation_ConfirmSignUp"
    assert post["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    assert post["request"]["clientMetadata"] == {"by": "admin"}


def test_a_failing_post_confirmation_fails_the_call_but_the_user_stays_confirmed(lab: labkit.Lab) -> None:
    def broken(event, context):  # type: ignore[no-untyped-def]
        raise ValueError("welcome service down")

    pool_id, client_id = wired("PostConfirmation", function=broken)
    idp().sign_up(ClientId=client_id, Username="fi", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "fi@example.com"}])
    code, message = aws_error(idp().confirm_sign_up, ClientId=client_id, Username="fi", ConfirmationCode=lab.outbox.latest_code("fi@example.com"))
    assert (code, message) == ("UserLambdaValidationException", "PostConfirmation failed with error welcome service down.")
    assert idp().admin_get_user(UserPoolId=pool_id, Username="fi")["UserStatus"] == "CONFIRMED"


# --- custom message ---------------------------------------------------------------------------------------


def localised(event, context):  # type: ignore[no-untyped-def]
    """French messages for every custom message source; the resend one forgets the code placeholder."""
    print(json.dumps(event))
    if event["triggerSource"] == "CustomMessage_ResendCode":
        event["response"]["emailMessage"] = "Voici votre code."
    else:
        event["response"]["smsMessage"] = "Code : {####}"
        event["response"]["emailSubject"] = "Votre code"
        event["response"]["emailMessage"] = "Bonjour, votre code est {####}."
    return event


def test_every_message_the_outbox_sends_goes_through_custom_message(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("CustomMessage", function=localised, SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"})
    idp().sign_up(ClientId=client_id, Username="gu", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "gu@example.com"}])
    first = lab.outbox.latest("gu@example.com")
    assert (first.subject, first.body) == ("Votre code", f"Bonjour, votre code est {first.code}.")
    idp().resend_confirmation_code(ClientId=client_id, Username="gu")
    resent = lab.outbox.latest("gu@example.com")
    assert resent.body == f"Your verification code is {resent.code}. "  # no {####}: Cognito's own message
    idp().confirm_sign_up(ClientId=client_id, Username="gu", ConfirmationCode=resent.code)
    idp().forgot_password(ClientId=client_id, Username="gu")
    assert lab.outbox.latest("gu@example.com").body.startswith("Bonjour")
    access = sign_in(client_id, "gu")["AuthenticationResult"]["AccessToken"]
    idp().update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "email", "Value": "gu2@example.com"}])
    idp().get_user_attribute_verification_code(AccessToken=access, AttributeName="email", ClientMetadata={"k": "v"})
    idp().admin_update_user_attributes(UserPoolId=pool_id, Username="gu", UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}, {"Name": "phone_number_verified", "Value": "true"}])
    idp().admin_set_user_mfa_preference(UserPoolId=pool_id, Username="gu", SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    idp().set_user_pool_mfa_config(UserPoolId=pool_id, SmsMfaConfiguration={"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}}, MfaConfiguration="OPTIONAL")
    challenge = sign_in(client_id, "gu")
    assert challenge["ChallengeName"] == "SMS_MFA"
    assert lab.outbox.latest("+15555550100").body == f"Code : {lab.outbox.latest_code('+15555550100')}"
    assert sources("localised") == [
        "CustomMessage_SignUp",
        "CustomMessage_ResendCode",
        "CustomMessage_ForgotPassword",
        "CustomMessage_UpdateUserAttribute",
        "CustomMessage_VerifyUserAttribute",
        "CustomMessage_Authentication",
    ]
    seen = events("localised")
    assert seen[4]["request"]["clientMetadata"] == {"k": "v"}
    assert {e["callerContext"]["clientId"] for e in seen} == {client_id}


def test_admin_reset_password_words_the_reset_code(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("CustomMessage", function=localised)
    idp().admin_create_user(
        UserPoolId=pool_id, Username="ha", MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "ha@example.com"}, {"Name": "email_verified", "Value": "true"}],
    )
    idp().admin_reset_user_password(UserPoolId=pool_id, Username="ha")
    assert sources("localised") == ["CustomMessage_ForgotPassword"]
    assert lab.outbox.latest("ha@example.com").body.startswith("Bonjour")


def test_forgot_password_confirmation_fires_post_confirmation(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("PostConfirmation")
    signed_up(lab, client_id, "ivy")
    idp().forgot_password(ClientId=client_id, Username="ivy")
    idp().confirm_forgot_password(
        ClientId=client_id, Username="ivy", ConfirmationCode=lab.outbox.latest_code("ivy@example.com"), Password="N3w-password!!"
    )
    assert sources() == ["PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword"]


# --- sign-in and tokens -------------------------------------------------------------------------------------


def test_sign_in_fires_pre_authentication_post_authentication_then_token_generation(lab: labkit.Lab) -> None:
    _, client_id = wired("PreAuthentication", "PostAuthentication", "PreTokenGeneration")
    signed_up(lab, client_id, "jo")
    tokens = idp().initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "jo", "PASSWORD": PASSWORD},
        ClientMetadata={"device": "kiosk"},
    )["AuthenticationResult"]
    assert sources() == ["PreAuthentication_Authentication", "PostAuthentication_Authentication", "TokenGeneration_Authentication"]
    pre, post, token = events()
    assert pre["request"]["validationData"] == {"device": "kiosk"}  # InitiateAuth's ClientMetadata
    assert pre["request"]["userAttributes"]["email"] == "jo@example.com"
    assert post["request"]["newDeviceUsed"] is False and "clientMetadata" not in post["request"]
    assert token["request"]["groupConfiguration"] == {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": None}
    idp().initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert sources()[3:] == ["TokenGeneration_RefreshTokens"]


def test_pre_authentication_can_deny_and_a_wrong_password_never_reaches_post_authentication(lab: labkit.Lab) -> None:
    def gate(event, context):  # type: ignore[no-untyped-def]
        print(json.dumps(event))
        if event["triggerSource"] == "PreAuthentication_Authentication" and event["userName"] == "blocked":
            raise Exception("This account is suspended")
        return event

    pool_id, client_id = wired("PreAuthentication", "PostAuthentication", function=gate)
    signed_up(lab, client_id, "blocked")
    signed_up(lab, client_id, "kim")
    assert aws_error(sign_in, client_id, "blocked") == ("UserLambdaValidationException", "PreAuthentication failed with error This account is suspended.")
    assert aws_error(sign_in, client_id, "kim", "Wrong-password-1!")[0] == "NotAuthorizedException"
    assert sources("gate") == ["PreAuthentication_Authentication", "PreAuthentication_Authentication"]


def test_hidden_unknown_users_reach_pre_authentication_as_user_not_found(lab: labkit.Lab) -> None:
    arn = labkit.deploy(recorder)
    pool_id = pool(LambdaConfig={"PreAuthentication": arn})
    client_id = client(pool_id, PreventUserExistenceErrors="ENABLED")["ClientId"]
    assert aws_error(sign_in, client_id, "nobody") == ("NotAuthorizedException", "Incorrect username or password.")
    (event,) = events()
    assert event["request"]["userNotFound"] is True and event["userName"] == "nobody"


def token_shaper(event, context):  # type: ignore[no-untyped-def]
    """V1 and V2 answers in one function: add, override and suppress claims, override groups, change scopes."""
    print(json.dumps(event))
    groups = {"groupsToOverride": ["vip"], "iamRolesToOverride": ["arn:aws:iam::123456789012:role/vip"], "preferredRole": "arn:aws:iam::123456789012:role/vip"}
    if event["version"] == "1":
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"tier": "gold", "level": 3, "sub": "hijacked"},
            "claimsToSuppress": ["email"],
            "groupOverrideDetails": groups,
        }
    else:
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "idTokenGeneration": {"claimsToAddOrOverride": {"tier": "gold"}, "claimsToSuppress": ["email"]},
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"tenant": {"id": 7, "plan": "pro"}},
                "scopesToAdd": ["shop/orders.read"],
                "scopesToSuppress": [],
            },
            "groupOverrideDetails": groups,
        }
    return event


def test_pre_token_generation_v1_changes_the_id_token_which_still_verifies(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("PreTokenGeneration", function=token_shaper)
    signed_up(lab, client_id, "lu")
    idp().create_group(UserPoolId=pool_id, GroupName="staff")
    idp().admin_add_user_to_group(UserPoolId=pool_id, Username="lu", GroupName="staff")
    result = sign_in(client_id, "lu")["AuthenticationResult"]
    (event,) = events("token_shaper")
    assert event["request"]["groupConfiguration"]["groupsToOverride"] == ["staff"]
    id_claims = verified_claims(result["IdToken"], pool_id)
    assert id_claims["tier"] == "gold" and id_claims["level"] == "3" and "email" not in id_claims
    assert id_claims["sub"] != "hijacked" and id_claims["cognito:groups"] == ["vip"]
    assert id_claims["cognito:preferred_role"] == "arn:aws:iam::123456789012:role/vip"
    access = verified_claims(result["AccessToken"], pool_id)
    assert "tier" not in access and access["cognito:groups"] == ["vip"]
    assert access["scope"] == "aws.cognito.signin.user.admin"


def test_pre_token_generation_v2_changes_both_tokens_and_scopes(lab: labkit.Lab) -> None:
    arn = labkit.deploy(token_shaper)
    pool_id = pool(LambdaConfig={"PreTokenGenerationConfig": {"LambdaArn": arn, "LambdaVersion": "V2_0"}})
    client_id = client(pool_id)["ClientId"]
    signed_up(lab, client_id, "mo")
    result = sign_in(client_id, "mo")["AuthenticationResult"]
    (event,) = events("token_shaper")
    assert event["version"] == "2" and event["request"]["scopes"] == ["aws.cognito.signin.user.admin"]
    id_claims = verified_claims(result["IdToken"], pool_id)
    assert id_claims["tier"] == "gold" and "email" not in id_claims
    access = verified_claims(result["AccessToken"], pool_id)
    assert access["tenant"] == {"id": 7, "plan": "pro"}
    assert access["scope"] == "aws.cognito.signin.user.admin shop/orders.read"
    assert idp().get_user(AccessToken=result["AccessToken"])["Username"] == "mo"


def test_suppressing_the_user_admin_scope_keeps_the_token_off_the_user_api(lab: labkit.Lab) -> None:
    def no_admin(event, context):  # type: ignore[no-untyped-def]
        event["response"]["claimsAndScopeOverrideDetails"] = {"accessTokenGeneration": {"scopesToSuppress": ["aws.cognito.signin.user.admin"]}}
        return event

    arn = labkit.deploy(no_admin)
    pool_id = pool(LambdaConfig={"PreTokenGenerationConfig": {"LambdaArn": arn, "LambdaVersion": "V2_0"}})
    client_id = client(pool_id)["ClientId"]
    signed_up(lab, client_id, "ned")
    access = sign_in(client_id, "ned")["AuthenticationResult"]["AccessToken"]
    assert aws_error(idp().get_user, AccessToken=access) == ("NotAuthorizedException", "Access Token does not have required scopes")


def test_new_password_challenge_and_mfa_end_with_their_token_sources(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("PostAuthentication", "PreTokenGeneration")
    idp().admin_create_user(UserPoolId=pool_id, Username="oz", TemporaryPassword="Temp-pass-123!", MessageAction="SUPPRESS")
    challenge = sign_in(client_id, "oz", "Temp-pass-123!")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED" and events() == []
    idp().respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "oz", "NEW_PASSWORD": PASSWORD}, ClientMetadata={"app": "web"},
    )
    assert sources() == ["PostAuthentication_Authentication", "TokenGeneration_NewPasswordChallenge"]
    assert all(e["request"]["clientMetadata"] == {"app": "web"} for e in events())
    access = sign_in(client_id, "oz")["AuthenticationResult"]["AccessToken"]
    secret = idp().associate_software_token(AccessToken=access)["SecretCode"]
    idp().verify_software_token(AccessToken=access, UserCode=pyotp.TOTP(secret).now())
    idp().set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    idp().set_user_pool_mfa_config(UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL")
    before = len(events())
    mfa = sign_in(client_id, "oz")
    assert mfa["ChallengeName"] == "SOFTWARE_TOKEN_MFA" and len(events()) == before
    idp().respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=mfa["Session"],
        ChallengeResponses={"USERNAME": "oz", "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).now()},
    )
    assert sources()[before:] == ["PostAuthentication_Authentication", "TokenGeneration_Authentication"]


# --- migrate user -------------------------------------------------------------------------------------------

LEGACY = {"pat": {"password": "Legacy-pass-1!", "email": "pat@legacy.example"}}


def legacy_directory(event, context):  # type: ignore[no-untyped-def]
    print(json.dumps(event))
    found = LEGACY.get(event["userName"])
    if found is None:
        raise Exception("User not found")
    if event["triggerSource"] == "UserMigration_Authentication" and event["request"]["password"] != found["password"]:
        raise Exception("Bad password")
    event["response"]["userAttributes"] = {"email": found["email"], "email_verified": "true"}
    if event["triggerSource"] == "UserMigration_Authentication":
        event["response"]["finalUserStatus"] = "CONFIRMED"
    event["response"]["messageAction"] = "SUPPRESS"
    return event


def test_sign_in_migrates_an_unknown_user_with_user_password_auth(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("UserMigration", "PreAuthentication", "PostAuthentication", function=legacy_directory)
    assert aws_error(sign_in, client_id, "pat", "wrong") == ("UserLambdaValidationException", "UserMigration failed with error Bad password.")
    result = idp().initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "pat", "PASSWORD": "Legacy-pass-1!"},
        ClientMetadata={"origin": "legacy"},
    )
    assert result["AuthenticationResult"]["IdToken"]
    migrate = events("legacy_directory")[1]
    assert migrate["triggerSource"] == "UserMigration_Authentication"
    assert migrate["request"] == {"password": "Legacy-pass-1!", "validationData": {"origin": "legacy"}}
    assert sources("legacy_directory")[1:] == [
        "UserMigration_Authentication",
        "PreAuthentication_Authentication",
        "PostAuthentication_Authentication",
    ]
    user = idp().admin_get_user(UserPoolId=pool_id, Username="pat")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email", "Value": "pat@legacy.example"} in user["UserAttributes"]
    assert sign_in(client_id, "pat", "Legacy-pass-1!")["AuthenticationResult"]  # now a pool user: no migration
    assert sources("legacy_directory").count("UserMigration_Authentication") == 2


def test_srp_sign_in_does_not_migrate(lab: labkit.Lab) -> None:
    _, client_id = wired("UserMigration", function=legacy_directory)
    code, _ = aws_error(
        idp().initiate_auth, ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters={"USERNAME": "pat", "SRP_A": "ab" * 64}
    )
    assert code == "UserNotFoundException" and labkit.logs("legacy_directory") == []


def test_forgot_password_migrates_then_sends_the_code(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("UserMigration", "CustomMessage", function=legacy_directory)
    details = idp().forgot_password(ClientId=client_id, Username="pat")["CodeDeliveryDetails"]
    assert details["DeliveryMedium"] == "EMAIL"
    assert sources("legacy_directory") == ["UserMigration_ForgotPassword", "CustomMessage_ForgotPassword"]
    assert "password" not in events("legacy_directory")[0]["request"]
    assert idp().admin_get_user(UserPoolId=pool_id, Username="pat")["UserStatus"] == "RESET_REQUIRED"
    idp().confirm_forgot_password(
        ClientId=client_id, Username="pat", ConfirmationCode=lab.outbox.latest_code("pat@legacy.example"), Password=PASSWORD
    )
    assert sign_in(client_id, "pat")["AuthenticationResult"]
    assert aws_error(idp().forgot_password, ClientId=client_id, Username="nobody") == (
        "UserLambdaValidationException",
        "UserMigration failed with error User not found.",
    )


# --- custom authentication ----------------------------------------------------------------------------------


def riddle(event, context):  # type: ignore[no-untyped-def]
    """Define, create and verify in one function: up to three tries at 6 x 7."""
    print(json.dumps(event))
    source, session = event["triggerSource"], event["request"].get("session", [])
    if source == "DefineAuthChallenge_Authentication":
        if session and session[-1]["challengeResult"]:
            event["response"]["issueTokens"] = True
        elif len(session) >= 3:
            event["response"]["failAuthentication"] = True
        else:
            event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
    elif source == "CreateAuthChallenge_Authentication":
        event["response"]["publicChallengeParameters"] = {"question": "6 x 7 ?"}
        event["response"]["privateChallengeParameters"] = {"answer": "42"}
        event["response"]["challengeMetadata"] = f"RIDDLE-{len(session) + 1}"
    elif source == "VerifyAuthChallengeResponse_Authentication":
        event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == event["request"]["privateChallengeParameters"]["answer"]
    return event


def custom_pool(lab: labkit.Lab) -> tuple[str, str]:
    arn = labkit.deploy(riddle)
    pool_id = pool(LambdaConfig={t: arn for t in ("DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse", "PostAuthentication", "PreTokenGeneration")})
    client_id = client(pool_id, ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"])["ClientId"]
    signed_up(lab, client_id, "quinn")
    return pool_id, client_id


def answer(client_id: str, session: str, text: str) -> dict[str, Any]:
    return idp().respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="CUSTOM_CHALLENGE", Session=session,
        ChallengeResponses={"USERNAME": "quinn", "ANSWER": text}, ClientMetadata={"try": text},
    )


def test_custom_auth_runs_define_create_verify_until_tokens(lab: labkit.Lab) -> None:
    pool_id, client_id = custom_pool(lab)
    first = idp().initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "quinn"})
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert first["ChallengeParameters"] == {"question": "6 x 7 ?", "USERNAME": "quinn"}
    second = answer(client_id, first["Session"], "41")
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE" and second["Session"] != first["Session"]
    done = answer(client_id, second["Session"], "42")
    assert verified_claims(done["AuthenticationResult"]["IdToken"], pool_id)["cognito:username"] == "quinn"
    assert sources("riddle") == [
        "DefineAuthChallenge_Authentication",
        "CreateAuthChallenge_Authentication",
        "VerifyAuthChallengeResponse_Authentication",
        "DefineAuthChallenge_Authentication",
        "CreateAuthChallenge_Authentication",
        "VerifyAuthChallengeResponse_Authentication",
        "DefineAuthChallenge_Authentication",
        "PostAuthentication_Authentication",
        "TokenGeneration_Authentication",
    ]
    seen = events("riddle")
    assert seen[2]["request"]["privateChallengeParameters"] == {"answer": "42"} and seen[2]["request"]["challengeAnswer"] == "41"
    assert seen[2]["request"]["clientMetadata"] == {"try": "41"}
    assert seen[6]["request"]["session"] == [
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": False, "challengeMetadata": "RIDDLE-1"},
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": True, "challengeMetadata": "RIDDLE-2"},
    ]
    assert aws_error(answer, client_id, second["Session"], "42") == ("NotAuthorizedException", "Invalid session for the user.")


def test_custom_auth_fail_authentication_is_not_authorized(lab: labkit.Lab) -> None:
    _, client_id = custom_pool(lab)
    step = idp().initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "quinn"})
    step = answer(client_id, step["Session"], "1")
    step = answer(client_id, step["Session"], "2")
    assert aws_error(answer, client_id, step["Session"], "3") == ("NotAuthorizedException", "Incorrect username or password.")


def test_custom_auth_needs_define_auth_challenge(lab: labkit.Lab) -> None:
    pool_id = pool()
    client_id = client(pool_id, ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["ClientId"]
    code, message = aws_error(idp().initiate_auth, ClientId=client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "x"})
    assert (code, message) == ("InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool.")


# --- failures through the API ---------------------------------------------------------------------------------


def test_unreadable_answers_and_missing_permissions_reach_the_caller_as_aws_errors(lab: labkit.Lab) -> None:
    def confused(event, context):  # type: ignore[no-untyped-def]
        return {"response": {"autoConfirmUser": "yes"}}

    _, client_id = wired("PreSignUp", function=confused)
    attrs = [{"Name": "email", "Value": "r@example.com"}]
    assert aws_error(idp().sign_up, ClientId=client_id, Username="r", Password=PASSWORD, UserAttributes=attrs) == (
        "InvalidLambdaResponseException",
        "Unrecognizable lambda output",
    )
    arn = labkit.deploy(recorder, name="no-grant", invoker=None)
    pool_id = pool(LambdaConfig={"PreSignUp": arn})
    other_client = client(pool_id)["ClientId"]
    code, message = aws_error(idp().sign_up, ClientId=other_client, Username="r", Password=PASSWORD, UserAttributes=attrs)
    assert (code, message) == ("UnexpectedLambdaException", "PreSignUp invocation failed due to error AccessDeniedException.")


def test_the_lab_over_http_fires_triggers_too(lab: labkit.Lab) -> None:
    _, client_id = wired("PreSignUp")
    remote = boto3.client("cognito-idp", endpoint_url=lab.endpoint_url)
    remote.sign_up(ClientId=client_id, Username="sam", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "sam@example.com"}])
    assert sources() == ["PreSignUp_SignUp"]


def test_srp_sign_in_calls_pre_authentication_at_initiate_auth(lab: labkit.Lab) -> None:
    _, client_id = wired("PreAuthentication", "PostAuthentication")
    signed_up(lab, client_id, "val")
    step = idp().initiate_auth(
        ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters={"USERNAME": "val", "SRP_A": "ab" * 64}, ClientMetadata={"v": "1"}
    )
    assert step["ChallengeName"] == "PASSWORD_VERIFIER"
    assert sources() == ["PreAuthentication_Authentication"]  # post authentication waits for the password proof
    assert events()[0]["request"]["validationData"] == {"v": "1"}


def test_admin_password_sign_in_migrates_too(lab: labkit.Lab) -> None:
    pool_id, client_id = wired("UserMigration", function=legacy_directory)
    result = idp().admin_initiate_auth(
        UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "pat", "PASSWORD": "Legacy-pass-1!"},
    )
    assert result["AuthenticationResult"]["AccessToken"]
    (event,) = events("legacy_directory")
    assert event["triggerSource"] == "UserMigration_Authentication"


def test_custom_auth_for_a_hidden_unknown_user_runs_the_challenge_but_never_succeeds(lab: labkit.Lab) -> None:
    arn = labkit.deploy(riddle)
    pool_id = pool(LambdaConfig={t: arn for t in ("DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse")})
    client_id = client(pool_id, ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], PreventUserExistenceErrors="ENABLED")["ClientId"]
    step = idp().initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "ghost"})
    assert step["ChallengeParameters"] == {"question": "6 x 7 ?", "USERNAME": "ghost"}
    code, message = aws_error(
        idp().respond_to_auth_challenge, ClientId=client_id, ChallengeName="CUSTOM_CHALLENGE", Session=step["Session"],
        ChallengeResponses={"USERNAME": "ghost", "ANSWER": "42"},
    )
    assert (code, message) == ("NotAuthorizedException", "Incorrect username or password.")
    assert all(e["request"]["userNotFound"] is True and e["request"]["userAttributes"] == {} for e in events("riddle"))
    assert sources("riddle") == [
        "DefineAuthChallenge_Authentication",
        "CreateAuthChallenge_Authentication",
        "VerifyAuthChallengeResponse_Authentication",
        "DefineAuthChallenge_Authentication",
    ]
    plain = client(pool_id, ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], PreventUserExistenceErrors="LEGACY")["ClientId"]
    assert aws_error(idp().initiate_auth, ClientId=plain, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "ghost"})[0] == "UserNotFoundException"


def test_a_migrated_user_can_come_with_sms_mfa(lab: labkit.Lab) -> None:
    def with_phone(event, context):  # type: ignore[no-untyped-def]
        event["response"]["userAttributes"] = {"phone_number": "+15555550142", "phone_number_verified": "true"}
        event["response"]["finalUserStatus"] = "CONFIRMED"
        event["response"]["enableSMSMFA"] = True
        return event

    pool_id, client_id = wired("UserMigration", function=with_phone)
    sns = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}
    idp().set_user_pool_mfa_config(UserPoolId=pool_id, SmsMfaConfiguration={"SmsConfiguration": sns}, MfaConfiguration="OPTIONAL")
    step = sign_in(client_id, "tess", "Any-pass-123!")
    assert step["ChallengeName"] == "SMS_MFA"
    assert idp().admin_get_user(UserPoolId=pool_id, Username="tess")["UserMFASettingList"] == ["SMS_MFA"]


def password_then_riddle(event, context):  # type: ignore[no-untyped-def]
    """Define for CUSTOM_AUTH with SRP: the password first, then one riddle."""
    print(json.dumps(event))
    names = [entry["challengeName"] for entry in event["request"]["session"]]
    results = [entry["challengeResult"] for entry in event["request"]["session"]]
    if not all(results):
        event["response"]["failAuthentication"] = True
    elif names == ["SRP_A"]:
        event["response"]["challengeName"] = "PASSWORD_VERIFIER"
    elif names == ["SRP_A", "PASSWORD_VERIFIER"]:
        event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
    else:
        event["response"]["issueTokens"] = True
    return event


def test_custom_auth_can_start_with_the_password_by_srp(lab: labkit.Lab) -> None:
    from pycognito.aws_srp import AWSSRP

    pool_id, client_id = custom_pool(lab)
    idp().update_user_pool(
        UserPoolId=pool_id, AutoVerifiedAttributes=["email"],
        LambdaConfig={"DefineAuthChallenge": labkit.deploy(password_then_riddle), "CreateAuthChallenge": labkit.deploy(riddle),
                      "VerifyAuthChallengeResponse": labkit.deploy(riddle)},
    )
    srp = AWSSRP("quinn", PASSWORD, pool_id, client_id, client=idp())
    parameters = {**srp.get_auth_params(), "CHALLENGE_NAME": "SRP_A"}
    step = idp().initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH", AuthParameters=parameters)
    assert step["ChallengeName"] == "PASSWORD_VERIFIER"
    step = idp().respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="PASSWORD_VERIFIER", Session=step["Session"],
        ChallengeResponses=srp.process_challenge(step["ChallengeParameters"], parameters),
    )
    assert step["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert answer(client_id, step["Session"], "42")["AuthenticationResult"]["IdToken"]
    sessions = [e["request"]["session"] for e in events("password_then_riddle")]
    assert [[s["challengeName"] for s in session] for session in sessions] == [
        ["SRP_A"], ["SRP_A", "PASSWORD_VERIFIER"], ["SRP_A", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE"],
    ]
    wrong = AWSSRP("quinn", "Wrong-password-1!", pool_id, client_id, client=idp())
    parameters = {**wrong.get_auth_params(), "CHALLENGE_NAME": "SRP_A"}
    step = idp().initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH", AuthParameters=parameters)
    code, _ = aws_error(
        idp().respond_to_auth_challenge, ClientId=client_id, ChallengeName="PASSWORD_VERIFIER", Session=step["Session"],
        ChallengeResponses=wrong.process_challenge(step["ChallengeParameters"], parameters),
    )
    assert code == "NotAuthorizedException"
