"""Trigger costs: what one Lambda trigger adds to a user-pool call, measured in this process.

`triggers.fire` is exactly what a flow adds where AWS invokes a trigger: build the event, check the
function's permission, run it in a worker thread (warm environment), read and check its answer. It is
set beside one plain user-pool call (AdminGetUser) for scale, and beside `lambda.invoke` through boto3.
What a learner feels is the whole API call: SignUp with and without a pre sign-up trigger, and a
password sign-in with and without its three triggers (pre and post authentication, pre token generation),
in alternating rounds so both sides meet the same machine load.
"""

from __future__ import annotations

import itertools
from typing import Any

import boto3
from moto.cognitoidp.models import cognitoidp_backends

import labkit
from labkit.aws.cognito_idp import triggers
from labkit.bench import median_seconds

REPEAT = 300
ROUNDS = 10  # alternating with/without rounds of API calls
PER_ROUND = 20
PASSWORD = "Bench-pass-123!"
ANA = [{"Name": "email", "Value": "ana@example.com"}]  # AdminCreateUser calls pre sign-up too


def auto_confirm(event, context):  # type: ignore[no-untyped-def]
    """The pre sign-up function measured: a typical one-liner answer."""
    event["response"]["autoConfirmUser"] = event["request"]["userAttributes"]["email"].endswith("@example.com")
    return event


def passthrough(event, context):  # type: ignore[no-untyped-def]
    """The sign-in triggers measured: they answer without changes."""
    return event


def _alternating(plain: Any, triggered: Any) -> tuple[float, float]:
    """Medians (seconds) of one call without and with triggers, over alternating rounds."""
    without: list[float] = []
    with_: list[float] = []
    for _ in range(ROUNDS):
        without.append(median_seconds(plain, repeat=PER_ROUND))
        with_.append(median_seconds(triggered, repeat=PER_ROUND))
    return sorted(without)[ROUNDS // 2], sorted(with_)[ROUNDS // 2]


def api_calls(idp: Any) -> list[str]:
    """SignUp and InitiateAuth through boto3, each on a pool without and a pool with its triggers."""
    pre_sign_up = labkit.deploy(auto_confirm, name="bench-pre-sign-up")
    passing = labkit.deploy(passthrough, name="bench-passthrough")
    sign_in_triggers = {"PreAuthentication": passing, "PostAuthentication": passing, "PreTokenGeneration": passing}
    pools = {}
    for label, config in (("plain", {}), ("triggered", {"PreSignUp": pre_sign_up, **sign_in_triggers})):
        pool_id = idp.create_user_pool(PoolName=f"bench-{label}", LambdaConfig=config)["UserPool"]["Id"]
        client_id = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="bench", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
        )["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS", UserAttributes=ANA)
        idp.admin_set_user_password(UserPoolId=pool_id, Username="ana", Password=PASSWORD, Permanent=True)
        pools[label] = client_id
    counter = itertools.count()

    def sign_up(label: str) -> Any:
        n = next(counter)  # a new user every call
        attributes = [{"Name": "email", "Value": f"user{n}@example.com"}]
        return idp.sign_up(ClientId=pools[label], Username=f"user{n}", Password=PASSWORD, UserAttributes=attributes)

    def sign_in(label: str) -> Any:
        parameters = {"USERNAME": "ana", "PASSWORD": PASSWORD}
        return lambda: idp.initiate_auth(ClientId=pools[label], AuthFlow="USER_PASSWORD_AUTH", AuthParameters=parameters)

    up_plain, up_triggered = _alternating(lambda: sign_up("plain"), lambda: sign_up("triggered"))
    in_plain, in_triggered = _alternating(sign_in("plain"), sign_in("triggered"))
    return [
        f"SignUp: {up_plain * 1000:.2f} ms without, {up_triggered * 1000:.2f} ms with a pre sign-up trigger: "
        f"+{(up_triggered - up_plain) * 1000:.2f} ms",
        f"InitiateAuth (password): {in_plain * 1000:.2f} ms without, {in_triggered * 1000:.2f} ms with 3 triggers: "
        f"+{(in_triggered - in_plain) * 1000:.2f} ms ({(in_triggered - in_plain) * 1000 / 3:.2f} ms a trigger)",
    ]


def run() -> list[str]:
    lab = labkit.start()
    lab.reset()
    arn = labkit.deploy(auto_confirm, name="bench-pre-sign-up")
    idp = boto3.client("cognito-idp")
    pool_id = idp.create_user_pool(PoolName="bench-triggers", LambdaConfig={"PreSignUp": arn})["UserPool"]["Id"]
    pool = cognitoidp_backends[lab.account_id][lab.region].user_pools[pool_id]
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS", UserAttributes=ANA)
    request = {"userAttributes": {"email": "ana@example.com"}, "validationData": None}

    def fire() -> object:
        return triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", client_id="bench", request=request)

    fire()  # the cold start loads the module once; every later call reuses the warm environment
    fire_s = median_seconds(fire, repeat=REPEAT)
    lam = boto3.client("lambda")
    payload = b'{"request": {"userAttributes": {"email": "ana@example.com"}}, "response": {}}'
    invoke_s = median_seconds(lambda: lam.invoke(FunctionName="bench-pre-sign-up", Payload=payload), repeat=REPEAT)
    get_s = median_seconds(lambda: idp.admin_get_user(UserPoolId=pool_id, Username="ana"), repeat=REPEAT)
    calls = api_calls(idp)
    lab.reset()
    return [
        *calls,
        f"one trigger invocation (triggers.fire, warm): {fire_s * 1000:.2f} ms median of {REPEAT}",
        f"lambda.invoke through boto3 in-process: {invoke_s * 1000:.2f} ms median of {REPEAT}",
        f"for scale, one AdminGetUser call: {get_s * 1000:.2f} ms; a trigger adds {fire_s / get_s:.1f}x that",
    ]
