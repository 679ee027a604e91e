"""The trigger runtime the user-pool flows call: events as AWS builds them, responses as Cognito reads them,
and failures as AWS reports them. Functions are real Lambda functions deployed with boto3 / labkit.deploy."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import pytest
from moto.cognitoidp.models import CognitoIdpUserPool, cognitoidp_backends

import labkit
from labkit.aws.cognito_idp import triggers
from labkit.aws.cognito_idp.triggers import (
    InvalidLambdaResponseException,
    UnexpectedLambdaException,
    UserLambdaValidationException,
)


def pool_with(lab: labkit.Lab, **lambda_config: Any) -> CognitoIdpUserPool:
    """A user pool created with plain boto3 whose LambdaConfig is `lambda_config`."""
    pool_id = boto3.client("cognito-idp").create_user_pool(PoolName="triggers", LambdaConfig=lambda_config)["UserPool"]["Id"]
    return cognitoidp_backends[lab.account_id][lab.region].user_pools[pool_id]


def recorder(event, context):  # type: ignore[no-untyped-def]
    """Prints the event it received (so the test reads it from the log) and answers with it unchanged."""
    print(json.dumps(event))
    return event


def received(function_name: str) -> dict[str, Any]:
    printed = [line for line in labkit.logs(function_name) if line.startswith("{")]
    return json.loads(printed[-1])


ATTRS = {"sub": "0b0a57c5-f013-426a-81a1-f8ffbfba21f0", "email": "ana@example.com", "cognito:user_status": "CONFIRMED"}
GROUPS = {"groupsToOverride": ["admins"], "iamRolesToOverride": [], "preferredRole": None}

# trigger -> (request the flow gives, request the function receives, response the function receives);
# written from AWS's event documentation, independently of triggers.py.
SHAPES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "PreSignUp": (
        {"userAttributes": {"email": "ana@example.com"}},
        {"userAttributes": {"email": "ana@example.com"}, "validationData": None},
        {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False},
    ),
    "PostConfirmation": ({"userAttributes": ATTRS, "clientMetadata": {"k": "v"}}, {"userAttributes": ATTRS, "clientMetadata": {"k": "v"}}, {}),
    "PreAuthentication": (
        {"userAttributes": ATTRS, "validationData": {"ip": "10.0.0.1"}},
        {"userAttributes": ATTRS, "validationData": {"ip": "10.0.0.1"}},
        {},
    ),
    "PostAuthentication": ({"userAttributes": ATTRS}, {"userAttributes": ATTRS, "newDeviceUsed": False}, {}),
    "PreTokenGeneration": (
        {"userAttributes": ATTRS, "groupConfiguration": GROUPS},
        {"userAttributes": ATTRS, "groupConfiguration": GROUPS},
        {"claimsOverrideDetails": None},
    ),
    "UserMigration": (
        {"password": "Legacy-pass1"},
        {"password": "Legacy-pass1", "validationData": None},
        {
            "userAttributes": None,
            "finalUserStatus": None,
            "messageAction": None,
            "desiredDeliveryMediums": None,
            "forceAliasCreation": None,
            "enableSMSMFA": None,
        },
    ),
    "CustomMessage": (
        {"userAttributes": ATTRS},
        {"userAttributes": ATTRS, "codeParameter": "{####}", "linkParameter": "{##Click Here##}", "usernameParameter": None},
        {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    ),
    "DefineAuthChallenge": (
        {"userAttributes": ATTRS, "session": [{"challengeName": "CUSTOM_CHALLENGE", "challengeResult": False}]},
        {"userAttributes": ATTRS, "session": [{"challengeName": "CUSTOM_CHALLENGE", "challengeResult": False}]},
        {"challengeName": None, "issueTokens": None, "failAuthentication": None},
    ),
    "CreateAuthChallenge": (
        {"userAttributes": ATTRS, "challengeName": "CUSTOM_CHALLENGE", "session": []},
        {"userAttributes": ATTRS, "challengeName": "CUSTOM_CHALLENGE", "session": []},
        {"publicChallengeParameters": None, "privateChallengeParameters": None, "challengeMetadata": None},
    ),
    "VerifyAuthChallengeResponse": (
        {"userAttributes": ATTRS, "privateChallengeParameters": {"answer": "7"}, "challengeAnswer": "7"},
        {"userAttributes": ATTRS, "privateChallengeParameters": {"answer": "7"}, "challengeAnswer": "7"},
        {"answerCorrect": None},
    ),
}
SOURCES = {
    "PreSignUp": ["PreSignUp_SignUp", "PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider"],
    "PostConfirmation": ["PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword"],
    "PreAuthentication": ["PreAuthentication_Authentication"],
    "PostAuthentication": ["PostAuthentication_Authentication"],
    "PreTokenGeneration": [
        "TokenGeneration_HostedAuth",
        "TokenGeneration_Authentication",
        "TokenGeneration_NewPasswordChallenge",
        "TokenGeneration_AuthenticateDevice",
        "TokenGeneration_RefreshTokens",
    ],
    "UserMigration": ["UserMigration_Authentication", "UserMigration_ForgotPassword"],
    "CustomMessage": [
        "CustomMessage_SignUp",
        "CustomMessage_AdminCreateUser",
        "CustomMessage_ResendCode",
        "CustomMessage_ForgotPassword",
        "CustomMessage_UpdateUserAttribute",
        "CustomMessage_VerifyUserAttribute",
        "CustomMessage_Authentication",
    ],
    "DefineAuthChallenge": ["DefineAuthChallenge_Authentication"],
    "CreateAuthChallenge": ["CreateAuthChallenge_Authentication"],
    "VerifyAuthChallengeResponse": ["VerifyAuthChallengeResponse_Authentication"],
}
CASES = [(trigger, source) for trigger, sources in SOURCES.items() for source in sources]


@pytest.mark.parametrize(("trigger", "source"), CASES)
def test_every_trigger_source_sends_awss_event_shape(lab: labkit.Lab, trigger: str, source: str) -> None:
    arn = labkit.deploy(recorder)
    pool = pool_with(lab, **{trigger: arn})
    given, request, response = SHAPES[trigger]
    if source == "UserMigration_ForgotPassword":
        given, request = {}, {"validationData": None}
    if source == "CustomMessage_AdminCreateUser":
        request = {**request, "usernameParameter": "{username}"}
    triggers.fire(pool, trigger, source, user_name="ana", client_id="client123", request=given)
    assert received("recorder") == {
        "version": "1",
        "triggerSource": source,
        "region": lab.region,
        "userPoolId": pool.id,
        "userName": "ana",
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "client123"},
        "request": request,
        "response": response,
    }


@pytest.mark.parametrize("version", ["V2_0", "V3_0"])
def test_pre_token_generation_v2_event_carries_scopes_and_its_version(lab: labkit.Lab, version: str) -> None:
    arn = labkit.deploy(recorder)
    pool = pool_with(lab, PreTokenGenerationConfig={"LambdaArn": arn, "LambdaVersion": version})
    triggers.fire(
        pool,
        "PreTokenGeneration",
        "TokenGeneration_RefreshTokens",
        user_name="ana",
        client_id="c1",
        request={"userAttributes": ATTRS, "scopes": ["openid", "aws.cognito.signin.user.admin"]},
    )
    event = received("recorder")
    assert event["version"] == version[1]
    assert event["request"] == {
        "userAttributes": ATTRS,
        "groupConfiguration": {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": None},
        "scopes": ["openid", "aws.cognito.signin.user.admin"],
    }
    assert event["response"] == {"claimsAndScopeOverrideDetails": None}


def test_admin_calls_without_a_client_name_no_client(lab: labkit.Lab) -> None:
    pool = pool_with(lab, PreSignUp=labkit.deploy(recorder))
    triggers.fire(pool, "PreSignUp", "PreSignUp_AdminCreateUser", user_name="ana", request={"userAttributes": {}})
    assert received("recorder")["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"


def test_a_pool_without_the_trigger_fires_nothing(lab: labkit.Lab) -> None:
    pool = pool_with(lab)
    assert triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={}) is None


def test_the_flow_gets_a_clear_error_for_a_wrong_source_or_field(lab: labkit.Lab) -> None:
    pool = pool_with(lab, PreSignUp=labkit.deploy(recorder))
    with pytest.raises(ValueError, match="not a triggerSource of PreSignUp"):
        triggers.fire(pool, "PreSignUp", "PostConfirmation_ConfirmSignUp", user_name="ana")
    with pytest.raises(ValueError, match="no field"):
        triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={"password": "x"})


def test_the_function_cannot_change_the_flows_request(lab: labkit.Lab) -> None:
    def mutates(event, context):  # type: ignore[no-untyped-def]
        event["request"]["userAttributes"]["email"] = "changed"
        return event

    pool = pool_with(lab, PreSignUp=labkit.deploy(mutates))
    attributes = {"email": "ana@example.com"}
    triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={"userAttributes": attributes})
    assert attributes == {"email": "ana@example.com"}


# --- answers ------------------------------------------------------------------------------------------------


def auto_confirm(event, context):  # type: ignore[no-untyped-def]
    event["response"]["autoConfirmUser"] = True
    event["response"]["autoVerifyEmail"] = True
    return event


def test_the_response_is_returned_checked_and_completed(lab: labkit.Lab) -> None:
    pool = pool_with(lab, PreSignUp=labkit.deploy(auto_confirm))
    response = triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={"userAttributes": {}})
    assert response == {"autoConfirmUser": True, "autoVerifyEmail": True, "autoVerifyPhone": False}
    assert triggers.sign_up_decision(response, "PreSignUp_SignUp") == triggers.SignUpDecision(True, True, False)
    assert triggers.sign_up_decision(response, "PreSignUp_AdminCreateUser") == triggers.SignUpDecision(False, False, False)


def returns_nothing(event, context):  # type: ignore[no-untyped-def]
    return None


def returns_text(event, context):  # type: ignore[no-untyped-def]
    return "ok"


def returns_string_flag(event, context):  # type: ignore[no-untyped-def]
    event["response"]["autoConfirmUser"] = "yes"
    return event


def returns_list_response(event, context):  # type: ignore[no-untyped-def]
    event["response"] = ["autoConfirmUser"]
    return event


@pytest.mark.parametrize("handler", [returns_nothing, returns_text, returns_string_flag, returns_list_response])
def test_output_cognito_cannot_read_is_invalid_lambda_response(lab: labkit.Lab, handler: Any) -> None:
    pool = pool_with(lab, PreSignUp=labkit.deploy(handler))
    with pytest.raises(InvalidLambdaResponseException) as raised:
        triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={})
    assert (raised.value.error_type, raised.value.message) == ("InvalidLambdaResponseException", "Unrecognizable lambda output")


def challenge_numbers(event, context):  # type: ignore[no-untyped-def]
    event["response"]["publicChallengeParameters"] = {"question": 7}
    return event


def test_challenge_parameters_must_be_strings(lab: labkit.Lab) -> None:
    pool = pool_with(lab, CreateAuthChallenge=labkit.deploy(challenge_numbers))
    with pytest.raises(InvalidLambdaResponseException):
        triggers.fire(pool, "CreateAuthChallenge", "CreateAuthChallenge_Authentication", user_name="ana", request={})


def refuse_domain(event, context):  # type: ignore[no-untyped-def]
    if event["request"]["userAttributes"]["email"].endswith("@spam.test"):
        raise Exception("Registration from this domain is not allowed.")
    return event


def test_a_raising_function_is_user_lambda_validation_with_awss_message(lab: labkit.Lab) -> None:
    pool = pool_with(lab, PreSignUp=labkit.deploy(refuse_domain))
    with pytest.raises(UserLambdaValidationException) as raised:
        triggers.fire(
            pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={"userAttributes": {"email": "x@spam.test"}}
        )
    assert raised.value.error_type == "UserLambdaValidationException"
    assert raised.value.message == "PreSignUp failed with error Registration from this domain is not allowed.."
    assert any(line.startswith("[ERROR] Exception: Registration from this domain") for line in labkit.logs("refuse_domain"))


def test_missing_permission_is_unexpected_lambda_access_denied(lab: labkit.Lab) -> None:
    pool = pool_with(lab, PostConfirmation=labkit.deploy(recorder, invoker=None))
    with pytest.raises(UnexpectedLambdaException) as raised:
        triggers.fire(pool, "PostConfirmation", "PostConfirmation_ConfirmSignUp", user_name="ana", request={})
    assert raised.value.error_type == "UnexpectedLambdaException"
    assert raised.value.message == "PostConfirmation invocation failed due to error AccessDeniedException."
    assert labkit.logs("recorder") == []  # never invoked


def test_permission_scoped_to_another_pool_is_denied_and_to_this_one_allowed(lab: labkit.Lab) -> None:
    arn = labkit.deploy(recorder, invoker=None)
    pool = pool_with(lab, PreAuthentication=arn)
    client = boto3.client("lambda")
    other = pool.arn.rsplit("/", 1)[0] + "/us-east-1_other"
    client.add_permission(
        FunctionName="recorder", StatementId="other", Action="lambda:InvokeFunction",
        Principal="cognito-idp.amazonaws.com", SourceArn=other,
    )
    with pytest.raises(UnexpectedLambdaException):
        triggers.fire(pool, "PreAuthentication", "PreAuthentication_Authentication", user_name="ana", request={})
    client.add_permission(
        FunctionName="recorder", StatementId="mine", Action="lambda:InvokeFunction",
        Principal="cognito-idp.amazonaws.com", SourceArn=pool.arn.rsplit("/", 1)[0] + "/*",
    )
    assert triggers.fire(pool, "PreAuthentication", "PreAuthentication_Authentication", user_name="ana", request={}) == {}


def test_permission_scoped_by_source_account(lab: labkit.Lab) -> None:
    arn = labkit.deploy(recorder, invoker=None)
    pool = pool_with(lab, PostAuthentication=arn)
    client = boto3.client("lambda")
    client.add_permission(
        FunctionName="recorder", StatementId="elsewhere", Action="lambda:InvokeFunction",
        Principal="cognito-idp.amazonaws.com", SourceAccount="999999999999",
    )
    with pytest.raises(UnexpectedLambdaException):
        triggers.fire(pool, "PostAuthentication", "PostAuthentication_Authentication", user_name="ana", request={})
    client.add_permission(
        FunctionName="recorder", StatementId="here", Action="lambda:InvokeFunction",
        Principal="cognito-idp.amazonaws.com", SourceAccount=lab.account_id,
    )
    assert triggers.fire(pool, "PostAuthentication", "PostAuthentication_Authentication", user_name="ana", request={}) == {}


def test_an_arn_that_names_no_function_is_access_denied(lab: labkit.Lab) -> None:
    pool = pool_with(lab, PreSignUp="arn:aws:lambda:nowhere-1:123456789012:function:ghost")
    with pytest.raises(UnexpectedLambdaException, match="AccessDeniedException"):
        triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={})


def test_a_deleted_function_is_access_denied(lab: labkit.Lab) -> None:
    pool = pool_with(lab, PostAuthentication=labkit.deploy(recorder))
    boto3.client("lambda").delete_function(FunctionName="recorder")
    with pytest.raises(UnexpectedLambdaException, match="PostAuthentication invocation failed due to error AccessDeniedException."):
        triggers.fire(pool, "PostAuthentication", "PostAuthentication_Authentication", user_name="ana", request={})


def slow(event, context):  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        time.sleep(0.01)
    return event


def test_a_function_still_running_when_cognito_stops_waiting_is_a_socket_timeout(
    lab: labkit.Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(triggers, "COGNITO_TIMEOUT_S", 0.2)  # Cognito's 5 s, shortened to keep the suite fast
    pool = pool_with(lab, PreSignUp=labkit.deploy(slow, timeout=10))
    started = time.monotonic()
    with pytest.raises(UnexpectedLambdaException) as raised:
        triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", request={})
    assert time.monotonic() - started < 1.0
    assert raised.value.message == "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function."


def test_a_function_past_its_own_timeout_fails_the_call(lab: labkit.Lab) -> None:
    pool = pool_with(lab, CustomMessage=labkit.deploy(slow, timeout=1))
    with pytest.raises(UserLambdaValidationException) as raised:
        triggers.fire(pool, "CustomMessage", "CustomMessage_SignUp", user_name="ana", request={})
    assert raised.value.message.startswith("CustomMessage failed with error RequestId: ")
    assert raised.value.message.endswith(" Error: Task timed out after 1.00 seconds.")


# --- applying answers -----------------------------------------------------------------------------------------

ID_CLAIMS = {"sub": "s-1", "aud": "c1", "token_use": "id", "email": "ana@example.com", "cognito:groups": ["users"]}
ACCESS_CLAIMS = {"sub": "s-1", "client_id": "c1", "token_use": "access", "scope": "openid", "cognito:groups": ["users"]}


def test_v1_claims_add_override_and_suppress_the_id_token_only() -> None:
    response = {
        "claimsOverrideDetails": {
            "claimsToAddOrOverride": {"tier": "gold", "email": "shown@example.com", "sub": "forged", "gone": "x"},
            "claimsToSuppress": ["gone", "token_use"],
            "groupOverrideDetails": None,
        }
    }
    out = triggers.apply_token_response(response, id_claims=ID_CLAIMS, access_claims=ACCESS_CLAIMS, scopes=["openid"])
    assert out.id_claims == {**ID_CLAIMS, "tier": "gold", "email": "shown@example.com"}  # sub and token_use kept
    assert out.access_claims == ACCESS_CLAIMS
    assert out.scopes == ["openid"]


def test_v1_claim_values_are_strings_in_the_token() -> None:
    response = {"claimsOverrideDetails": {"claimsToAddOrOverride": {"seats": 3, "beta": True, "name": "x"}}}
    out = triggers.apply_token_response(response, id_claims=ID_CLAIMS, access_claims=ACCESS_CLAIMS, scopes=[])
    assert (out.id_claims["seats"], out.id_claims["beta"], out.id_claims["name"]) == ("3", "true", "x")


def complex_v1_claim(event, context):  # type: ignore[no-untyped-def]
    event["response"]["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"plan": {"name": "pro"}}}
    return event


def test_a_complex_v1_claim_is_unreadable_but_fine_in_v2(lab: labkit.Lab) -> None:
    arn = labkit.deploy(complex_v1_claim)
    v1 = pool_with(lab, PreTokenGeneration=arn)
    with pytest.raises(InvalidLambdaResponseException):
        triggers.fire(v1, "PreTokenGeneration", "TokenGeneration_Authentication", user_name="ana", request={})
    v2 = pool_with(lab, PreTokenGenerationConfig={"LambdaArn": labkit.deploy(complex_v2_claim), "LambdaVersion": "V2_0"})
    response = triggers.fire(v2, "PreTokenGeneration", "TokenGeneration_Authentication", user_name="ana", request={})
    out = triggers.apply_token_response(response, id_claims=ID_CLAIMS, access_claims=ACCESS_CLAIMS, scopes=[])
    assert out.id_claims["plan"] == {"name": "pro"}


def complex_v2_claim(event, context):  # type: ignore[no-untyped-def]
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "idTokenGeneration": {"claimsToAddOrOverride": {"plan": {"name": "pro"}}}
    }
    return event


def test_group_overrides_replace_groups_and_roles() -> None:
    role = "arn:aws:iam::123456789012:role/admin"
    response = {
        "claimsOverrideDetails": {
            "groupOverrideDetails": {"groupsToOverride": ["admins"], "iamRolesToOverride": [role], "preferredRole": role}
        }
    }
    out = triggers.apply_token_response(response, id_claims=ID_CLAIMS, access_claims=ACCESS_CLAIMS, scopes=["openid"])
    assert (out.id_claims["cognito:groups"], out.id_claims["cognito:roles"], out.id_claims["cognito:preferred_role"]) == (
        ["admins"], [role], role,
    )
    assert out.access_claims["cognito:groups"] == ["admins"]
    emptied = triggers.apply_token_response(
        {"claimsOverrideDetails": {"groupOverrideDetails": {"groupsToOverride": []}}},
        id_claims=ID_CLAIMS, access_claims=ACCESS_CLAIMS, scopes=[],
    )
    assert "cognito:groups" not in emptied.id_claims and "cognito:groups" not in emptied.access_claims


def test_v2_changes_both_tokens_and_scopes_with_suppress_winning() -> None:
    response = {
        "claimsAndScopeOverrideDetails": {
            "idTokenGeneration": {"claimsToAddOrOverride": {"plan": {"name": "pro", "seats": 3}}, "claimsToSuppress": ["email"]},
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"tenant": "t-9", "client_id": "forged", "both": 1},
                "claimsToSuppress": ["both"],
                "scopesToAdd": ["orders/read", "orders/write"],
                "scopesToSuppress": ["openid", "orders/write"],
            },
        }
    }
    out = triggers.apply_token_response(response, id_claims=ID_CLAIMS, access_claims=ACCESS_CLAIMS, scopes=["openid"])
    assert out.id_claims == {k: v for k, v in ID_CLAIMS.items() if k != "email"} | {"plan": {"name": "pro", "seats": 3}}
    assert out.access_claims == {**ACCESS_CLAIMS, "tenant": "t-9", "scope": "orders/read"}
    assert out.scopes == ["orders/read"]


def test_no_response_changes_nothing() -> None:
    out = triggers.apply_token_response(None, id_claims=ID_CLAIMS, access_claims=ACCESS_CLAIMS, scopes=["openid"])
    assert (out.id_claims, out.access_claims, out.scopes) == (ID_CLAIMS, ACCESS_CLAIMS, ["openid"])


def test_custom_messages_need_the_code_placeholder() -> None:
    good = {"emailMessage": "Your code is {####}", "smsMessage": "code", "emailSubject": "Welcome"}
    assert triggers.custom_message(good, "CustomMessage_SignUp") == triggers.CustomMessage(None, "Your code is {####}", "Welcome")
    invitation = {"emailMessage": "Code {####}", "smsMessage": "{username}: {####}", "emailSubject": None}
    assert triggers.custom_message(invitation, "CustomMessage_AdminCreateUser") == triggers.CustomMessage(
        "{username}: {####}", None, None
    )


def test_migrated_user_defaults_and_enums() -> None:
    response = {"userAttributes": {"email": "ana@example.com"}, "finalUserStatus": None, "messageAction": "SUPPRESS"}
    user = triggers.migrated_user(response, "UserMigration_Authentication")
    assert user == triggers.MigratedUser({"email": "ana@example.com"}, "CONFIRMED", "SUPPRESS", ["SMS"], False)
    assert triggers.migrated_user(response, "UserMigration_ForgotPassword").final_status == "RESET_REQUIRED"  # type: ignore[union-attr]
    assert triggers.migrated_user({"userAttributes": None}, "UserMigration_Authentication") is None
    for bad in ({"finalUserStatus": "ACTIVE"}, {"messageAction": "SEND"}, {"desiredDeliveryMediums": ["PIGEON"]}):
        with pytest.raises(InvalidLambdaResponseException):
            triggers.migrated_user({"userAttributes": {"email": "a@b.c"}, **bad}, "UserMigration_Authentication")


def test_custom_auth_decisions() -> None:
    assert triggers.challenge_decision({"issueTokens": True}) == triggers.ChallengeDecision(None, True, False)
    assert triggers.challenge_decision({"challengeName": "CUSTOM_CHALLENGE"}).challenge_name == "CUSTOM_CHALLENGE"
    with pytest.raises(InvalidLambdaResponseException):
        triggers.challenge_decision({"challengeName": "GUESS_MY_NUMBER"})
    assert triggers.session_entry("CUSTOM_CHALLENGE", True) == {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": True}
    assert triggers.session_entry("CUSTOM_CHALLENGE", False, "Q1")["challengeMetadata"] == "Q1"
    assert triggers.answer_correct({"answerCorrect": True}) and not triggers.answer_correct({"answerCorrect": None})


def test_the_error_classes_serialise_as_aws_errors() -> None:
    body = json.loads(UserLambdaValidationException("PreSignUp", "no").description)
    assert body == {"__type": "UserLambdaValidationException", "message": "PreSignUp failed with error no."}
    assert InvalidLambdaResponseException().code == 400 and UnexpectedLambdaException("X", "y").code == 400
