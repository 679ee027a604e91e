"""User pool Lambda triggers: build the event as Cognito does, run the function in-process, read its answer.

The user-pool flows call `fire(pool, trigger, source, user_name=..., client_id=..., request={...})` where AWS
would invoke a trigger; it returns the `response` part of the function's answer, checked and completed with
Cognito's defaults, or None when the pool has no such trigger. The helpers below it turn a response into
what the flow applies (auto-confirm, claims, groups, messages, migrated users, custom challenges).

Where the flows call it (AWS's order; `fire` returns None when the pool has no such trigger; the call sites are in
`trigger_points` and the flow modules):

    SignUp                     PreSignUp_SignUp -> CustomMessage_SignUp (code sent)
                               -> PostConfirmation_ConfirmSignUp when pre sign-up auto-confirmed
    AdminCreateUser            PreSignUp_AdminCreateUser -> CustomMessage_AdminCreateUser (invitation)
    ConfirmSignUp, AdminConfirmSignUp     PostConfirmation_ConfirmSignUp (after the status change; if
                               it fails the user stays confirmed and the call returns the error)
    ResendConfirmationCode     CustomMessage_ResendCode
    ForgotPassword             UserMigration_ForgotPassword (unknown user) -> CustomMessage_ForgotPassword
    AdminResetUserPassword     CustomMessage_ForgotPassword
    ConfirmForgotPassword      PostConfirmation_ConfirmForgotPassword
    Update(User)Attributes     CustomMessage_UpdateUserAttribute; GetUserAttributeVerificationCode:
                               CustomMessage_VerifyUserAttribute; SMS/email MFA code: CustomMessage_Authentication
    InitiateAuth (password)    UserMigration_Authentication (unknown user; USER_PASSWORD_AUTH and
                               ADMIN_USER_PASSWORD_AUTH only, SRP never carries the password)
                               -> PreAuthentication_Authentication
                               -> password/MFA -> PostAuthentication_Authentication
                               -> TokenGeneration_Authentication (or _NewPasswordChallenge,
                               _AuthenticateDevice; _HostedAuth for the hosted UI)
    REFRESH_TOKEN_AUTH         TokenGeneration_RefreshTokens only
    CUSTOM_AUTH                PreAuthentication -> DefineAuthChallenge -> CreateAuthChallenge -> (answer)
                               VerifyAuthChallengeResponse -> DefineAuthChallenge ... -> PostAuthentication
                               -> TokenGeneration_Authentication

Failures are AWS's: a function that raises gives `UserLambdaValidationException` "<Trigger> failed with error
<message>."; an answer Cognito cannot read gives `InvalidLambdaResponseException` "Unrecognizable lambda
output"; a function still running after Cognito's 5 s, a deleted function, or one whose resource policy does
not let cognito-idp.amazonaws.com invoke it gives `UnexpectedLambdaException` "<Trigger> invocation failed
due to error ..." (AWS's knowledge-center wording for the missing permission: "AccessDeniedException").
"""

from __future__ import annotations

import copy
import fnmatch
import json
from dataclasses import dataclass
from typing import Any

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaFunction, lambda_backends
from moto.cognitoidp.models import CognitoIdpUserPool
from moto.core.exceptions import JsonRESTError

from labkit.aws.awslambda import runtime
from labkit.aws.awslambda.exceptions import InvalidRuntimeException
from labkit.aws.awslambda.responses import runnable

COGNITO_TIMEOUT_S = 5.0  # Cognito waits this long for a trigger, whatever the function's own Timeout
SDK_VERSION = "aws-sdk-unknown-unknown"
NO_CLIENT = "CLIENT_ID_NOT_APPLICABLE"  # callerContext.clientId of admin calls made without an app client
CODE_PARAMETER = "{####}"
LINK_PARAMETER = "{##Click Here##}"
USERNAME_PARAMETER = "{username}"
UNRECOGNIZABLE = "Unrecognizable lambda output"

# Claims no pre token generation response may add, override or suppress (AWS's list), per token.
PROTECTED_CLAIMS = frozenset(
    "acr amr aud at_hash auth_time azp cognito:username exp iat identities iss jti nbf nonce origin_jti sub "
    "token_use".split()
)
PROTECTED_ACCESS_CLAIMS = PROTECTED_CLAIMS | {"client_id", "scope", "username", "event_id", "device_key", "version"}


