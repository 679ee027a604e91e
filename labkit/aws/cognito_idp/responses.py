"""moto's Cognito user pool responses with the actions the lab makes faithful: parse, run the flow, answer.

Everything not overridden here is moto's own behaviour. Each action reads its parameters, finds the pool
and client (or the user behind an access token) and hands over to the flow module for that concept.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from botocore.model import OperationNotFoundError
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.responses import TYPE_RESPONSE, ActionResult, EmptyResult, get_service_model

from labkit.aws import validation
from labkit.aws.cognito_idp import clients, mfa, outbox, recovery, schema, signin, signup, threats, tokens, users, verification
from labkit.aws.cognito_idp.exceptions import (
    CognitoError,
    EnableSoftwareTokenMFAException,
    InvalidParameterException,
    NotAuthorizedException,
    ResourceNotFoundException,
    SerializationException,
)


class LabCognitoIdpResponse(CognitoIdpResponse):
    """The user pool API as AWS answers it (codes, passwords, SRP, MFA, tokens, client rules)."""

    @cached_property
    def params(self) -> dict[str, Any]:
        return json.loads(self.body or "{}")

    def _dispatch(self, request: Any, full_url: str | None = None, headers: Any = None) -> TYPE_RESPONSE:
        """Check the request against AWS's API model first, as AWS does, so no operation meets a malformed one."""
        try:
            self.setup_class(request, full_url, headers)
        except UnicodeDecodeError as error:
            return validation.refuse(self, SerializationException(validation.undecodable(error)))
        try:
            self._check_model()
        except CognitoError as error:
            return validation.refuse(self, error)
        return self.call_action()

    def _check_model(self) -> None:
        try:
            params = self.params
        except ValueError:
            raise SerializationException("Request body is not valid JSON") from None
        try:
            operation = get_service_model(self.boto3_service_name).operation_model(self._get_action())
        except OperationNotFoundError:  # not an operation of the API: moto answers as AWS does for an unknown action
            return
        try:
            found = validation.problems(operation, params)
        except validation.SerializationError as error:
            raise SerializationException(str(error)) from None
        if found:
            raise InvalidParameterException(validation.message(found))

    def _client(self) -> tuple[Any, Any]:
        return clients.find(self.params.get("ClientId", ""), self.current_account, self.region)

    def _pool(self) -> Any:
        return users.pool(self.current_account, self.params.get("UserPoolId", ""))

    def _pool_client(self) -> tuple[Any, Any]:
        user_pool = self._pool()
        client = user_pool.clients.get(self.params.get("ClientId", ""))
        if client is None:
            raise ResourceNotFoundException(f"User pool client {self.params.get('ClientId')} does not exist.")
        return user_pool, client

    def _token_user(self) -> tuple[Any, Any, dict[str, Any]]:
        """(pool, user, claims) for the request's AccessToken, verified as Cognito verifies it."""
        claims = tokens.access_claims(self.params.get("AccessToken", ""))
        if tokens.USER_ADMIN_SCOPE not in str(claims.get("scope", "")).split():  # e.g. suppressed by pre token generation V2
            raise NotAuthorizedException("Access Token does not have required scopes")
        user_pool = users.pool(self.current_account, claims["iss"].rsplit("/", 1)[-1])
        user = users.find(user_pool, claims["username"])
        if user is None or user.id != claims["sub"]:
            raise NotAuthorizedException("User does not exist.")
        if not user.enabled:
            raise NotAuthorizedException("User is disabled.")
        return user_pool, user, claims

    # User pools -----------------------------------------------------------------------------------------

    def create_user_pool(self) -> ActionResult:
        config = dict(self.params)
        name = config.pop("PoolName")
        outbox.check_templates(config)
        schema.check_declarations(config.get("Schema") or [])
        user_pool = self.backend.create_user_pool(name, config)
        users.give_aws_id(self.backend, user_pool)
        schema.complete_standard(user_pool)
        return ActionResult({"UserPool": user_pool.to_json(extended=True)})

    def create_user_pool_client(self) -> ActionResult:
        clients.check_config(self.params)
        return super().create_user_pool_client()

    def update_user_pool_client(self) -> ActionResult:
        clients.check_config(self.params)
        return super().update_user_pool_client()

    def update_user_pool(self) -> None:
        user_pool = self._pool()
        config = {k: v for k, v in self.params.items() if k != "UserPoolId"}
        outbox.check_templates(config)
        user_pool.update_extended_config(config)
        if "MfaConfiguration" in config:
            user_pool.mfa_config = config["MfaConfiguration"]

    def _risk_target(self) -> tuple[Any, str | None]:
        """(pool, client id or None) of a risk configuration call; the client must be the pool's."""
        user_pool = self._pool()
        client_id = self.params.get("ClientId")
        if client_id and client_id not in user_pool.clients:
            raise ResourceNotFoundException(f"User pool client {client_id} does not exist.")
        return user_pool, client_id

    def set_risk_configuration(self) -> ActionResult:
        user_pool, client_id = self._risk_target()
        configuration = {k: v for k, v in self.params.items() if k not in ("UserPoolId", "ClientId")}
        return ActionResult({"RiskConfiguration": threats.set_configuration(user_pool.id, client_id, configuration)})

    def describe_risk_configuration(self) -> ActionResult:
        user_pool, client_id = self._risk_target()
        return ActionResult({"RiskConfiguration": threats.describe(user_pool.id, client_id)})

    # Sign-up --------------------------------------------------------------------------------------------

    def sign_up(self) -> ActionResult:
        user_pool, client = self._client()
        return ActionResult(signup.sign_up(user_pool, client, self.params))

    def confirm_sign_up(self) -> ActionResult:
        user_pool, client = self._client()
        signup.confirm_sign_up(user_pool, client, self.params)
        return EmptyResult()

    def resend_confirmation_code(self) -> ActionResult:
        user_pool, client = self._client()
        return ActionResult(signup.resend_confirmation_code(user_pool, client, self.params))

    def admin_create_user(self) -> ActionResult:
        user = signup.admin_create_user(self._pool(), self.params)
        return ActionResult({"User": user.to_json(extended=True)})

    def admin_confirm_sign_up(self) -> ActionResult:
        user_pool = self._pool()
        signup.admin_confirm_sign_up(user_pool, users.get(user_pool, self.params["Username"]), self.params.get("ClientMetadata"))
        return EmptyResult()

    def admin_get_user(self) -> ActionResult:
        user = users.get(self._pool(), self.params["Username"])
        return ActionResult(_user_json(user))

    def admin_disable_user(self) -> ActionResult:
        user_pool = self._pool()
        user = users.get(user_pool, self.params["Username"])
        user.enabled = False
        tokens.sign_out(user_pool.id, user.id)  # AWS: disabling a user revokes their tokens
        return EmptyResult()

    # Sign-in --------------------------------------------------------------------------------------------

    def initiate_auth(self) -> ActionResult:
        user_pool, client = self._client()
        return ActionResult(signin.initiate_auth(user_pool, client, self.params))

    def admin_initiate_auth(self) -> ActionResult:
        user_pool, client = self._pool_client()
        return ActionResult(signin.admin_initiate_auth(user_pool, client, self.params))

    def respond_to_auth_challenge(self) -> ActionResult:
        user_pool, client = self._client()
        return ActionResult(signin.respond(user_pool, client, self.params))

    def admin_respond_to_auth_challenge(self) -> ActionResult:
        user_pool, client = self._pool_client()
        return ActionResult(signin.respond(user_pool, client, self.params))

    # Passwords ------------------------------------------------------------------------------------------

    def forgot_password(self) -> ActionResult:
        user_pool, client = self._client()
        return ActionResult(recovery.forgot_password(user_pool, client, self.params))

    def confirm_forgot_password(self) -> ActionResult:
        user_pool, client = self._client()
        recovery.confirm_forgot_password(user_pool, client, self.params)
        return EmptyResult()

    def change_password(self) -> ActionResult:
        user_pool, user, _ = self._token_user()
        recovery.change_password(user_pool, user, self.params)
        return EmptyResult()

    def admin_set_user_password(self) -> ActionResult:
        recovery.admin_set_user_password(self._pool(), self.params)
        return EmptyResult()

    def admin_reset_user_password(self) -> ActionResult:
        recovery.admin_reset_user_password(self._pool(), self.params)
        return EmptyResult()

    # The signed-in user ---------------------------------------------------------------------------------

    def get_user(self) -> ActionResult:
        _, user, _ = self._token_user()
        return ActionResult(_user_json(user))

    def delete_user(self) -> ActionResult:
        user_pool, user, _ = self._token_user()
        tokens.sign_out(user_pool.id, user.id)
        user_pool.backend.admin_delete_user(user_pool.id, user.username)
        return EmptyResult()

    def update_user_attributes(self) -> ActionResult:
        user_pool, user, claims = self._token_user()
        client = user_pool.clients.get(claims.get("client_id"))
        attributes = list(self.params.get("UserAttributes") or [])
        details = verification.update(user_pool, user, attributes, client, metadata=self.params.get("ClientMetadata"))
        return ActionResult({"CodeDeliveryDetailsList": details})

    def admin_update_user_attributes(self) -> ActionResult:
        user_pool = self._pool()
        user = users.get(user_pool, self.params["Username"])
        attributes = list(self.params.get("UserAttributes") or [])
        verification.update(user_pool, user, attributes, admin=True, metadata=self.params.get("ClientMetadata"))
        return EmptyResult()

    def get_user_attribute_verification_code(self) -> ActionResult:
        user_pool, user, claims = self._token_user()
        details = verification.send_code(user_pool, user, self.params["AttributeName"], claims.get("client_id"), self.params.get("ClientMetadata"))
        return ActionResult({"CodeDeliveryDetails": details})

    def verify_user_attribute(self) -> ActionResult:
        user_pool, user, _ = self._token_user()
        verification.verify(user_pool, user, self.params["AttributeName"], self.params["Code"])
        return EmptyResult()

    def global_sign_out(self) -> ActionResult:
        user_pool, user, _ = self._token_user()
        tokens.sign_out(user_pool.id, user.id)
        return EmptyResult()

    def admin_user_global_sign_out(self) -> ActionResult:
        user_pool = self._pool()
        user = users.get(user_pool, self.params["Username"])
        tokens.sign_out(user_pool.id, user.id)
        return EmptyResult()

    def revoke_token(self) -> ActionResult:
        user_pool, client = self._client()
        if client.generate_secret and self.params.get("ClientSecret") != client.secret:
            raise NotAuthorizedException(f"Unable to verify secret hash for client {client.id}")
        tokens.revoke(self.params["Token"], client.id)
        return EmptyResult()

    # MFA ------------------------------------------------------------------------------------------------

    def associate_software_token(self) -> ActionResult:
        if self.params.get("Session"):
            current = signin.session(self.params["Session"])
            user_pool = users.pool(self.current_account, current.pool_id)
            user = users.get(user_pool, current.username)
            secret = mfa.associate(user_pool.id, user.id)
            return ActionResult({"SecretCode": secret, "Session": signin.continue_setup(self.params["Session"])})
        user_pool, user, _ = self._token_user()
        return ActionResult({"SecretCode": mfa.associate(user_pool.id, user.id)})

    def verify_software_token(self) -> ActionResult:
        code = self.params["UserCode"]  # six digits: AWS's model (checked on dispatch) says so
        token = self.params.get("Session")
        if token:
            current = signin.session(token)
            user_pool = users.pool(self.current_account, current.pool_id)
            user = users.get(user_pool, current.username)
        else:
            user_pool, user, _ = self._token_user()
        verified = mfa.verify_pending(user_pool.id, user.id, code)
        if verified is None:
            raise InvalidParameterException("User has not associated a software token.")
        if not verified:
            raise EnableSoftwareTokenMFAException()
        user.token_verified = True
        answer: dict[str, Any] = {"Status": "SUCCESS"}
        if token:
            user.software_token_mfa_enabled = True
            user.preferred_mfa_setting = "SOFTWARE_TOKEN_MFA"
            fresh = signin.continue_setup(token)
            signin.session(fresh).mfa_setup_verified = True
            answer["Session"] = fresh
        return ActionResult(answer)

    def set_user_mfa_preference(self) -> ActionResult:
        user_pool, user, _ = self._token_user()
        self._set_mfa_preference(user_pool, user)
        return EmptyResult()

    def admin_set_user_mfa_preference(self) -> ActionResult:
        user_pool = self._pool()
        self._set_mfa_preference(user_pool, users.get(user_pool, self.params["Username"]))
        return EmptyResult()

    def _set_mfa_preference(self, user_pool: Any, user: Any) -> None:
        sms = self.params.get("SMSMfaSettings") or {}
        totp = self.params.get("SoftwareTokenMfaSettings") or {}
        if sms.get("Enabled") and not users.attribute(user, "phone_number"):
            raise InvalidParameterException("User does not have delivery config set to turn on SMS_MFA")
        if totp.get("Enabled") and not mfa.has_totp(user_pool.id, user.id):
            raise InvalidParameterException("User has not verified software token mfa")
        user_pool.backend.admin_set_user_mfa_preference(user_pool.id, user.username, totp, sms)


def _user_json(user: Any) -> dict[str, Any]:
    """GetUser/AdminGetUser's answer: like moto's, without the empty MFA fields AWS leaves out."""
    answer = user.to_json(extended=True, attributes_key="UserAttributes")
    for key in ("PreferredMfaSetting", "MFAOptions", "UserMFASettingList"):
        if not answer.get(key):
            answer.pop(key, None)
    return answer


def serve_jwks(request: Any, full_url: str, headers: Any) -> TYPE_RESPONSE:
    """GET /<pool id>/.well-known/jwks.json: the pool's public signing key."""
    pool_id = urlsplit(full_url).path.strip("/").split("/")[0]
    try:
        users.pool(DEFAULT_ACCOUNT_ID, pool_id)
    except CognitoError:
        body = {"message": f"User pool {pool_id} does not exist."}
        return 404, {"Content-Type": "application/json"}, json.dumps(body)
    return 200, {"Content-Type": "application/json"}, json.dumps(tokens.jwks(pool_id))
