"""Trigger costs: what one Lambda trigger adds to a user-pool call, measured in this process.

`triggers.fire` is exactly what a flow adds where AWS invokes a trigger: build the event, check the
function's permission, run it in a worker thread (warm environment), read and check its answer. It is
set beside one plain user-pool call (AdminGetUser) for scale, and beside `lambda.invoke` through boto3.
"""

from __future__ import annotations

import boto3
from moto.cognitoidp.models import cognitoidp_backends

import labkit
from labkit.aws.cognito_idp import triggers
from labkit.bench import median_seconds

REPEAT = 300


def auto_confirm(event, context):  # type: ignore[no-untyped-def]
    """The pre sign-up function measured: a typical one-liner answer."""
    event["response"]["autoConfirmUser"] = event["request"]["userAttributes"]["email"].endswith("@example.com")
    return event


def run() -> list[str]:
    lab = labkit.start()
    lab.reset()
    arn = labkit.deploy(auto_confirm, name="bench-pre-sign-up")
    idp = boto3.client("cognito-idp")
    pool_id = idp.create_user_pool(PoolName="bench-triggers", LambdaConfig={"PreSignUp": arn})["UserPool"]["Id"]
    pool = cognitoidp_backends[lab.account_id][lab.region].user_pools[pool_id]
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    request = {"userAttributes": {"email": "ana@example.com"}, "validationData": None}

    def fire() -> object:
        return triggers.fire(pool, "PreSignUp", "PreSignUp_SignUp", user_name="ana", client_id="bench", request=request)

    fire()  # the cold start loads the module once; every later call reuses the warm environment
    fire_s = median_seconds(fire, repeat=REPEAT)
    lam = boto3.client("lambda")
    payload = b'{"request": {"userAttributes": {"email": "ana@example.com"}}, "response": {}}'
    invoke_s = median_seconds(lambda: lam.invoke(FunctionName="bench-pre-sign-up", Payload=payload), repeat=REPEAT)
    get_s = median_seconds(lambda: idp.admin_get_user(UserPoolId=pool_id, Username="ana"), repeat=REPEAT)
    lab.reset()
    return [
        f"one trigger invocation (triggers.fire, warm): {fire_s * 1000:.2f} ms median of {REPEAT}",
        f"lambda.invoke through boto3 in-process: {invoke_s * 1000:.2f} ms median of {REPEAT}",
        f"for scale, one AdminGetUser call: {get_s * 1000:.2f} ms; a trigger adds {fire_s / get_s:.1f}x that",
    ]
