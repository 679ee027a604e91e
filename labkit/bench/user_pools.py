"""User pool costs: a sign-up-and-sign-in flow through the lab against raw moto, and SRP sign-in apart.

Both sides run in this process against the same running lab; raw moto is measured with the fidelity
layer's routes taken out (`cognito_idp.uninstall()`), so the only difference is the layer itself.
The flow: SignUp -> ConfirmSignUp (the lab's real code from the outbox; any code for moto) ->
InitiateAuth USER_PASSWORD_AUTH.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable

import boto3
from pycognito.aws_srp import AWSSRP

import labkit
from labkit.aws import cognito_idp
from labkit.bench import median_seconds

PASSWORD = "Bench-mark-1"
FLOWS = 30
ROUNDS = 5
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


def _flow_seconds(lab: labkit.Lab, raw: bool) -> float:
    """Median seconds of one flow in a fresh pool, through raw moto or through the lab."""
    lab.reset()
    if raw:
        cognito_idp.uninstall()
    try:
        idp, _, client = _setup()
        flow = _flow(idp, client, (lambda _: "123456") if raw else lab.outbox.latest_code)
        flow()  # warm up: the pool's signing key, botocore's caches
        return median_seconds(flow, repeat=FLOWS)
    finally:
        cognito_idp.install()


def _srp_seconds(lab: labkit.Lab, raw: bool) -> float:
    """Median seconds of an SRP sign-in (pycognito's AWSSRP) of a confirmed user."""
    lab.reset()
    if raw:
        cognito_idp.uninstall()
    try:
        idp, pool, client = _setup()
        idp.sign_up(ClientId=client, Username="srp", Password=PASSWORD)  # type: ignore[attr-defined]
        idp.admin_confirm_sign_up(UserPoolId=pool, Username="srp")  # type: ignore[attr-defined]
        return median_seconds(lambda: AWSSRP("srp", PASSWORD, pool, client, client=idp).authenticate_user(), repeat=10)
    finally:
        cognito_idp.install()


def run() -> list[str]:
    lab = labkit.start()
    # Alternate raw and lab rounds so that load from other processes falls on both sides alike.
    rounds = [(_flow_seconds(lab, raw=True), _flow_seconds(lab, raw=False)) for _ in range(ROUNDS)]
    ratio = statistics.median(lab_s / raw_s for raw_s, lab_s in rounds)
    raw_s = statistics.median(r for r, _ in rounds)
    lab_s = statistics.median(s for _, s in rounds)
    raw_srp, lab_srp = _srp_seconds(lab, raw=True), _srp_seconds(lab, raw=False)
    lab.reset()
    return [
        f"sign-up + confirm + USER_PASSWORD_AUTH: lab {lab_s * 1000:.1f} ms vs raw moto {raw_s * 1000:.1f} ms "
        f"= {ratio:.2f}x (median of {ROUNDS} alternating rounds; limit 1.5x)",
        f"USER_SRP_AUTH sign-in (pycognito AWSSRP): lab {lab_srp * 1000:.1f} ms (real SRP) "
        f"vs raw moto {raw_srp * 1000:.1f} ms (moto checks no password)",
    ]
