"""Lambda's own errors for Invoke, one class per AWS error code, with AWS's message."""

from __future__ import annotations

from moto.awslambda.exceptions import LambdaClientError


class InvalidRequestContentException(LambdaClientError):
    """The payload is not JSON (Lambda parses it before any code runs)."""

    code = 400

    def __init__(self, detail: str) -> None:
        super().__init__("InvalidRequestContentException", f"Could not parse request body into json: {detail}")


class InvalidRuntimeException(LambdaClientError):
    """The lab runs Python functions only: other runtimes and container images cannot be invoked here."""

    code = 502

    def __init__(self) -> None:
        super().__init__("InvalidRuntimeException", "The runtime or runtime version specified is not supported.")