# --- AWS's errors for triggers ------------------------------------------------------------------------------


class UserLambdaValidationException(JsonRESTError):
    """The function raised (or Lambda stopped it): "<Trigger> failed with error <message>."."""

    def __init__(self, trigger: str, message: str) -> None:
        super().__init__("UserLambdaValidationException", f"{trigger} failed with error {message}.")


class InvalidLambdaResponseException(JsonRESTError):
    """The function answered with something Cognito cannot read."""

    def __init__(self, message: str = UNRECOGNIZABLE) -> None:
        super().__init__("InvalidLambdaResponseException", message)


class UnexpectedLambdaException(JsonRESTError):
    """Cognito could not get an answer from Lambda at all (no permission, no function, no answer in time)."""

    def __init__(self, trigger: str, reason: str) -> None:
        super().__init__("UnexpectedLambdaException", f"{trigger} invocation failed due to error {reason}.")


# --- what each trigger sends and reads -----------------------------------------------------------------------

_STR_MAP = "str-map"
_STR_LIST = "str-list"
_SCALAR_MAP = "scalar-map"  # V1 claims: strings, numbers or booleans (complex values are V2 only)
_GROUPS = {"groupsToOverride": _STR_LIST, "iamRolesToOverride": _STR_LIST, "preferredRole": str}
_ID_TOKEN = {"claimsToAddOrOverride": dict, "claimsToSuppress": _STR_LIST}
_ID_TOKEN_V1 = {"claimsToAddOrOverride": _SCALAR_MAP, "claimsToSuppress": _STR_LIST}
_ACCESS_TOKEN = {**_ID_TOKEN, "scopesToAdd": _STR_LIST, "scopesToSuppress": _STR_LIST}


@dataclass(frozen=True)
class Trigger:
    """One trigger: its LambdaConfig key, triggerSource values, request fields (in AWS's order, with the
    value Cognito sends when the flow has none), and the response fields Cognito reads with their types."""

    name: str
    sources: tuple[str, ...]
    request: tuple[tuple[str, Any], ...]
    response: dict[str, Any]
    optional: tuple[str, ...] = ("clientMetadata",)


