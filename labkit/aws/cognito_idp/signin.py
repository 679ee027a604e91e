"""Sign-in, as Cognito runs it: InitiateAuth / AdminInitiateAuth, then challenges until tokens are issued.

Each flow is a short sequence: client rules (flow allowed, SECRET_HASH) -> find the user (or migrate it
with the migrate user trigger, password flows only) -> pre authentication trigger -> prove the password
(plainly or by SRP) -> user state (confirmed, enabled, temporary password) -> threat protection -> MFA ->
post authentication trigger -> pre token generation trigger -> tokens. CUSTOM_AUTH replaces the password
with the define / create / verify auth challenge triggers, round after round.

`ClientMetadata` reaches the triggers as AWS documents: InitiateAuth's goes to pre authentication and migrate
user as `validationData`; RespondToAuthChallenge's to post authentication, pre token generation and the
custom auth challenge triggers as `clientMetadata`.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from moto.cognitoidp.models import CognitoIdpUser, UserStatus

from labkit.aws.cognito_idp import (
    clients,
    clock,
    codes,
    mfa,
    outbox,
    passwords,
    schema,
    signup,
    srp,
    threats,
    tokens,
    trigger_points,
    triggers,
    users,
)
from labkit.aws.cognito_idp.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedException,
    PasswordResetRequiredException,
    UserNotConfirmedException,
    UserNotFoundException,
)
from labkit.runtime import on_reset

LOCKOUT_AFTER = 5  # failed passwords before Cognito's temporary lockout starts


@dataclass
class Session:
    """What Cognito remembers between a challenge and its answer."""

    pool_id: str
    client_id: str
    username: str
    challenge: str
    expires_at: float
    srp: srp.Challenge | None = None
    known_user: bool = True
    mfa_setup_verified: bool = False
    token_source: str = "TokenGeneration_Authentication"  # pre token generation's triggerSource at the end
    custom_history: list[dict[str, Any]] = field(default_factory=list)  # CUSTOM_AUTH's request.session
    private_parameters: dict[str, str] = field(default_factory=dict)  # from create auth challenge
    challenge_metadata: str | None = None
    custom_auth: bool = False  # a PASSWORD_VERIFIER step inside CUSTOM_AUTH: define decides what follows


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0


_sessions: dict[str, Session] = {}
_srp_by_block: dict[str, str] = {}  # SECRET_BLOCK -> session, for clients that answer without Session
_failures: dict[tuple[str, str], _Failures] = {}


def _reset() -> None:
    _sessions.clear()
    _srp_by_block.clear()
    _failures.clear()


on_reset(_reset)


def _new_session(user_pool: Any, client: Any, username: str, challenge: str, **extra: Any) -> str:
    minutes = int(client.extended_config.get("AuthSessionValidity") or 3)
    token = secrets.token_urlsafe(192)
    _sessions[token] = Session(user_pool.id, client.id, username, challenge, clock.now() + minutes * 60, **extra)
    return token


def session(token: str | None, client_id: str | None = None) -> Session:
    """The live session for `token`, or AWS's NotAuthorizedException."""
    found = _sessions.get(token or "")
    if found is None or (client_id is not None and found.client_id != client_id):
        raise NotAuthorizedException("Invalid session for the user.")
    if clock.now() > found.expires_at:
        raise NotAuthorizedException("Invalid session for the user, session is expired.")
    return found


def _end(token: str) -> None:
    ended = _sessions.pop(token, None)
    if ended is not None and ended.srp is not None:
        _srp_by_block.pop(ended.srp.secret_block, None)


# --- the steps --------------------------------------------------------------------------------------------


def _check_flow_name(auth_flow: str, allowed: tuple[str, ...]) -> None:
    if auth_flow not in allowed:
        raise InvalidParameterException("Initiate Auth method not supported")


def _unknown_user(user_pool: Any, client: Any, username: str, validation: dict[str, str] | None) -> Exception:
    """The answer for a user name the pool does not know: with PreventUserExistenceErrors, pre authentication
    still runs (told `userNotFound`) and the answer is a wrong password's."""
    if clients.hides_users(client):
        trigger_points.pre_authentication(user_pool, None, username, client.id, validation)
        return NotAuthorizedException("Incorrect username or password.")
    return UserNotFoundException()


