"""A sweep of malformed input through plain boto3: every answer is success or an AWS error of that operation.

Every cognito-idp operation the lab answers itself (the actions `LabCognitoIdpResponse` defines) and
Lambda's Invoke get, one at a time: each required parameter missing; each parameter (and the members
nested in it) of the wrong JSON type, empty or huge; unknown pool and client ids; malformed access tokens;
garbage SECRET_HASH, SRP values and sessions; payloads that are not JSON. botocore's parameter validation is
off so that what a learner could send reaches the lab; the Cognito requests' JSON bodies are written as
given, so a list can stand where AWS expects a structure. The answer must be a `ClientError` whose code
AWS's model gives the operation (or a code every AWS JSON service answers with), never a 500 and never a
Python exception from labkit or moto.
"""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.session
from botocore import xform_name
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import labkit
from labkit.aws.cognito_idp.responses import LabCognitoIdpResponse
from moto.cognitoidp.responses import CognitoIdpResponse

PASSWORD = "Corr3ct-horse!"
LOOSE = Config(parameter_validation=False, retries={"max_attempts": 1})
COMMON_ERRORS = {
    "InvalidParameterException",
    "ValidationException",
    "NotAuthorizedException",
    "ResourceNotFoundException",
    "SerializationException",
}
PYTHON_LEAK = re.compile(r"Traceback|\b\w+Error\b|object has no attribute|unhashable|NoneType|labkit|moto|<!doctype", re.I)
IDP = botocore.session.get_session().get_service_model("cognito-idp")
LAMBDA = botocore.session.get_session().get_service_model("lambda")


def _operations() -> list[str]:
    """The Cognito operations the lab answers itself, by their AWS names."""
    by_method = {xform_name(op): op for op in IDP.operation_names}
    return sorted(by_method[m] for m in vars(LabCognitoIdpResponse) if m in by_method and not m.startswith("_"))


OPERATIONS = _operations()


@dataclass
class World:
    """One pool with a plain and a secret client, a confirmed user, their tokens, and a Lambda function."""

    pool: str
    client: str
    secret_client: str
    access_token: str
    refresh_token: str
    function: str


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    lab = labkit.start()
    lab.reset()
    idp = boto3.client("cognito-idp")
    pool = idp.create_user_pool(PoolName="sweep", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="app", ExplicitAuthFlows=flows)["UserPoolClient"]["ClientId"]
    secret = idp.create_user_pool_client(UserPoolId=pool, ClientName="s", GenerateSecret=True, ExplicitAuthFlows=flows)["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="amy", UserAttributes=[{"Name": "email", "Value": "amy@example.com"}], MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="amy", Password=PASSWORD, Permanent=True)
    tokens = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "amy", "PASSWORD": PASSWORD})
    iam = boto3.client("iam")
    role = iam.create_role(RoleName="sweep-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return event\n")
    boto3.client("lambda").create_function(
        FunctionName="echo", Runtime="python3.12", Role=role, Handler="app.handler", Code={"ZipFile": archive.getvalue()}
    )
    result = tokens["AuthenticationResult"]
    yield World(pool, client, secret, result["AccessToken"], result["RefreshToken"], "echo")
    lab.reset()


# --- what each operation gets -------------------------------------------------------------------------

def _known(world: World) -> dict[str, Any]:
    """A plausible value for each parameter name, so that one broken parameter reaches the code behind it."""
    return {
        "UserPoolId": world.pool,
        "ClientId": world.client,
        "Username": "amy",
        "Password": PASSWORD,
        "PreviousPassword": PASSWORD,
        "ProposedPassword": PASSWORD + "2",
        "AccessToken": world.access_token,
        "Token": world.refresh_token,
        "ConfirmationCode": "123456",
        "Code": "123456",
        "UserCode": "123456",
        "PoolName": "p",
        "ClientName": "c",
        "AttributeName": "email",
        "UserAttributes": [{"Name": "email", "Value": "amy@example.com"}],
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "amy", "PASSWORD": PASSWORD},
        "ChallengeName": "SOFTWARE_TOKEN_MFA",
        "ChallengeResponses": {"USERNAME": "amy", "SOFTWARE_TOKEN_MFA_CODE": "123456"},
    }


