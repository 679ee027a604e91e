"""User pool costs: a sign-up-and-sign-in flow through the lab against raw moto, and SRP sign-in apart.

Both sides run in this process against the same running lab; raw moto is measured with the fidelity
layer's routes taken out (`cognito_idp.uninstall()`), so the only difference is the layer itself.
The flow: SignUp -> ConfirmSignUp (the lab's real code from the outbox; any code for moto) ->
InitiateAuth USER_PASSWORD_AUTH.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import boto3
from pycognito.aws_srp import AWSSRP

import labkit
from labkit.aws import cognito_idp
from labkit.bench import median_seconds

PASSWORD = "Bench-mark-1"
FLOWS = 40
_names = itertools.count()


def _setup() -> tuple[object, str, str]:
    idp = boto3.client("cognito-idp")
    pool = idp.create_user_pool(PoolName="bench", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool,
        ClientName="bench",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return idp, pool, client


def _flow(idp: object, client: str, code_for: Callable[[str], str]) -> Callable[[], object]:
    def once() -> object:
        name = f"user{next(_names)}"
        email = f"{name}@example.com"
        idp.sign_up(ClientId=client, Username=name, Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": email}])  # type: ignore[attr-defined]
        idp.confirm_sign_up(ClientId=client, Username=name, ConfirmationCode=code_for(email))  # type: ignore[attr-defined]
        return idp.initiate_auth(  # type: ignore[attr-defined]
            ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": name, "PASSWORD": PASSWORD}
        )

    return once


def _measure(lab: labkit.Lab, raw: bool) -> tuple[float, float]:
    """Median seconds of one flow, and an SRP sign-in of the last user (for the SRP line)."""
    lab.reset()
    if raw:
        cognito_idp.uninstall()
    try:
        idp, pool, client = _setup()
        flow = _flow(idp, client, (lambda _: "123456") if raw else lab.outbox.latest_code)
        flow()  # warm up: the pool's signing key, botocore's caches
        seconds = median_seconds(flow, repeat=FLOWS)
        name = f"user{next(_names)}"
        idp.sign_up(ClientId=client, Username=name, Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])  # type: ignore[attr-defined]
        idp.admin_confirm_sign_up(UserPoolId=pool, Username=name)  # type: ignore[attr-defined]
        srp_seconds = median_seconds(lambda: AWSSRP(name, PASSWORD, pool, client, client=idp).authenticate_user(), repeat=10)
        return seconds, srp_seconds
    finally:
        cognito_idp.install()


def run() -> list[str]:
    lab = labkit.start()
    raw_s, raw_srp = _measure(lab, raw=True)
    lab_s, lab_srp = _measure(lab, raw=False)
    lab.reset()
    return [
        f"sign-up + confirm + USER_PASSWORD_AUTH: lab {lab_s * 1000:.1f} ms vs raw moto {raw_s * 1000:.1f} ms "
        f"= {lab_s / raw_s:.2f}x (limit 1.5x)",
        f"USER_SRP_AUTH sign-in (pycognito AWSSRP): lab {lab_srp * 1000:.1f} ms (real SRP) "
        f"vs raw moto {raw_srp * 1000:.1f} ms (moto checks no password)",
    ]