def _locked(user_pool: Any, user: CognitoIdpUser) -> None:
    state = _failures.get((user_pool.id, user.id))
    if state is not None and state.count >= LOCKOUT_AFTER and clock.now() < state.locked_until:
        raise NotAuthorizedException("Password attempts exceeded")


def _wrong_password(user_pool: Any, user: CognitoIdpUser) -> NotAuthorizedException:
    state = _failures.setdefault((user_pool.id, user.id), _Failures())
    state.count += 1
    if state.count >= LOCKOUT_AFTER:
        # Cognito's lockout: one second after the fifth failure, doubling with each further one, at most 15 minutes.
        state.locked_until = clock.now() + min(2 ** (state.count - LOCKOUT_AFTER), 900)
    return NotAuthorizedException("Incorrect username or password.")


def _password_ok(user_pool: Any, user: CognitoIdpUser) -> None:
    _failures.pop((user_pool.id, user.id), None)


def _may_sign_in(user: CognitoIdpUser) -> None:
    """Checked before the password, as AWS does: a disabled or unconfirmed user is told so whatever they typed."""
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    if user.status == UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException()


def _user_state(user_pool: Any, user: CognitoIdpUser) -> None:
    """Checked after the password: a reset the administrator asked for, an expired temporary password."""
    if user.status == UserStatus.RESET_REQUIRED:
        raise PasswordResetRequiredException()
    if user.status == UserStatus.FORCE_CHANGE_PASSWORD and signup.temporary_password_expired(user_pool, user):
        raise NotAuthorizedException("Temporary password has expired and must be reset by an administrator.")


def _next_step(user_pool: Any, client: Any, user: CognitoIdpUser, metadata: dict[str, str] | None = None) -> dict[str, Any]:
    """After the password: the new-password challenge, an MFA challenge, or tokens."""
    if user.status == UserStatus.FORCE_CHANGE_PASSWORD:
        visible = {k: v for k, v in user.attribute_lookup.items() if k not in ("sub",)}
        required = [f"userAttributes.{n}" for n, d in user_pool.schema_attributes.items() if d.required and n not in user.attribute_lookup]
        return {
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": _new_session(user_pool, client, user.username, "NEW_PASSWORD_REQUIRED"),
            "ChallengeParameters": {
                "USER_ID_FOR_SRP": user.username,
                "requiredAttributes": json.dumps(required),
                "userAttributes": json.dumps(visible),
            },
        }
    return _mfa_or_tokens(user_pool, client, user, metadata=metadata)