def _bad_values(shape: Any) -> list[tuple[str, Any]]:
    """Malformed JSON values for a member of this shape: wrong types, empty, huge, broken insides."""
    kind = shape.type_name
    if kind == "string":
        return [("int", 7), ("list", ["x"]), ("dict", {"a": "b"}), ("empty", ""), ("huge", "x" * 20_000)]
    if kind == "boolean":
        return [("string", "yes"), ("list", [True])]
    if kind in ("integer", "long"):
        return [("string", "ten"), ("negative", -1), ("huge", 10**15), ("float", 1.5)]
    if kind == "list":
        inner = [("int-item", [7]), ("empty", [])]
        if shape.member.type_name == "structure":
            inner += [("empty-item", [{}]), ("item-of-ints", [{name: 7 for name in shape.member.members}])]
        return [("string", "x"), ("dict", {"a": "b"}), *inner]
    if kind == "map":
        return [("string", "x"), ("list", ["x"]), ("int-value", {"K": 7}), ("list-value", {"K": ["x"]}), ("empty-key", {"": "v"})]
    if kind == "structure":
        return [("string", "x"), ("list", [{}]), ("ints", {name: 7 for name in shape.members}), ("empty", {})]
    return []


def _sweep_cases() -> list[tuple[str, str]]:
    cases = []
    for op in OPERATIONS:
        shape = IDP.operation_model(op).input_shape
        cases.append((op, "empty-body"))
        cases += [(op, f"missing:{name}") for name in shape.required_members]
        cases += [(op, f"{name}:{label}") for name, member in shape.members.items() for label, _ in _bad_values(member)]
        for name in ("UserPoolId", "ClientId", "AccessToken", "Session"):
            if name in shape.members:
                cases += [(op, f"semantic:{name}:{i}") for i in range(len(SEMANTIC[name]))]
    return cases


# Values that are well-formed JSON strings but mean nothing to AWS.
SEMANTIC: dict[str, list[str]] = {
    "UserPoolId": ["us-east-1_AAAAAAAAA", "eu-west-1_nothere", "nowhere-1_X", "nope"],
    "ClientId": ["1234567890abcdefghijklmnop", "a", "not a client"],
    "AccessToken": [
        "abc",
        "a.b.c",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "eyJhbGciOiJSUzI1NiIsImtpZCI6Im5vcGUifQ.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2ln",
        "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
        "!!!",
    ],
    "Session": ["x" * 40, "AYABe" + "A" * 100, "short"],
}


def _request(op: str, case: str, world: World) -> dict[str, Any]:
    shape = IDP.operation_model(op).input_shape
    known = _known(world)
    body = {name: known[name] for name in shape.required_members if name in known}
    if case == "empty-body":
        return {}
    kind, _, rest = case.partition(":")
    if kind == "missing":
        body.pop(rest, None)
    elif kind == "semantic":
        name, _, index = rest.partition(":")
        body[name] = SEMANTIC[name][int(index)]
    else:
        body[kind] = dict(_bad_values(shape.members[kind]))[rest]
    return body


_body: list[str | bytes] = []  # the JSON the next Cognito request carries


def _write_body(request: Any, **_: Any) -> None:
    request.data = _body.pop()


@functools.cache
def _idp() -> Any:
    """One loose client for the sweep (making a client costs more than a call); it writes each body as given."""
    client = boto3.client("cognito-idp", config=LOOSE)
    client.meta.events.register("before-sign.cognito-idp", _write_body)
    return client


def _send(op: str, body: Any) -> Any:
    """Call `op` through boto3 with `body` as the request's JSON, exactly as given."""
    _body[:] = [body if isinstance(body, (bytes, str)) else json.dumps(body)]
    return getattr(_idp(), xform_name(op))()


def _assert_aws_answer(service: Any, op: str, call: Any) -> None:
    try:
        call()
    except ClientError as error:
        code = error.response["Error"]["Code"]
        message = error.response["Error"].get("Message", "")
        allowed = {s.name for s in service.operation_model(op).error_shapes} | COMMON_ERRORS
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert code in allowed, f"{op}: {code} is not an error AWS gives {op}: {message}"
        assert status < 500 or code in {s.name for s in service.operation_model(op).error_shapes if s.metadata.get("fault")}, (
            f"{op}: HTTP {status} {code}: {message}"
        )
        assert not PYTHON_LEAK.search(message), f"{op}: {code} leaks Python: {message}"


