"""AWS Lambda, in-process: `lambda.invoke` runs Python handlers stored by moto in this kernel, no Docker.

`runtime.invoke(fn, event, wait=...)` is what other services (Cognito triggers) call; `responses.py` is
what boto3's `Invoke` reaches; `logs.py` keeps each function's CloudWatch log group.
"""

from __future__ import annotations

import moto.awslambda.urls

from labkit.aws.awslambda.responses import LambdaResponse, invoke_without_name

_EMPTY_NAME_INVOKE = r"{0}/(?P<api_version>[^/]+)/functions//invocations/?$"


def install() -> None:
    """Route every Lambda URL moto serves to our responses (Invoke is the one we change)."""
    for pattern in moto.awslambda.urls.url_paths:
        moto.awslambda.urls.url_paths[pattern] = LambdaResponse.dispatch
    moto.awslambda.urls.url_paths[_EMPTY_NAME_INVOKE] = invoke_without_name
