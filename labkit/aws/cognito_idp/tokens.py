"""Tokens as a user pool issues them: RS256 JWTs signed with the pool's own key, published as its JWKS.

RSA keys are slow to make, so the lab keeps the keys it has made (for the life of the process) and hands
them to pools in order: after a reset the first pool gets the first key again, the same `kid` as before.
Refresh tokens are opaque, as in AWS. Revocation (RevokeToken, GlobalSignOut) ends a refresh token and
every access token issued from it (by `origin_jti`), as Cognito does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.moto_api._internal import mock_random

from labkit.aws.cognito_idp import clock
from labkit.aws.cognito_idp.exceptions import NotAuthorizedException, UnsupportedTokenTypeException
from labkit.runtime import on_reset

UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
# AWS's defaults: access and ID tokens one hour, refresh tokens 30 days.
DEFAULT_VALIDITY = {"AccessToken": (60, "minutes"), "IdToken": (60, "minutes"), "RefreshToken": (30, "days")}
CLIENT_VALIDITY_KEY = {"AccessToken": "AccessTokenValidity", "IdToken": "IdTokenValidity", "RefreshToken": "RefreshTokenValidity"}
USER_ADMIN_SCOPE = "aws.cognito.signin.user.admin"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey
    public_jwk: dict[str, str]


_made: list[SigningKey] = []  # every key made in this process, reused in order after each reset
_pool_keys: dict[str, SigningKey] = {}


@dataclass
class Grant:
    """One sign-in: its refresh token and what every token issued from it shares."""

    pool_id: str
    client_id: str
    username: str
    sub: str
    origin_jti: str
    auth_time: int
    refresh_expires_at: float
    revoked: bool = False


_grants: dict[str, Grant] = {}  # by refresh token
_by_origin: dict[str, Grant] = {}  # by origin_jti


def _reset() -> None:
    _pool_keys.clear()
    _grants.clear()
    _by_origin.clear()


on_reset(_reset)


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _make_key() -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = private.public_key().public_numbers()
    n, e = _b64url_uint(numbers.n), _b64url_uint(numbers.e)
    # The kid is the key's RFC 7638 thumbprint: stable for the key, unique across pools.
    thumbprint = json.dumps({"e": e, "kty": "RSA", "n": n}, separators=(",", ":"), sort_keys=True)
    kid = base64.b64encode(hashlib.sha256(thumbprint.encode()).digest()).decode()
    return SigningKey(kid, private, {"alg": "RS256", "e": e, "kid": kid, "kty": "RSA", "n": n, "use": "sig"})


def key_for(pool_id: str) -> SigningKey:
    """The pool's signing key: the next key the lab has made (or makes now) in creation order."""
    key = _pool_keys.get(pool_id)
    if key is None:
        index = len(_pool_keys)
        while len(_made) <= index:
            _made.append(_make_key())
        key = _pool_keys[pool_id] = _made[index]
    return key


def jwks(pool_id: str) -> dict[str, list[dict[str, str]]]:
    """The pool's JSON Web Key Set, as served at /<pool id>/.well-known/jwks.json."""
    return {"keys": [key_for(pool_id).public_jwk]}