@pytest.mark.parametrize(("op", "case"), _sweep_cases())
def test_cognito_operation_answers_as_aws(world: World, op: str, case: str) -> None:
    _assert_aws_answer(IDP, op, lambda: _send(op, _request(op, case, world)))


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{", b"[1, 2]", b"\"text\"", b"null", b"\xff\xfe", b""],
    ids=["text", "truncated", "list", "string", "null", "not-utf8", "empty"],
)
def test_cognito_body_that_is_not_an_object(world: World, body: bytes) -> None:
    _assert_aws_answer(IDP, "AdminGetUser", lambda: _send("AdminGetUser", body))


# Deeper garbage: parameters whose shape is right but whose content only the flow can judge.
def _deep_cases(world: World) -> dict[str, tuple[str, dict[str, Any]]]:
    user = {"USERNAME": "amy"}
    return {
        "password-auth-no-password": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": user}),
        "password-auth-garbage-secret-hash": (
            "InitiateAuth",
            {"ClientId": world.secret_client, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {**user, "PASSWORD": PASSWORD, "SECRET_HASH": "%%%not base64"}},
        ),
        "password-auth-secret-hash-on-plain-client": (
            "InitiateAuth",
            {"ClientId": world.client, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {**user, "PASSWORD": PASSWORD, "SECRET_HASH": "abc"}},
        ),
        "srp-a-not-hex": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {**user, "SRP_A": "zz-not-hex"}}),
        "srp-a-zero": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {**user, "SRP_A": "0"}}),
        "srp-a-missing": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": user}),
        "srp-a-huge": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {**user, "SRP_A": "f" * 5000}}),
        "refresh-garbage": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": "garbage"}}),
        "refresh-is-access-token": (
            "InitiateAuth",
            {"ClientId": world.client, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": world.access_token}},
        ),
        "refresh-missing": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "REFRESH_TOKEN", "AuthParameters": {}}),
        "custom-auth-no-lambda": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "CUSTOM_AUTH", "AuthParameters": user}),
        "user-auth": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "USER_AUTH", "AuthParameters": user}),
        "admin-flow-on-initiate-auth": ("InitiateAuth", {"ClientId": world.client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": user}),
        "admin-auth-garbage-secret-hash": (
            "AdminInitiateAuth",
            {
                "UserPoolId": world.pool,
                "ClientId": world.secret_client,
                "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters": {**user, "PASSWORD": PASSWORD, "SECRET_HASH": "garbage"},
            },
        ),
        "admin-auth-client-of-no-pool": (
            "AdminInitiateAuth",
            {"UserPoolId": world.pool, "ClientId": "nothere", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": user},
        ),
        "verifier-garbage": (
            "RespondToAuthChallenge",
            {
                "ClientId": world.client,
                "ChallengeName": "PASSWORD_VERIFIER",
                "Session": "x" * 40,
                "ChallengeResponses": {**user, "PASSWORD_CLAIM_SIGNATURE": "!!", "PASSWORD_CLAIM_SECRET_BLOCK": "??", "TIMESTAMP": "yesterday"},
            },
        ),
        "verifier-no-session": (
            "RespondToAuthChallenge",
            {"ClientId": world.client, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": {**user, "PASSWORD_CLAIM_SECRET_BLOCK": "??"}},
        ),
        "new-password-garbage-session": (
            "RespondToAuthChallenge",
            {"ClientId": world.client, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "x" * 40, "ChallengeResponses": {**user, "NEW_PASSWORD": PASSWORD}},
        ),
        "custom-challenge-no-responses": ("RespondToAuthChallenge", {"ClientId": world.client, "ChallengeName": "CUSTOM_CHALLENGE", "Session": "x" * 40}),
        "admin-respond-garbage-secret": (
            "AdminRespondToAuthChallenge",
            {
                "UserPoolId": world.pool,
                "ClientId": world.secret_client,
                "ChallengeName": "SMS_MFA",
                "Session": "x" * 40,
                "ChallengeResponses": {**user, "SMS_MFA_CODE": "1", "SECRET_HASH": "garbage"},
            },
        ),
        "sign-up-garbage-secret-hash": (
            "SignUp",
            {"ClientId": world.secret_client, "Username": "bob", "Password": PASSWORD, "SecretHash": "garbage=="},
        ),
        "confirm-garbage-secret-hash": ("ConfirmSignUp", {"ClientId": world.secret_client, "Username": "amy", "ConfirmationCode": "1", "SecretHash": "x"}),
        "forgot-garbage-secret-hash": ("ForgotPassword", {"ClientId": world.secret_client, "Username": "amy", "SecretHash": "x"}),
        "revoke-garbage": ("RevokeToken", {"ClientId": world.client, "Token": "garbage"}),
        "revoke-access-token": ("RevokeToken", {"ClientId": world.client, "Token": world.access_token}),
        "revoke-garbage-secret": ("RevokeToken", {"ClientId": world.secret_client, "Token": world.refresh_token, "ClientSecret": "x" * 30}),
        "verify-totp-garbage-session": ("VerifySoftwareToken", {"UserCode": "123456", "Session": "x" * 40}),
        "verify-totp-no-association": ("VerifySoftwareToken", {"UserCode": "123456", "AccessToken": world.access_token}),
        "associate-garbage-session": ("AssociateSoftwareToken", {"Session": "x" * 40}),
        "associate-nothing": ("AssociateSoftwareToken", {}),
        "attribute-without-name": ("AdminUpdateUserAttributes", {"UserPoolId": world.pool, "Username": "amy", "UserAttributes": [{"Value": "x"}]}),
        "attribute-unknown-verification": ("GetUserAttributeVerificationCode", {"AccessToken": world.access_token, "AttributeName": "shoe_size"}),
        "risk-client-of-no-pool": ("DescribeRiskConfiguration", {"UserPoolId": world.pool, "ClientId": "nothere"}),
        "risk-actions-wrong": (
            "SetRiskConfiguration",
            {"UserPoolId": world.pool, "CompromisedCredentialsRiskConfiguration": {"Actions": {}}},
        ),
        "client-validity-out-of-range": (
            "CreateUserPoolClient",
            {"UserPoolId": world.pool, "ClientName": "c", "AccessTokenValidity": 999999, "TokenValidityUnits": {"AccessToken": "days"}},
        ),
        "recovery-without-priority": (
            "CreateUserPool",
            {"PoolName": "p", "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email"}]}},
        ),
        "template-not-a-string": ("UpdateUserPool", {"UserPoolId": world.pool, "VerificationMessageTemplate": {"EmailMessage": "no code"}}),
    }


