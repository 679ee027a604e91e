"""Small builders for the user pool tests: a pool, a client, a confirmed user, all through plain boto3."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

PASSWORD = "Corr3ct-horse!"
ALL_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]


def idp() -> Any:
    return boto3.client("cognito-idp")


def pool(**config: Any) -> str:
    config.setdefault("AutoVerifiedAttributes", ["email"])
    return idp().create_user_pool(PoolName="tests", **config)["UserPool"]["Id"]


def client(pool_id: str, **config: Any) -> dict[str, Any]:
    config.setdefault("ExplicitAuthFlows", ALL_FLOWS)
    return idp().create_user_pool_client(UserPoolId=pool_id, ClientName="app", **config)["UserPoolClient"]


def signed_up(lab: Any, client_id: str, name: str = "alice", email: str | None = None, password: str = PASSWORD, **extra: Any) -> str:
    """Sign up and confirm with the code from the outbox; returns the email used."""
    email = email or f"{name}@example.com"
    idp().sign_up(ClientId=client_id, Username=name, Password=password, UserAttributes=[{"Name": "email", "Value": email}], **extra)
    idp().confirm_sign_up(ClientId=client_id, Username=name, ConfirmationCode=lab.outbox.latest_code(email), **extra)
    return email


def sign_in(client_id: str, name: str = "alice", password: str = PASSWORD, **parameters: str) -> dict[str, Any]:
    return idp().initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": name, "PASSWORD": password, **parameters}
    )


def aws_error(call: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
    """(code, message) of the ClientError a call raises; fails the test if it succeeds."""
    with pytest.raises(ClientError) as raised:
        call(*args, **kwargs)
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]