_TOKEN_SOURCES = tuple(
    f"TokenGeneration_{s}" for s in ("HostedAuth", "Authentication", "NewPasswordChallenge", "AuthenticateDevice", "RefreshTokens")
)
_GROUP_CONFIGURATION: dict[str, Any] = {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": None}

TRIGGERS: dict[str, Trigger] = {
    t.name: t
    for t in (
        Trigger(
            "PreSignUp",
            ("PreSignUp_SignUp", "PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider"),
            (("userAttributes", {}), ("validationData", None)),
            {"autoConfirmUser": bool, "autoVerifyEmail": bool, "autoVerifyPhone": bool},
        ),
        Trigger(
            "PostConfirmation",
            ("PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword"),
            (("userAttributes", {}),),
            {},
        ),
        Trigger(
            "PreAuthentication",
            ("PreAuthentication_Authentication",),
            (("userAttributes", {}), ("validationData", None)),
            {},
            ("clientMetadata", "userNotFound"),
        ),
        Trigger(
            "PostAuthentication",
            ("PostAuthentication_Authentication",),
            (("userAttributes", {}), ("newDeviceUsed", False)),
            {},
        ),
        Trigger(
            "PreTokenGeneration",
            _TOKEN_SOURCES,
            (("userAttributes", {}), ("groupConfiguration", _GROUP_CONFIGURATION)),
            {"claimsOverrideDetails": {**_ID_TOKEN_V1, "groupOverrideDetails": _GROUPS}},
        ),
        Trigger(
            "PreTokenGenerationV2",
            _TOKEN_SOURCES,
            (("userAttributes", {}), ("groupConfiguration", _GROUP_CONFIGURATION), ("scopes", [])),
            {
                "claimsAndScopeOverrideDetails": {
                    "idTokenGeneration": _ID_TOKEN,
                    "accessTokenGeneration": _ACCESS_TOKEN,
                    "groupOverrideDetails": _GROUPS,
                }
            },
        ),
        Trigger(
            "UserMigration",
            ("UserMigration_Authentication", "UserMigration_ForgotPassword"),
            (("password", None), ("validationData", None)),
            {
                "userAttributes": _STR_MAP,
                "finalUserStatus": str,
                "messageAction": str,
                "desiredDeliveryMediums": _STR_LIST,
                "forceAliasCreation": bool,
                "enableSMSMFA": bool,
            },
        ),
        Trigger(
            "CustomMessage",
            tuple(
                f"CustomMessage_{s}"
                for s in (
                    "SignUp",
                    "AdminCreateUser",
                    "ResendCode",
                    "ForgotPassword",
                    "UpdateUserAttribute",
                    "VerifyUserAttribute",
                    "Authentication",
                )
            ),
            (
                ("userAttributes", {}),
                ("codeParameter", CODE_PARAMETER),
                ("linkParameter", LINK_PARAMETER),
                ("usernameParameter", None),
            ),
            {"smsMessage": str, "emailMessage": str, "emailSubject": str},
        ),
        Trigger(
            "DefineAuthChallenge",
            ("DefineAuthChallenge_Authentication",),
            (("userAttributes", {}), ("session", [])),
            {"challengeName": str, "issueTokens": bool, "failAuthentication": bool},
            ("clientMetadata", "userNotFound"),
        ),
        Trigger(
            "CreateAuthChallenge",
            ("CreateAuthChallenge_Authentication",),
            (("userAttributes", {}), ("challengeName", "CUSTOM_CHALLENGE"), ("session", [])),
            {"publicChallengeParameters": _STR_MAP, "privateChallengeParameters": _STR_MAP, "challengeMetadata": str},
            ("clientMetadata", "userNotFound"),
        ),
        Trigger(
            "VerifyAuthChallengeResponse",
            ("VerifyAuthChallengeResponse_Authentication",),
            (("userAttributes", {}), ("privateChallengeParameters", {}), ("challengeAnswer", "")),
            {"answerCorrect": bool},
            ("clientMetadata", "userNotFound"),
        ),
    )
}

# Response fields that Cognito sends as null in the event (all of them but the pre sign-up booleans).
_RESPONSE_DEFAULTS = {"PreSignUp": {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}}


# --- configuration ---------------------------------------------------------------------------------------------


def function_arn(pool: CognitoIdpUserPool, trigger: str) -> str | None:
    """The function ARN the pool's LambdaConfig names for `trigger`, if any (`PreTokenGenerationConfig`
    takes precedence over the older `PreTokenGeneration` key, as in AWS)."""
    config = pool.extended_config.get("LambdaConfig") or {}
    if trigger == "PreTokenGeneration":
        v2 = config.get("PreTokenGenerationConfig") or {}
        return v2.get("LambdaArn") or config.get("PreTokenGeneration")
    return config.get(trigger)


def token_event_version(pool: CognitoIdpUserPool) -> str:
    """The pre token generation event version the pool sends: "V1_0" unless PreTokenGenerationConfig says."""
    config = (pool.extended_config.get("LambdaConfig") or {}).get("PreTokenGenerationConfig") or {}
    return config.get("LambdaVersion") or "V1_0"


def _spec(pool: CognitoIdpUserPool, trigger: str) -> tuple[Trigger, str]:
    if trigger == "PreTokenGeneration" and token_event_version(pool) != "V1_0":
        return TRIGGERS["PreTokenGenerationV2"], token_event_version(pool)[1]  # V2_0 -> "2", V3_0 -> "3"
    if trigger not in TRIGGERS or trigger == "PreTokenGenerationV2":
        raise ValueError(f"unknown trigger {trigger!r}; one of {sorted(set(TRIGGERS) - {'PreTokenGenerationV2'})}")
    return TRIGGERS[trigger], "1"


def build_event(
    pool: CognitoIdpUserPool,
    trigger: str,
    source: str,
    *,
    user_name: str,
    client_id: str | None = None,
    request: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The event Cognito sends for `trigger` with `source`, fields in AWS's order; the flow supplies the
    request values it knows and the rest take Cognito's defaults (clientMetadata only when given)."""
    spec, version = _spec(pool, trigger)
    if source not in spec.sources:
        raise ValueError(f"{source!r} is not a triggerSource of {trigger}; one of {spec.sources}")
    given = dict(request or {})
    unknown = set(given) - {k for k, _ in spec.request} - set(spec.optional)
    if unknown:
        raise ValueError(f"{trigger} request has no field {sorted(unknown)}")
    body: dict[str, Any] = {key: copy.deepcopy(given.get(key, default)) for key, default in spec.request}
    if source == "UserMigration_ForgotPassword":
        body.pop("password")  # AWS sends no password when the user asked for a reset
    if source == "CustomMessage_AdminCreateUser" and body["usernameParameter"] is None:
        body["usernameParameter"] = USERNAME_PARAMETER  # only invitations carry the user name
    for key in spec.optional:
        if key in given:
            body[key] = copy.deepcopy(given[key])
    defaults = _RESPONSE_DEFAULTS.get(spec.name, {})
    return {
        "version": version,
        "triggerSource": source,
        "region": pool.region,
        "userPoolId": pool.id,
        "userName": user_name,
        "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": client_id or NO_CLIENT},
        "request": body,
        "response": {key: defaults.get(key) for key in spec.response},
    }


# --- invocation ------------------------------------------------------------------------------------------------


def _function(arn: str) -> LambdaFunction | None:
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda":
        return None
    try:
        return lambda_backends[parts[4]][parts[3]].get_function(arn)
    except (LambdaClientError, KeyError):  # no such function, or an ARN naming no Lambda region
        return None


def _condition_allows(condition: dict[str, Any], pool: CognitoIdpUserPool) -> bool:
    context = {"aws:sourcearn": pool.arn, "aws:sourceaccount": pool.account_id}
    for operator, tests in condition.items():
        for key, wanted in tests.items():
            actual = context.get(key.lower())
            values = wanted if isinstance(wanted, list) else [wanted]
            if actual is None:
                return False
            if operator in ("ArnLike", "StringLike"):
                ok = any(fnmatch.fnmatchcase(actual, value) for value in values)
            elif operator in ("ArnEquals", "StringEquals"):
                ok = actual in values
            else:
                ok = False  # an operator we do not evaluate denies rather than allows
            if not ok:
                return False
    return True


def may_invoke(fn: LambdaFunction, pool: CognitoIdpUserPool) -> bool:
    """True when the function's resource policy lets cognito-idp.amazonaws.com invoke it for this pool."""
    for statement in fn.policy.statements:
        actions = statement.get("Action")
        actions = actions if isinstance(actions, list) else [actions]
        principal = statement.get("Principal")
        service = principal.get("Service") if isinstance(principal, dict) else principal
        services = service if isinstance(service, list) else [service]
        if (
            statement.get("Effect", "Allow") == "Allow"
            and any(a in ("lambda:InvokeFunction", "lambda:*", "*") for a in actions)
            and any(s in ("cognito-idp.amazonaws.com", "*") for s in services)
            and _condition_allows(statement.get("Condition") or {}, pool)
        ):
            return True
    return False


def _typed(value: Any, kind: Any) -> bool:
    if value is None:
        return True
    if isinstance(kind, dict):
        return isinstance(value, dict) and all(_typed(value.get(k), t) for k, t in kind.items())
    if kind is _STR_MAP:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    if kind is _SCALAR_MAP:
        return isinstance(value, dict) and all(isinstance(v, (str, int, float)) for v in value.values())
    if kind is _STR_LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind is bool:
        return isinstance(value, bool)
    return isinstance(value, kind) and not isinstance(value, bool)


def read_response(spec: Trigger, output: Any, sent: dict[str, Any]) -> dict[str, Any]:
    """The `response` part of the function's answer, type-checked as Cognito reads it."""
    if not isinstance(output, dict):
        raise InvalidLambdaResponseException()
    response = output.get("response", sent["response"])
    if response is None:
        response = {}
    if not isinstance(response, dict) or not _typed(response, spec.response):
        raise InvalidLambdaResponseException()
    return {key: response.get(key, sent["response"].get(key)) for key in spec.response}


def fire(
    pool: CognitoIdpUserPool,
    trigger: str,
    source: str,
    *,
    user_name: str,
    client_id: str | None = None,
    request: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Invoke the pool's `trigger` function, as Cognito does at that point of a flow, and return its checked
    `response` (None when the pool has no such trigger). Raises AWS's trigger errors."""
    arn = function_arn(pool, trigger)
    if not arn:
        return None
    event = build_event(pool, trigger, source, user_name=user_name, client_id=client_id, request=request)
    spec, _ = _spec(pool, trigger)
    fn = _function(arn)
    if fn is None or not may_invoke(fn, pool):
        raise UnexpectedLambdaException(trigger, "AccessDeniedException")
    try:
        runnable(fn)
    except InvalidRuntimeException:
        raise UnexpectedLambdaException(trigger, "InvalidRuntimeException") from None
    result = runtime.invoke(fn, json.loads(json.dumps(event)), invoked_arn=arn, wait=COGNITO_TIMEOUT_S)
    if result.abandoned:
        raise UnexpectedLambdaException(trigger, "Socket timeout while invoking Lambda function")
    if result.function_error:
        raise UserLambdaValidationException(trigger, str((result.error or {}).get("errorMessage", "")))
    return read_response(spec, json.loads(result.payload), event)


# --- applying responses ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignUpDecision:
    """What a pre sign-up response asks for."""

    auto_confirm: bool
    auto_verify_email: bool
    auto_verify_phone: bool


def sign_up_decision(response: dict[str, Any] | None, source: str) -> SignUpDecision:
    """Pre sign-up's answer; AdminCreateUser ignores it (the admin sets status and verification)."""
    if response is None or source == "PreSignUp_AdminCreateUser":
        return SignUpDecision(False, False, False)
    return SignUpDecision(
        bool(response.get("autoConfirmUser")),
        bool(response.get("autoVerifyEmail")),
        bool(response.get("autoVerifyPhone")),
    )


def _apply_claims(claims: dict[str, Any], details: dict[str, Any] | None, protected: frozenset[str]) -> dict[str, Any]:
    """Add/override then suppress (suppress wins); protected claims never change."""
    out = dict(claims)
    if not details:
        return out
    for name, value in (details.get("claimsToAddOrOverride") or {}).items():
        if name not in protected:
            out[name] = value
    for name in details.get("claimsToSuppress") or []:
        if name not in protected:
            out.pop(name, None)
    return out


def _apply_groups(claims: dict[str, Any], groups: dict[str, Any] | None) -> dict[str, Any]:
    if groups is None:
        return claims
    out = dict(claims)
    for claim, value in (
        ("cognito:groups", groups.get("groupsToOverride")),
        ("cognito:roles", groups.get("iamRolesToOverride")),
        ("cognito:preferred_role", groups.get("preferredRole")),
    ):
        if value is None:
            continue
        if value == []:
            out.pop(claim, None)
        else:
            out[claim] = value
    return out


@dataclass(frozen=True)
class TokenClaims:
    """The claims and scopes to sign after pre token generation."""

    id_claims: dict[str, Any]
    access_claims: dict[str, Any]
    scopes: list[str]


def apply_token_response(
    response: dict[str, Any] | None,
    *,
    id_claims: dict[str, Any],
    access_claims: dict[str, Any],
    scopes: list[str],
) -> TokenClaims:
    """Apply a pre token generation response: V1 changes the ID token (and groups in both tokens); V2 changes
    the ID token, the access token and its scopes. The access token's `scope` claim follows the scopes."""
    if response is None:
        return TokenClaims(dict(id_claims), dict(access_claims), list(scopes))
    if "claimsAndScopeOverrideDetails" in response:
        details = response.get("claimsAndScopeOverrideDetails") or {}
        groups = details.get("groupOverrideDetails")
        ids = _apply_claims(id_claims, details.get("idTokenGeneration"), PROTECTED_CLAIMS)
        access_details = details.get("accessTokenGeneration") or {}
        access = _apply_claims(access_claims, access_details, PROTECTED_ACCESS_CLAIMS)
        kept = [s for s in scopes if s not in (access_details.get("scopesToSuppress") or [])]
        added = [
            s for s in access_details.get("scopesToAdd") or [] if s not in kept and s not in (access_details.get("scopesToSuppress") or [])
        ]
        new_scopes = kept + added
    else:
        details = dict(response.get("claimsOverrideDetails") or {})
        groups = details.get("groupOverrideDetails")
        details["claimsToAddOrOverride"] = {  # V1 claims are strings in the token: 3 -> "3", True -> "true"
            name: value if isinstance(value, str) else json.dumps(value)
            for name, value in (details.get("claimsToAddOrOverride") or {}).items()
        }
        ids = _apply_claims(id_claims, details, PROTECTED_CLAIMS)
        access = dict(access_claims)
        new_scopes = list(scopes)
    ids = _apply_groups(ids, groups)
    access = _apply_groups(access, {"groupsToOverride": groups.get("groupsToOverride")} if groups else None)
    if "scope" in access or new_scopes != list(scopes):
        access["scope"] = " ".join(new_scopes)
    return TokenClaims(ids, access, new_scopes)


@dataclass(frozen=True)
class CustomMessage:
    """Message overrides from a custom message response; None keeps the pool's own template."""

    sms_message: str | None
    email_message: str | None
    email_subject: str | None


def custom_message(response: dict[str, Any] | None, source: str) -> CustomMessage:
    """Cognito uses a returned message only if it holds the code placeholder (and, for AdminCreateUser
    invitations, the username placeholder too); otherwise it sends its default message."""
    if response is None:
        return CustomMessage(None, None, None)
    needed = [CODE_PARAMETER] + ([USERNAME_PARAMETER] if source == "CustomMessage_AdminCreateUser" else [])

    def usable(text: str | None) -> str | None:
        return text if text is not None and all(p in text for p in needed) else None

    return CustomMessage(usable(response.get("smsMessage")), usable(response.get("emailMessage")), response.get("emailSubject"))


@dataclass(frozen=True)
class MigratedUser:
    """A user to create from a migrate user response."""

    attributes: dict[str, str]
    final_status: str
    message_action: str | None
    delivery_mediums: list[str]
    force_alias_creation: bool
    enable_sms_mfa: bool = False


def migrated_user(response: dict[str, Any] | None, source: str) -> MigratedUser | None:
    """The user a migrate user response describes, or None when the function migrated nobody (Cognito then
    answers as for an unknown user). Values outside AWS's enums are unreadable output."""
    if response is None or not response.get("userAttributes"):
        return None
    status = response.get("finalUserStatus")
    action = response.get("messageAction")
    mediums = response.get("desiredDeliveryMediums") or ["SMS"]
    if status not in (None, "CONFIRMED", "RESET_REQUIRED") or action not in (None, "SUPPRESS", "RESEND"):
        raise InvalidLambdaResponseException()
    if any(m not in ("SMS", "EMAIL") for m in mediums):
        raise InvalidLambdaResponseException()
    if status is None:
        status = "RESET_REQUIRED" if source == "UserMigration_ForgotPassword" else "CONFIRMED"
    return MigratedUser(
        dict(response["userAttributes"]),
        status,
        action,
        list(mediums),
        bool(response.get("forceAliasCreation")),
        bool(response.get("enableSMSMFA")),
    )


CHALLENGE_NAMES = ("CUSTOM_CHALLENGE", "PASSWORD_VERIFIER", "SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SRP_A")


@dataclass(frozen=True)
class ChallengeDecision:
    """Define auth challenge's decision for the next step of CUSTOM_AUTH."""

    challenge_name: str | None
    issue_tokens: bool
    fail_authentication: bool


def challenge_decision(response: dict[str, Any]) -> ChallengeDecision:
    """Read define auth challenge's answer; one of: issue tokens, fail, or name the next challenge."""
    decision = ChallengeDecision(
        response.get("challengeName"), bool(response.get("issueTokens")), bool(response.get("failAuthentication"))
    )
    if decision.issue_tokens or decision.fail_authentication:
        return decision
    if decision.challenge_name not in CHALLENGE_NAMES:
        raise InvalidLambdaResponseException()
    return decision


def session_entry(challenge_name: str, result: bool, metadata: str | None = None) -> dict[str, Any]:
    """One element of `request.session` for define/create auth challenge, as Cognito records it
    (`challengeMetadata` only when create auth challenge set one)."""
    entry: dict[str, Any] = {"challengeName": challenge_name, "challengeResult": result}
    if metadata is not None:
        entry["challengeMetadata"] = metadata
    return entry


def answer_correct(response: dict[str, Any]) -> bool:
    """Verify auth challenge response's verdict (absent means wrong)."""
    return bool(response.get("answerCorrect"))