def _mfa_or_tokens(
    user_pool: Any,
    client: Any,
    user: CognitoIdpUser,
    source: str = "TokenGeneration_Authentication",
    metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    challenge = mfa.challenge_for(user_pool, user)
    if challenge is None:
        return signed_in(user_pool, client, user, source, metadata)
    token = _new_session(user_pool, client, user.username, challenge, token_source=source)
    parameters: dict[str, str] = {}
    if challenge == "SMS_MFA":
        parameters = send_sms_code(user_pool, user, client.id, metadata)
    elif challenge == "MFA_SETUP":
        parameters = {"MFAS_CAN_SETUP": json.dumps([m for m in mfa.pool_methods(user_pool) if m == "SOFTWARE_TOKEN_MFA"] or mfa.pool_methods(user_pool))}
    elif challenge == "SELECT_MFA_TYPE":
        parameters = {"MFAS_CAN_CHOOSE": json.dumps(mfa.enabled_methods(user))}
    parameters.setdefault("USER_ID_FOR_SRP", user.username)
    return {"ChallengeName": challenge, "Session": token, "ChallengeParameters": parameters}


def send_sms_code(user_pool: Any, user: CognitoIdpUser, client_id: str, metadata: dict[str, str] | None) -> dict[str, str]:
    phone = users.attribute(user, "phone_number") or ""
    code = codes.issue(user_pool.id, user.id, "SMS_MFA")
    custom = trigger_points.custom_message(user_pool, user, "CustomMessage_Authentication", client_id, metadata)
    details = outbox.send_code(
        user_pool.extended_config, pool_id=user_pool.id, user=user.username, destination=phone, medium="SMS",
        attribute="phone_number", code=code, purpose="Authentication", custom=custom,
    )
    return {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": details["Destination"]}


def id_claims(user_pool: Any, client: Any, user: CognitoIdpUser) -> dict[str, Any]:
    """The ID token's user claims: readable attributes, cognito:username, groups and their roles."""
    readable = client.extended_config.get("ReadAttributes")
    claims: dict[str, Any] = {}
    for name, value in user.attribute_lookup.items():
        if name == "sub" or name.startswith("dev:") or (readable and name not in readable):
            continue
        claims[name] = value == "true" if name.endswith("_verified") else value
    claims["cognito:username"] = user.username
    claims.update(group_claims(user))
    return claims


def group_claims(user: CognitoIdpUser) -> dict[str, Any]:
    """cognito:groups, and with roles cognito:roles and cognito:preferred_role (lowest Precedence, none on a tie)."""
    if not user.groups:
        return {}
    ordered = sorted(user.groups, key=lambda g: (g.precedence if g.precedence is not None else 2**31, g.group_name))
    claims: dict[str, Any] = {"cognito:groups": [g.group_name for g in ordered]}
    with_roles = [g for g in ordered if g.role_arn]
    if with_roles:
        claims["cognito:roles"] = sorted({g.role_arn for g in with_roles})
        best = [g for g in with_roles if g.precedence == with_roles[0].precedence]
        if len({g.role_arn for g in best}) == 1:
            claims["cognito:preferred_role"] = best[0].role_arn
    return claims


def signed_in(user_pool: Any, client: Any, user: CognitoIdpUser, source: str, metadata: dict[str, str] | None) -> dict[str, Any]:
    """Every challenge answered: post authentication, then tokens (pre token generation with `source`)."""
    trigger_points.post_authentication(user_pool, user, client.id, metadata)
    return {"ChallengeParameters": {}, "AuthenticationResult": authentication_result(user_pool, client, user, source=source, metadata=metadata)}


def authentication_result(
    user_pool: Any,
    client: Any,
    user: CognitoIdpUser,
    refresh_token: str | None = None,
    *,
    source: str = "TokenGeneration_Authentication",
    metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Issue tokens: a new grant (with a refresh token) at sign-in, or new tokens from an existing grant;
    the pre token generation trigger shapes their claims and scopes first."""
    access_extra = {k: v for k, v in group_claims(user).items() if k == "cognito:groups"}
    claims = trigger_points.token_claims(
        user_pool, user, client.id, source, metadata,
        id_claims=id_claims(user_pool, client, user), access_claims=access_extra, scopes=[tokens.USER_ADMIN_SCOPE],
    )
    if refresh_token is None:
        refresh_token, grant = tokens.grant(user_pool.id, client.id, user.username, user.id, client.extended_config)
        issued_refresh: str | None = refresh_token
    else:
        grant = tokens.refresh_grant(refresh_token, client.id)
        issued_refresh = None
    access_claims = {k: v for k, v in claims.access_claims.items() if k != "scope"}
    id_token, access_token, lifetime = tokens.issue(
        grant, user_pool.region, client.extended_config, claims.id_claims, access_claims, claims.scopes
    )
    # moto's own operations (e.g. DeleteUser, AdminUserGlobalSignOut) find users by these tables.
    user_pool.access_tokens[access_token] = (client.id, user.username)
    user_pool.id_tokens[id_token] = (client.id, user.username)
    result = {"AccessToken": access_token, "ExpiresIn": lifetime, "TokenType": "Bearer", "IdToken": id_token}
    if issued_refresh is not None:
        result["RefreshToken"] = issued_refresh
        user_pool.refresh_tokens[issued_refresh] = (client.id, user.username, grant.origin_jti)
    return result


# --- InitiateAuth / AdminInitiateAuth ---------------------------------------------------------------------


def _password_flow(user_pool: Any, client: Any, parameters: dict[str, str], validation: dict[str, str] | None) -> dict[str, Any]:
    username, password = parameters.get("USERNAME", ""), parameters.get("PASSWORD")
    if not username or password is None:
        raise InvalidParameterException("Missing required parameter " + ("USERNAME" if not username else "PASSWORD"))
    schema.check_username(username)
    user = users.find(user_pool, username)
    clients.require_secret_hash(client, users.names(user) if user else [username], parameters.get("SECRET_HASH"))
    if user is None:
        migrated = trigger_points.migrate(
            user_pool, username, "UserMigration_Authentication", client.id, password=password, validation=validation
        )
        if migrated is None:
            raise _unknown_user(user_pool, client, username, validation)
        user = signup.create_migrated(user_pool, username, password, migrated)
    _may_sign_in(user)
    _locked(user_pool, user)
    trigger_points.pre_authentication(user_pool, user, username, client.id, validation)
    if user.password != password:
        raise _wrong_password(user_pool, user)
    _password_ok(user_pool, user)
    _user_state(user_pool, user)
    threats.check_sign_in(user_pool, client.id, password)
    return _next_step(user_pool, client, user)


def _srp_flow(user_pool: Any, client: Any, parameters: dict[str, str], validation: dict[str, str] | None) -> dict[str, Any]:
    username, srp_a = parameters.get("USERNAME", ""), parameters.get("SRP_A", "")
    if not username or not srp_a:
        raise InvalidParameterException("Missing required parameter " + ("USERNAME" if not username else "SRP_A"))
    if not srp.is_valid_a(srp_a):
        raise InvalidParameterException("Invalid SRP_A value.")
    schema.check_username(username)
    user = users.find(user_pool, username)
    if user is None and not clients.hides_users(client):
        raise UserNotFoundException()
    clients.require_secret_hash(client, users.names(user) if user else [username], parameters.get("SECRET_HASH"))
    if user is not None:
        _may_sign_in(user)
        trigger_points.pre_authentication(user_pool, user, username, client.id, validation)
    else:  # a client that hides unknown users: pre authentication is told userNotFound
        trigger_points.pre_authentication(user_pool, None, username, client.id, validation)
    internal = user.username if user else username
    challenge = srp.start(user_pool.id, internal, user.password if user else None, srp_a)
    token = _new_session(user_pool, client, internal, "PASSWORD_VERIFIER", srp=challenge, known_user=user is not None)
    _srp_by_block[challenge.secret_block] = token
    return {"ChallengeName": "PASSWORD_VERIFIER", "Session": token, "ChallengeParameters": srp.challenge_parameters(challenge, internal)}


def _refresh_flow(user_pool: Any, client: Any, parameters: dict[str, str]) -> dict[str, Any]:
    refresh_token = parameters.get("REFRESH_TOKEN")
    if not refresh_token:
        raise InvalidParameterException("Missing required parameter REFRESH_TOKEN")
    grant = tokens.refresh_grant(refresh_token, client.id)
    user = users.find(user_pool, grant.username)
    if user is None:
        raise NotAuthorizedException("Refresh Token has been revoked")
    clients.require_secret_hash(client, users.names(user) + [user.id], parameters.get("SECRET_HASH"))
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    result = authentication_result(user_pool, client, user, refresh_token, source="TokenGeneration_RefreshTokens")
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


def _custom_flow(user_pool: Any, client: Any, parameters: dict[str, str], validation: dict[str, str] | None) -> dict[str, Any]:
    """CUSTOM_AUTH: pre authentication, then define auth challenge decides the first step."""
    if not triggers.function_arn(user_pool, "DefineAuthChallenge"):
        raise InvalidParameterException("Custom auth lambda trigger is not configured for the user pool.")
    username = parameters.get("USERNAME", "")
    if not username:
        raise InvalidParameterException("Missing required parameter USERNAME")
    schema.check_username(username)
    user = users.find(user_pool, username)
    clients.require_secret_hash(client, users.names(user) if user else [username], parameters.get("SECRET_HASH"))
    if user is None:
        if not clients.hides_users(client):
            raise UserNotFoundException()
        # PreventUserExistenceErrors: the challenge triggers run as for a user (told userNotFound); no answer succeeds.
        trigger_points.pre_authentication(user_pool, None, username, client.id, validation)
        return _custom_step(user_pool, client, None, [], None, username)
    _may_sign_in(user)
    trigger_points.pre_authentication(user_pool, user, username, client.id, validation)
    # With CHALLENGE_NAME=SRP_A the app starts with the password (SRP); define sees [SRP_A] and may ask PASSWORD_VERIFIER.
    srp_a = parameters.get("SRP_A") if parameters.get("CHALLENGE_NAME") == "SRP_A" else None
    if srp_a is not None and not srp.is_valid_a(srp_a):
        raise InvalidParameterException("Invalid SRP_A value.")
    history = [triggers.session_entry("SRP_A", True)] if srp_a else []
    return _custom_step(user_pool, client, user, history, None, user.username, srp_a)


def _challenge_request(user: CognitoIdpUser | None, metadata: dict[str, str] | None, **fields: Any) -> dict[str, Any]:
    """The request of a custom auth challenge trigger: the user's attributes, or `userNotFound` for a hidden unknown user."""
    request: dict[str, Any] = {"userAttributes": trigger_points.user_attributes(user) if user else {}, **fields}
    if user is None:
        request["userNotFound"] = True
    if metadata is not None:
        request["clientMetadata"] = metadata
    return request


def _custom_step(
    user_pool: Any,
    client: Any,
    user: CognitoIdpUser | None,
    history: list[dict[str, Any]],
    metadata: dict[str, str] | None,
    username: str,
    srp_a: str | None = None,
) -> dict[str, Any]:
    """One round of CUSTOM_AUTH: define auth challenge reads the session so far and fails, issues tokens,
    or names the next challenge, which create auth challenge then makes (or, after SRP_A, the password step)."""
    request = _challenge_request(user, metadata, session=history)
    defined = triggers.fire(user_pool, "DefineAuthChallenge", "DefineAuthChallenge_Authentication", user_name=username, client_id=client.id, request=request)
    decision = triggers.challenge_decision(defined or {})
    if decision.fail_authentication or (decision.issue_tokens and user is None):
        raise NotAuthorizedException("Incorrect username or password.")
    if decision.issue_tokens and user is not None:
        return signed_in(user_pool, client, user, "TokenGeneration_Authentication", metadata)
    if decision.challenge_name == "PASSWORD_VERIFIER" and srp_a is not None and user is not None:
        challenge = srp.start(user_pool.id, username, user.password, srp_a)
        token = _new_session(user_pool, client, username, "PASSWORD_VERIFIER", srp=challenge, custom_history=history, custom_auth=True)
        _srp_by_block[challenge.secret_block] = token
        return {"ChallengeName": "PASSWORD_VERIFIER", "Session": token, "ChallengeParameters": srp.challenge_parameters(challenge, username)}
    if decision.challenge_name != "CUSTOM_CHALLENGE":
        raise InvalidParameterException(
            f"Challenge {decision.challenge_name} in CUSTOM_AUTH is not supported by this lab; use CUSTOM_CHALLENGE "
            "(or PASSWORD_VERIFIER after SRP_A)."
        )
    created = triggers.fire(
        user_pool, "CreateAuthChallenge", "CreateAuthChallenge_Authentication", user_name=username, client_id=client.id,
        request=_challenge_request(user, metadata, challengeName=decision.challenge_name, session=history),
    ) or {}
    token = _new_session(
        user_pool, client, username, "CUSTOM_CHALLENGE", custom_history=history, known_user=user is not None,
        private_parameters=dict(created.get("privateChallengeParameters") or {}), challenge_metadata=created.get("challengeMetadata"),
    )
    public = dict(created.get("publicChallengeParameters") or {})
    return {"ChallengeName": "CUSTOM_CHALLENGE", "Session": token, "ChallengeParameters": {**public, "USERNAME": username}}


_PASSWORD_FLOWS = {"InitiateAuth": ("USER_PASSWORD_AUTH",), "AdminInitiateAuth": ("ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH")}


def _start(operation: str, user_pool: Any, client: Any, params: dict[str, Any]) -> dict[str, Any]:
    """InitiateAuth and AdminInitiateAuth differ only in which flows name a plain password."""
    auth_flow, parameters = params["AuthFlow"], params.get("AuthParameters") or {}
    password_flows = _PASSWORD_FLOWS[operation]
    _check_flow_name(auth_flow, ("USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", *password_flows))
    clients.require_flow(client, auth_flow)
    validation = params.get("ClientMetadata")
    if auth_flow in password_flows:
        return _password_flow(user_pool, client, parameters, validation)
    if auth_flow == "USER_SRP_AUTH":
        return _srp_flow(user_pool, client, parameters, validation)
    if auth_flow == "CUSTOM_AUTH":
        return _custom_flow(user_pool, client, parameters, validation)
    return _refresh_flow(user_pool, client, parameters)


def initiate_auth(user_pool: Any, client: Any, params: dict[str, Any]) -> dict[str, Any]:
    return _start("InitiateAuth", user_pool, client, params)


def admin_initiate_auth(user_pool: Any, client: Any, params: dict[str, Any]) -> dict[str, Any]:
    return _start("AdminInitiateAuth", user_pool, client, params)


# --- RespondToAuthChallenge -------------------------------------------------------------------------------


def respond(user_pool: Any, client: Any, params: dict[str, Any]) -> dict[str, Any]:
    name = params["ChallengeName"]
    responses = params.get("ChallengeResponses") or {}
    token = params.get("Session") or ""
    if name == "PASSWORD_VERIFIER" and not token:
        # AWS's SDKs answer PASSWORD_VERIFIER without the Session: the secret block names the exchange.
        token = _srp_by_block.get(responses.get("PASSWORD_CLAIM_SECRET_BLOCK", ""), "")
    current = session(token, client.id)
    if current.challenge != name and not (current.challenge == "SELECT_MFA_TYPE" and name in ("SMS_MFA", "SOFTWARE_TOKEN_MFA")):
        raise InvalidParameterException(f"Invalid challenge name {name}; the session expects {current.challenge}.")
    username = responses.get("USERNAME")
    if not username:
        raise InvalidParameterException("Missing required parameter USERNAME")
    user = users.find(user_pool, username)
    if current.known_user and (user is None or user.username != current.username):
        raise NotAuthorizedException("Incorrect username or password.")
    clients.require_secret_hash(client, users.names(user) if user else [username], responses.get("SECRET_HASH"))
    handler = {
        "PASSWORD_VERIFIER": _answer_password_verifier,
        "NEW_PASSWORD_REQUIRED": _answer_new_password,
        "SOFTWARE_TOKEN_MFA": _answer_totp,
        "SMS_MFA": _answer_sms,
        "SELECT_MFA_TYPE": _answer_select,
        "MFA_SETUP": _answer_mfa_setup,
        "CUSTOM_CHALLENGE": _answer_custom,
    }.get(name)
    if handler is None:
        raise InvalidParameterException(f"Challenge {name} is not supported by this lab.")
    return handler(user_pool, client, user, current, token, responses, params.get("ClientMetadata"))


def _answer_password_verifier(user_pool: Any, client: Any, user: Any, current: Session, token: str, responses: dict[str, str], metadata: dict[str, str] | None) -> dict[str, Any]:
    signature, timestamp = responses.get("PASSWORD_CLAIM_SIGNATURE"), responses.get("TIMESTAMP")
    if not signature or not timestamp or not responses.get("PASSWORD_CLAIM_SECRET_BLOCK"):
        raise InvalidParameterException("Missing required parameter PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK or TIMESTAMP")
    _end(token)
    if current.srp is None:
        raise NotAuthorizedException("Invalid session for the user.")
    if user is None or not current.known_user:
        raise NotAuthorizedException("Incorrect username or password.")
    _locked(user_pool, user)
    if not srp.verify(user_pool.id, current.srp, timestamp, signature):
        raise _wrong_password(user_pool, user)
    _password_ok(user_pool, user)
    _user_state(user_pool, user)
    if current.custom_auth:
        history = [*current.custom_history, triggers.session_entry("PASSWORD_VERIFIER", True)]
        return _custom_step(user_pool, client, user, history, metadata, user.username)
    return _next_step(user_pool, client, user, metadata)


def _answer_new_password(user_pool: Any, client: Any, user: Any, current: Session, token: str, responses: dict[str, str], metadata: dict[str, str] | None) -> dict[str, Any]:
    new_password = responses.get("NEW_PASSWORD")
    if not new_password:
        raise InvalidParameterException("Missing required parameter NEW_PASSWORD")
    passwords.check(user_pool.extended_config, new_password)
    threats.check_new_password(user_pool, client.id, new_password, "PASSWORD_CHANGE")
    updates = [{"Name": k.removeprefix("userAttributes."), "Value": v} for k, v in responses.items() if k.startswith("userAttributes.")]
    if updates:
        schema.check_update(user_pool, user, updates)
        user.update_attributes(updates)
    missing = [n for n, d in user_pool.schema_attributes.items() if d.required and n != "sub" and n not in user.attribute_lookup]
    if missing:
        raise InvalidParameterException("Invalid attributes given, " + ", ".join(missing) + " is missing")
    _end(token)
    user.password = new_password
    user.status = UserStatus.CONFIRMED
    return _mfa_or_tokens(user_pool, client, user, "TokenGeneration_NewPasswordChallenge", metadata)


def _answer_totp(user_pool: Any, client: Any, user: Any, current: Session, token: str, responses: dict[str, str], metadata: dict[str, str] | None) -> dict[str, Any]:
    code = responses.get("SOFTWARE_TOKEN_MFA_CODE", "")
    if not mfa.check_totp(user_pool.id, user.id, code):
        raise CodeMismatchException("Invalid code received for user")
    _end(token)
    return signed_in(user_pool, client, user, current.token_source, metadata)


def _answer_sms(user_pool: Any, client: Any, user: Any, current: Session, token: str, responses: dict[str, str], metadata: dict[str, str] | None) -> dict[str, Any]:
    codes.check(user_pool.id, user.id, "SMS_MFA", responses.get("SMS_MFA_CODE", ""))
    _end(token)
    return signed_in(user_pool, client, user, current.token_source, metadata)


def _answer_select(user_pool: Any, client: Any, user: Any, current: Session, token: str, responses: dict[str, str], metadata: dict[str, str] | None) -> dict[str, Any]:
    answer = responses.get("ANSWER")
    if answer not in mfa.enabled_methods(user):
        raise InvalidParameterException("Invalid MFA type selected.")
    _end(token)
    next_token = _new_session(user_pool, client, user.username, answer, token_source=current.token_source)
    parameters = send_sms_code(user_pool, user, client.id, metadata) if answer == "SMS_MFA" else {}
    return {"ChallengeName": answer, "Session": next_token, "ChallengeParameters": parameters}


def _answer_mfa_setup(user_pool: Any, client: Any, user: Any, current: Session, token: str, responses: dict[str, str], metadata: dict[str, str] | None) -> dict[str, Any]:
    if not current.mfa_setup_verified:
        raise InvalidParameterException("User has not verified software token mfa")
    _end(token)
    return signed_in(user_pool, client, user, current.token_source, metadata)


def _answer_custom(
    user_pool: Any, client: Any, user: Any, current: Session, token: str, responses: dict[str, str], metadata: dict[str, str] | None
) -> dict[str, Any]:
    """A CUSTOM_CHALLENGE answer: verify auth challenge response judges it, then define auth challenge decides."""
    answer = responses.get("ANSWER")
    if answer is None:
        raise InvalidParameterException("Missing required parameter ANSWER")
    _end(token)
    known = user if current.known_user else None
    request = _challenge_request(known, metadata, privateChallengeParameters=current.private_parameters, challengeAnswer=answer)
    verdict = triggers.fire(
        user_pool, "VerifyAuthChallengeResponse", "VerifyAuthChallengeResponse_Authentication",
        user_name=current.username, client_id=client.id, request=request,
    )
    entry = triggers.session_entry("CUSTOM_CHALLENGE", triggers.answer_correct(verdict or {}), current.challenge_metadata)
    return _custom_step(user_pool, client, known, [*current.custom_history, entry], metadata, current.username)


# --- TOTP setup during sign-in (MFA_SETUP) ----------------------------------------------------------------


def continue_setup(token: str) -> str:
    """AssociateSoftwareToken / VerifySoftwareToken with a Session hand back a fresh session for the next step."""
    current = session(token)
    _end(token)
    fresh = secrets.token_urlsafe(192)
    _sessions[fresh] = current
    return fresh