def issuer(region: str, pool_id: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"


def validity_seconds(client_config: dict[str, Any], token: str) -> int:
    """A client's lifetime for `token` (AccessToken, IdToken, RefreshToken) in seconds, honouring its units."""
    amount, unit = DEFAULT_VALIDITY[token]
    configured = client_config.get(CLIENT_VALIDITY_KEY[token])
    if configured:
        amount = int(configured)
        unit = (client_config.get("TokenValidityUnits") or {}).get(token) or ("days" if token == "RefreshToken" else "hours")
    return amount * UNIT_SECONDS[unit]


def _uuid() -> str:
    return str(mock_random.uuid4())


def _sign(pool_id: str, claims: dict[str, Any]) -> str:
    key = key_for(pool_id)
    return jwt.encode(claims, key.private, algorithm="RS256", headers={"kid": key.kid})


def grant(pool_id: str, client_id: str, username: str, sub: str, client_config: dict[str, Any]) -> tuple[str, Grant]:
    """Start a sign-in: an opaque refresh token and the grant it stands for."""
    now = int(clock.now())
    refresh = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ." + secrets.token_urlsafe(300)
    issued = Grant(pool_id, client_id, username, sub, _uuid(), now, now + validity_seconds(client_config, "RefreshToken"))
    _grants[refresh] = issued
    _by_origin[issued.origin_jti] = issued
    return refresh, issued


def issue(
    issued: Grant,
    region: str,
    client_config: dict[str, Any],
    id_claims: dict[str, Any],
    access_claims: dict[str, Any],
    scopes: list[str] | None = None,
) -> tuple[str, str, int]:
    """(id token, access token, access lifetime) for a grant, with the pool's claims added; the access
    token's `scope` lists `scopes` (the user pool API's own scope unless pre token generation changed them)."""
    now = int(clock.now())
    event_id = _uuid()
    common = {"sub": issued.sub, "iss": issuer(region, issued.pool_id), "origin_jti": issued.origin_jti, "event_id": event_id}
    access_life = validity_seconds(client_config, "AccessToken")
    id_life = validity_seconds(client_config, "IdToken")
    access = {
        **common,
        **access_claims,
        "version": 2,
        "client_id": issued.client_id,
        "token_use": "access",
        "scope": " ".join(scopes if scopes is not None else [USER_ADMIN_SCOPE]),
        "auth_time": issued.auth_time,
        "exp": now + access_life,
        "iat": now,
        "jti": _uuid(),
        "username": issued.username,
    }
    identity = {
        **common,
        **id_claims,
        "aud": issued.client_id,
        "token_use": "id",
        "auth_time": issued.auth_time,
        "exp": now + id_life,
        "iat": now,
        "jti": _uuid(),
    }
    return _sign(issued.pool_id, identity), _sign(issued.pool_id, access), access_life


def refresh_grant(refresh_token: str, client_id: str) -> Grant:
    """The live grant behind a refresh token, or AWS's NotAuthorizedException."""
    issued = _grants.get(refresh_token)
    if issued is None or issued.client_id != client_id:
        raise NotAuthorizedException("Invalid Refresh Token")
    if issued.revoked:
        raise NotAuthorizedException("Refresh Token has been revoked")
    if clock.now() > issued.refresh_expires_at:
        raise NotAuthorizedException("Refresh Token has expired")
    return issued


def access_claims(token: str) -> dict[str, Any]:
    """Verify an access token as Cognito's own APIs do (signature, expiry, revocation); return its claims."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
        pool_id = str(unverified["iss"]).rsplit("/", 1)[-1]
    except (jwt.PyJWTError, KeyError, ValueError):
        raise NotAuthorizedException("Invalid Access Token") from None
    key = _pool_keys.get(pool_id)
    if key is None or header.get("kid") != key.kid:
        raise NotAuthorizedException("Invalid Access Token")
    try:
        region = pool_id.split("_", 1)[0]
        claims = jwt.decode(
            token, key.private.public_key(), algorithms=["RS256"], issuer=issuer(region, pool_id), options={"verify_exp": False, "verify_iat": False}
        )
    except jwt.PyJWTError:
        raise NotAuthorizedException("Invalid Access Token") from None
    if clock.now() >= claims.get("exp", 0):
        raise NotAuthorizedException("Access Token has expired")
    if claims.get("token_use") != "access":
        raise NotAuthorizedException("Invalid Access Token")
    issued = _by_origin.get(claims.get("origin_jti", ""))
    if issued is None or issued.revoked:
        raise NotAuthorizedException("Access Token has been revoked")
    return claims


def revoke(refresh_token: str, client_id: str) -> None:
    """RevokeToken: end the refresh token and the access tokens issued from it.

    Only refresh tokens can be revoked; an unknown one is answered with success, as OAuth revocation (RFC 7009) does.
    """
    if refresh_token.count(".") == 2 and refresh_token.startswith("eyJ") and refresh_token not in _grants:
        try:
            jwt.get_unverified_header(refresh_token)
        except jwt.PyJWTError:
            pass
        else:
            raise UnsupportedTokenTypeException("Unsupported token type")
    issued = _grants.get(refresh_token)
    if issued is None:
        return
    if issued.client_id != client_id:
        raise NotAuthorizedException("Invalid Refresh Token")
    issued.revoked = True


def sign_out(pool_id: str, sub: str) -> None:
    """GlobalSignOut: end every grant of the user in the pool."""
    for issued in _grants.values():
        if issued.pool_id == pool_id and issued.sub == sub:
            issued.revoked = True