DEEP = sorted(_deep_cases(World("p", "c", "s", "a", "r", "f")))


@pytest.mark.parametrize("case", DEEP)
def test_cognito_garbage_the_flows_judge(world: World, case: str) -> None:
    op, body = _deep_cases(world)[case]
    _assert_aws_answer(IDP, op, lambda: _send(op, body))


@functools.cache
def _lambda() -> Any:
    return boto3.client("lambda", config=LOOSE)


@pytest.mark.parametrize(
    ("case", "arguments"),
    [
        ("not-json", {"Payload": b"not json"}),
        ("truncated-json", {"Payload": b'{"a": '}),
        ("not-utf8", {"Payload": b"\xff\xfe\x00"}),
        ("huge-string", {"Payload": json.dumps("x" * 100_000)}),
        ("json-scalar", {"Payload": b"42"}),
        ("unknown-function", {"FunctionName": "nothere"}),
        ("unknown-arn", {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:nothere"}),
        ("malformed-arn", {"FunctionName": "arn:aws:lambda:nowhere"}),
        ("function-name-with-spaces", {"FunctionName": "no such function"}),
        ("function-name-huge", {"FunctionName": "f" * 500}),
        ("function-name-int", {"FunctionName": 7}),
        ("function-name-empty", {"FunctionName": ""}),
        ("invocation-type", {"InvocationType": "Sometimes"}),
        ("log-type", {"LogType": "Everything"}),
        ("qualifier-unknown", {"Qualifier": "99"}),
        ("qualifier-garbage", {"Qualifier": "not a qualifier!"}),
        ("client-context-not-base64", {"ClientContext": "%%%"}),
        ("client-context-not-json", {"ClientContext": "bm90IGpzb24="}),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_lambda_invoke_answers_as_aws(world: World, case: str, arguments: dict[str, Any]) -> None:
    _assert_aws_answer(LAMBDA, "Invoke", lambda: _lambda().invoke(**{"FunctionName": world.function, "Payload": b"{}", **arguments}))


def test_the_sweep_covers_every_operation_the_lab_answers() -> None:
    """A new action in LabCognitoIdpResponse joins the sweep by its name; a misnamed one would be missed."""
    own = {m for m in vars(LabCognitoIdpResponse) if not m.startswith("_") and callable(getattr(CognitoIdpResponse, m, None))}
    assert own <= {xform_name(op) for op in OPERATIONS}


# --- what the answers say: AWS's words, from the one model check ----------------------------------------

def _error(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_missing_parameters_are_named_as_aws_names_them(world: World) -> None:
    assert _error(lambda: _send("AdminGetUser", {})) == (
        "InvalidParameterException",
        "2 validation errors detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; "
        "Value null at 'username' failed to satisfy constraint: Member must not be null",
    )
    assert _error(lambda: _send("AdminUpdateUserAttributes", {"UserPoolId": world.pool, "Username": "amy", "UserAttributes": [{"Value": "x"}]})) == (
        "InvalidParameterException",
        "1 validation error detected: Value null at 'userAttributes.1.member.name' failed to satisfy constraint: Member must not be null",
    )


def test_lengths_ranges_and_enums_of_the_model(world: World) -> None:
    assert _error(lambda: _send("SignUp", {"ClientId": world.client, "Username": "amy", "Password": "p" * 257})) == (
        "InvalidParameterException",  # a password is sensitive: AWS leaves its value out
        "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
    )
    assert _error(lambda: _send("CreateUserPoolClient", {"UserPoolId": world.pool, "ClientName": "c", "AuthSessionValidity": 0})) == (
        "InvalidParameterException",
        "1 validation error detected: Value '0' at 'authSessionValidity' failed to satisfy constraint: Member must have value greater than or equal to 3",
    )
    assert _error(lambda: _send("AdminCreateUser", {"UserPoolId": world.pool, "Username": "x", "MessageAction": "SHOUT"})) == (
        "InvalidParameterException",
        "1 validation error detected: Value 'SHOUT' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]",
    )


def test_wrong_json_types_are_serialization_errors(world: World) -> None:
    assert _error(lambda: _send("AdminGetUser", {"UserPoolId": world.pool, "Username": 7})) == (
        "SerializationException",
        "NUMBER_VALUE can not be converted to a String",
    )
    assert _error(lambda: _send("SignUp", {"ClientId": world.client, "Username": "amy", "UserAttributes": {"email": "a@example.com"}})) == (
        "SerializationException",
        "Start of structure or map found where not expected.",
    )
    assert _error(lambda: _send("AdminGetUser", b"\xff")) == ("SerializationException", "Invalid UTF-8 start byte 0xff")
    assert _error(lambda: _send("AdminGetUser", b"{")) == ("SerializationException", "Request body is not valid JSON")


def test_the_check_holds_over_http_too(world: World) -> None:
    http = boto3.client("cognito-idp", config=LOOSE, endpoint_url=labkit.start().endpoint_url)
    assert _error(lambda: http.admin_get_user(UserPoolId=world.pool, Username=["amy"]))[0] == "SerializationException"
    assert _error(lambda: http.admin_get_user(UserPoolId=world.pool))[1].endswith("Value null at 'username' failed to satisfy constraint: Member must not be null")


def test_sign_up_without_a_password_meets_the_password_policy(world: World) -> None:
    assert _error(lambda: _send("SignUp", {"ClientId": world.client, "Username": "bob"})) == (
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    )


def test_a_schema_attribute_needs_a_name(world: World) -> None:
    assert _error(lambda: _send("CreateUserPool", {"PoolName": "p", "Schema": [{"AttributeDataType": "String"}]})) == (
        "InvalidParameterException",
        "Attribute name is required.",
    )


def test_risk_configuration_of_a_client_from_nowhere(world: World) -> None:
    assert _error(lambda: _send("DescribeRiskConfiguration", {"UserPoolId": world.pool, "ClientId": "nothere"})) == (
        "ResourceNotFoundException",
        "User pool client nothere does not exist.",
    )


def test_lambda_invoke_checks_its_model(world: World) -> None:
    assert _error(lambda: _lambda().invoke(FunctionName=world.function, InvocationType="Sometimes")) == (
        "ValidationException",
        "1 validation error detected: Value 'Sometimes' at 'invocationType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    )
    assert _error(lambda: _lambda().invoke(FunctionName=""))[1].startswith(
        "2 validation errors detected: Value '' at 'functionName' failed to satisfy constraint: Member must have length greater than or equal to 1; "
        "Value '' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:"
    )
    assert _error(lambda: _lambda().invoke(FunctionName=world.function, Payload=b"\xff")) == (
        "InvalidRequestContentException",
        "Could not parse request body into json: Invalid UTF-8 start byte 0xff",
    )
