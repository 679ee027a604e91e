"""Lambda's Invoke answered by the in-process runtime; every other Lambda operation stays moto's."""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from urllib.parse import unquote

import botocore.session
from botocore.model import OperationModel
from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaFunction
from moto.awslambda.utils import make_function_arn
from moto.awslambda.responses import LambdaResponse as MotoLambdaResponse
from moto.core.responses import TYPE_RESPONSE

from labkit.aws import validation
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


@cache
def _invoke_model() -> OperationModel:
    return botocore.session.get_session().get_service_model("lambda").operation_model("Invoke")


def check_invoke(request: dict[str, Any]) -> None:
    """Invoke's parameters against AWS's model (name, qualifier, headers), as Lambda checks them first."""
    found = validation.problems(_invoke_model(), {k: v for k, v in request.items() if v is not None})
    if found:
        raise LambdaClientError("ValidationException", validation.message(found))


class LambdaResponse(MotoLambdaResponse):
    """moto's Lambda responses with an Invoke that runs Python handlers in this kernel."""

    def _dispatch(self, request: Any, full_url: str | None = None, headers: Any = None) -> TYPE_RESPONSE:
        try:
            self.setup_class(request, full_url, headers)
        except UnicodeDecodeError as error:
            return validation.refuse(self, InvalidRequestContentException(validation.undecodable(error)))
        return self.call_action()

    def invoke(self) -> tuple[int, dict[str, str], str | bytes]:  # type: ignore[override]
        name_or_arn = unquote(self.path.rsplit("/", 2)[-2])
        qualifier = self._get_param("qualifier") or self.querystring.get("Qualifier", [None])[0]
        check_invoke(
            {
                "FunctionName": name_or_arn,
                "Qualifier": qualifier,
                "InvocationType": self.headers.get("X-Amz-Invocation-Type"),
                "LogType": self.headers.get("X-Amz-Log-Type"),
                "ClientContext": self.headers.get("X-Amz-Client-Context"),
            }
        )
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


def invoke_without_name(request: Any, full_url: str, headers: Any) -> TYPE_RESPONSE:
    """`FunctionName=""` puts an empty segment in Invoke's path, which no route of moto's matches: AWS's answer."""
    response = LambdaResponse()
    response.setup_class(request, full_url, headers)
    found = validation.problems(_invoke_model(), {"FunctionName": ""})
    return validation.refuse(response, LambdaClientError("ValidationException", validation.message(found)))
