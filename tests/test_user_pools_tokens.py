"""Tokens: per-pool keys and JWKS, claims as AWS writes them, lifetimes, groups and roles, revocation."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import jwt
import pytest
from pool_kit import aws_error, client, idp, pool, sign_in, signed_up

import labkit
from labkit.aws.cognito_idp import clock, tokens


def _verify(lab, pool_id, token, **options):
    keys = jwt.PyJWKClient(f"{lab.endpoint_url}/{pool_id}/.well-known/jwks.json")
    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], **options)


def test_tokens_verify_against_the_pools_jwks_over_http(lab):
    p = pool()
    c = client(p)["ClientId"]
    signed_up(lab, c)
    result = sign_in(c)["AuthenticationResult"]
    issuer = f"https://cognito-idp.{lab.region}.amazonaws.com/{p}"
    id_claims = _verify(lab, p, result["IdToken"], audience=c, issuer=issuer)
    assert id_claims["token_use"] == "id" and id_claims["cognito:username"] == "alice"
    assert id_claims["email"] == "alice@example.com" and id_claims["email_verified"] is True
    assert id_claims["exp"] - id_claims["iat"] == 3600
    access = _verify(lab, p, result["AccessToken"], issuer=issuer)
    assert (access["token_use"], access["client_id"], access["username"]) == ("access", c, "alice")
    assert access["scope"] == "aws.cognito.signin.user.admin" and access["origin_jti"] == id_claims["origin_jti"]
    assert result["ExpiresIn"] == 3600


def test_each_pool_signs_with_its_own_key_and_keys_repeat_after_reset(lab):
    first, second = pool(), pool()
    kid_a, kid_b = (tokens.jwks(p)["keys"][0]["kid"] for p in (first, second))
    assert kid_a != kid_b
    c = client(second)["ClientId"]
    signed_up(lab, c)
    token = sign_in(c)["AuthenticationResult"]["IdToken"]
    with pytest.raises(jwt.PyJWKClientError):
        _verify(lab, first, token, audience=c)
    lab.reset()
    assert tokens.jwks(pool())["keys"][0]["kid"] == kid_a


def test_jwks_of_an_unknown_pool_is_not_found(lab):
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(f"{lab.endpoint_url}/us-east-1_nothere/.well-known/jwks.json")
    assert raised.value.code == 404
    p = pool()
    served = json.load(urllib.request.urlopen(f"{lab.endpoint_url}/{p}/.well-known/jwks.json"))
    assert served == tokens.jwks(p) and served["keys"][0]["alg"] == "RS256"


def test_jwks_in_process(lab):
    from labkit.aws.cognito_idp import jwks

    p = pool()
    assert jwks(p) == json.load(urllib.request.urlopen(f"{lab.endpoint_url}/{p}/.well-known/jwks.json"))
    with pytest.raises(labkit.LabError, match="no user pool 'us-east-1_nothere'"):
        jwks("us-east-1_nothere")


def test_token_validity_and_units(lab):
    p = pool()
    c = client(p, AccessTokenValidity=5, IdTokenValidity=2, TokenValidityUnits={"AccessToken": "minutes", "IdToken": "hours"})["ClientId"]
    signed_up(lab, c)
    result = sign_in(c)["AuthenticationResult"]
    assert result["ExpiresIn"] == 300
    claims = jwt.decode(result["IdToken"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 7200


def test_groups_roles_and_preferred_role(lab):
    p = pool()
    c = client(p)["ClientId"]
    signed_up(lab, c)
    idp().create_group(UserPoolId=p, GroupName="readers", RoleArn="arn:aws:iam::123456789012:role/read", Precedence=5)
    idp().create_group(UserPoolId=p, GroupName="admins", RoleArn="arn:aws:iam::123456789012:role/admin", Precedence=1)
    idp().create_group(UserPoolId=p, GroupName="plain")
    for group in ("readers", "admins", "plain"):
        idp().admin_add_user_to_group(UserPoolId=p, Username="alice", GroupName=group)
    result = sign_in(c)["AuthenticationResult"]
    claims = jwt.decode(result["IdToken"], options={"verify_signature": False})
    assert claims["cognito:groups"] == ["admins", "readers", "plain"]
    assert claims["cognito:roles"] == ["arn:aws:iam::123456789012:role/admin", "arn:aws:iam::123456789012:role/read"]
    assert claims["cognito:preferred_role"] == "arn:aws:iam::123456789012:role/admin"
    access = jwt.decode(result["AccessToken"], options={"verify_signature": False})
    assert access["cognito:groups"] == claims["cognito:groups"] and "cognito:roles" not in access
    idp().update_group(UserPoolId=p, GroupName="readers", Precedence=1)
    tied = jwt.decode(sign_in(c)["AuthenticationResult"]["IdToken"], options={"verify_signature": False})
    assert "cognito:preferred_role" not in tied and len(tied["cognito:roles"]) == 2


def test_revoke_token_ends_refresh_and_access(lab):
    c = client(pool())["ClientId"]
    signed_up(lab, c)
    result = sign_in(c)["AuthenticationResult"]
    idp().revoke_token(Token=result["RefreshToken"], ClientId=c)
    assert aws_error(idp().get_user, AccessToken=result["AccessToken"]) == ("NotAuthorizedException", "Access Token has been revoked")
    assert aws_error(
        idp().initiate_auth, ClientId=c, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]}
    ) == ("NotAuthorizedException", "Refresh Token has been revoked")
    assert aws_error(idp().revoke_token, Token=result["AccessToken"], ClientId=c)[0] == "UnsupportedTokenTypeException"


def test_global_sign_out_ends_every_session(lab):
    p = pool()
    c = client(p)["ClientId"]
    signed_up(lab, c)
    one, two = sign_in(c)["AuthenticationResult"], sign_in(c)["AuthenticationResult"]
    idp().global_sign_out(AccessToken=one["AccessToken"])
    for result in (one, two):
        assert aws_error(idp().get_user, AccessToken=result["AccessToken"])[1] == "Access Token has been revoked"
    three = sign_in(c)["AuthenticationResult"]
    idp().admin_user_global_sign_out(UserPoolId=p, Username="alice")
    assert aws_error(idp().get_user, AccessToken=three["AccessToken"])[1] == "Access Token has been revoked"


def test_forged_and_expired_access_tokens(lab, monkeypatch):
    c = client(pool())["ClientId"]
    signed_up(lab, c)
    token = sign_in(c)["AuthenticationResult"]["AccessToken"]
    head, body, signature = token.split(".")
    forged = ".".join((head, body, signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")))
    assert aws_error(idp().get_user, AccessToken=forged) == ("NotAuthorizedException", "Invalid Access Token")
    assert aws_error(idp().get_user, AccessToken="not-a-jwt") == ("NotAuthorizedException", "Invalid Access Token")
    claims = jwt.decode(token, options={"verify_signature": False})
    monkeypatch.setattr(clock, "now", lambda: claims["exp"] + 10)
    assert aws_error(idp().get_user, AccessToken=token) == ("NotAuthorizedException", "Access Token has expired")


@pytest.mark.parametrize(
    "settings",
    [
        {"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}},
        {"IdTokenValidity": 1, "TokenValidityUnits": {"IdToken": "minutes"}},
        {"RefreshTokenValidity": 30, "TokenValidityUnits": {"RefreshToken": "minutes"}},
    ],
)
def test_token_validity_outside_aws_ranges(lab, settings):
    assert aws_error(idp().create_user_pool_client, UserPoolId=pool(), ClientName="c", **settings) == (
        "InvalidParameterException",
        "Invalid range for token validity.",
    )
