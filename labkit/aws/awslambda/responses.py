"""Lambda's Invoke answered by the in-process runtime; every other Lambda operation stays moto's."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from moto.awslambda.models import LambdaFunction
from moto.awslambda.utils import make_function_arn
from moto.awslambda.responses import LambdaResponse as MotoLambdaResponse

from labkit.aws.awslambda import runtime
from labkit.aws.awslambda.exceptions import InvalidRequestContentException, InvalidRuntimeException


def runnable(fn: LambdaFunction) -> None:
    """Refuse, as AWS refuses an unsupported runtime, a function this lab cannot run in-process."""
    if fn.package_type != "Zip" or not str(fn.run_time or "").startswith("python3"):
        raise InvalidRuntimeException()


def parse_payload(body: bytes | str | None) -> Any:
    """The event as Lambda parses it: JSON, with an empty body meaning `{}`."""
    if not body:
        return {}
    try:
        return json.loads(body)
    except ValueError as error:
        raise InvalidRequestContentException(str(error)) from None


class LambdaResponse(MotoLambdaResponse):
    """moto's Lambda responses with an Invoke that runs Python handlers in this kernel."""

    def invoke(self) -> tuple[int, dict[str, str], str | bytes]:  # type: ignore[override]
        name_or_arn = unquote(self.path.rsplit("/", 2)[-2])
        qualifier = self._get_param("qualifier") or self.querystring.get("Qualifier", [None])[0]
        fn = self.backend.get_function(name_or_arn, qualifier)
        runnable(fn)
        invocation_type = self.headers.get("X-Amz-Invocation-Type") or "RequestResponse"
        headers: dict[str, str] = {"content-type": "application/json", "X-Amz-Executed-Version": str(fn.version)}
        if invocation_type == "DryRun":
            return 204, {**headers, "status": "204"}, ""
        event = parse_payload(self.body)
        invoked_arn = name_or_arn if name_or_arn.startswith("arn:") else make_function_arn(
            self.region, self.current_account, name_or_arn
        ) + (f":{qualifier}" if qualifier else "")
        if invocation_type == "Event":
            runtime.invoke(fn, event, invoked_arn=invoked_arn, wait=0.0)
            return 202, {**headers, "status": "202"}, ""
        result = runtime.invoke(fn, event, invoked_arn=invoked_arn)
        if result.function_error:
            headers["X-Amz-Function-Error"] = result.function_error
        if self.headers.get("X-Amz-Log-Type") == "Tail":
            headers["X-Amz-Log-Result"] = result.log_result()
        return 200, headers, result.payload
