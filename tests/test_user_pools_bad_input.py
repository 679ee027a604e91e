"""Malformed usernames, attributes, codes, tokens and templates get AWS's error codes and messages."""

from __future__ import annotations

import boto3
import pytest
from pool_kit import PASSWORD, aws_error, client, idp, pool, sign_in, signed_up

EMAIL = [{"Name": "email", "Value": "a@example.com"}]
TEXT = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*"


@pytest.fixture
def app(lab):
    p = pool(Schema=[{"Name": "team", "AttributeDataType": "String", "Mutable": False, "StringAttributeConstraints": {"MaxLength": "5"}}, {"Name": "email", "AttributeDataType": "String", "Required": True}])
    return p, client(p)["ClientId"]


@pytest.mark.parametrize(
    ("username", "attributes", "message"),
    [
        ("a b", EMAIL, r"1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+"),
        ("x" * 129, EMAIL, "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128"),
        ("amy", [], "Attributes did not conform to the schema: email: The attribute is required\n"),
        ("amy", [{"Name": "email", "Value": "not-an-email"}], "Invalid email address format."),
        ("amy", EMAIL + [{"Name": "phone_number", "Value": "555-0100"}], "Invalid phone number format."),
        ("amy", EMAIL + [{"Name": "custom:undeclared", "Value": "1"}], "Attributes did not conform to the schema: custom:undeclared: Attribute does not exist in the schema.\n"),
        ("amy", EMAIL + [{"Name": "shoe_size", "Value": "9"}], "Attributes did not conform to the schema: shoe_size: Attribute does not exist in the schema.\n"),
        ("amy", EMAIL + [{"Name": "custom:team", "Value": "toolong"}], "Attributes did not conform to the schema: custom:team: String must be no longer than 5 characters\n"),
    ],
)
def test_sign_up_rejects(app, username, attributes, message):
    _, c = app
    assert aws_error(idp().sign_up, ClientId=c, Username=username, Password=PASSWORD, UserAttributes=attributes) == ("InvalidParameterException", message)


def test_immutable_attributes_stay(lab, app):
    p, c = app
    signed_up(lab, c, "amy", "a@example.com")
    idp().admin_update_user_attributes(UserPoolId=p, Username="amy", UserAttributes=[{"Name": "custom:team", "Value": "red"}])
    token = sign_in(c, "amy")["AuthenticationResult"]["AccessToken"]
    code, message = aws_error(idp().update_user_attributes, AccessToken=token, UserAttributes=[{"Name": "custom:team", "Value": "blue"}])
    assert code == "InvalidParameterException" and message.startswith("Attributes did not conform to the schema: custom:team:")


def test_codes_and_challenges(lab, app):
    _, c = app
    idp().sign_up(ClientId=c, Username="amy", Password=PASSWORD, UserAttributes=EMAIL)
    assert aws_error(idp().confirm_sign_up, ClientId=c, Username="amy", ConfirmationCode="12 34") == (
        "InvalidParameterException",
        r"1 validation error detected: Value '12 34' at 'confirmationCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\S]+",
    )
    assert aws_error(idp().initiate_auth, ClientId=c, AuthFlow="MAGIC", AuthParameters={})[1].startswith(
        "1 validation error detected: Value 'MAGIC' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: ["
    )
    assert aws_error(idp().initiate_auth, ClientId=c, AuthFlow="USER_PASSWORD_AUTH") == ("InvalidParameterException", "Missing required parameter USERNAME")
    assert aws_error(idp().sign_up, ClientId="nope", Username="x", Password=PASSWORD) == ("ResourceNotFoundException", "User pool client nope does not exist.")


@pytest.mark.parametrize("token", ["abc", "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo"])
def test_bad_access_tokens(lab, token):
    assert aws_error(idp().get_user, AccessToken=token) == ("NotAuthorizedException", "Invalid Access Token")


def test_an_id_token_is_not_an_access_token(lab, app):
    _, c = app
    signed_up(lab, c, "amy", "a@example.com")
    id_token = sign_in(c, "amy")["AuthenticationResult"]["IdToken"]
    assert aws_error(idp().get_user, AccessToken=id_token) == ("NotAuthorizedException", "Invalid Access Token")


def test_pool_ids_and_templates(lab):
    assert aws_error(idp().admin_create_user, UserPoolId="nope", Username="x")[1] == (
        r"1 validation error detected: Value 'nope' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w-]+_[0-9a-zA-Z]+"
    )
    assert aws_error(idp().admin_create_user, UserPoolId="us-east-1_nothere", Username="x") == (
        "ResourceNotFoundException",
        "User pool us-east-1_nothere does not exist.",
    )
    assert aws_error(idp().create_user_pool, PoolName="p", VerificationMessageTemplate={"EmailMessage": "no code"}) == (
        "InvalidParameterException",
        f"1 validation error detected: Value 'no code' at 'verificationMessageTemplate.emailMessage' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {TEXT}\\{{####\\}}{TEXT}",
    )
    assert aws_error(
        idp().create_user_pool, PoolName="p", AdminCreateUserConfig={"InviteMessageTemplate": {"EmailMessage": "pw {####}"}}
    ) == ("InvalidParameterException", "The message is invalid.")


def test_the_http_endpoint_is_just_as_faithful(lab):
    http = boto3.client("cognito-idp", endpoint_url=lab.endpoint_url)
    p = http.create_user_pool(PoolName="over-http", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    c = http.create_user_pool_client(UserPoolId=p, ClientName="c", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    http.sign_up(ClientId=c, Username="web", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "web@example.com"}])
    assert aws_error(http.confirm_sign_up, ClientId=c, Username="web", ConfirmationCode="not-it")[0] == "CodeMismatchException"
    http.confirm_sign_up(ClientId=c, Username="web", ConfirmationCode=lab.outbox.latest_code("web@example.com"))
    result = http.initiate_auth(ClientId=c, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "web", "PASSWORD": PASSWORD})
    assert http.get_user(AccessToken=result["AuthenticationResult"]["AccessToken"])["Username"] == "web"
