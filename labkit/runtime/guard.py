"""Never real AWS: every path out of this process towards AWS ends on loopback or in a clear error.

Three locks, because learners reach AWS in three ways:

* boto3/botocore clients: an AWS call made while no lab runs fails before any credential is resolved;
* botocore's HTTP transport: a request that moto did not answer may only go to a loopback address;
* any other library (urllib, requests, sockets): an audit hook refuses to resolve AWS host names or to
  connect to the instance metadata service, so nothing can leave even without botocore.

The learner's own AWS configuration (profiles, keys, endpoint variables) is removed from the environment
when labkit is imported, so it is never read into the lab.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import boto3
import botocore.client
import botocore.httpsession

from labkit.runtime.errors import LabError

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}
# Variables through which botocore would read the learner's real identity or send requests elsewhere.
_REMOVED_PREFIXES = ("AWS_ENDPOINT_URL", "AWS_CONTAINER_", "AWS_SSO_")
_REMOVED = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CREDENTIAL_EXPIRATION",
)
AWS_DOMAINS = ("amazonaws.com", "amazonaws.com.cn", "api.aws", "amazonaws-us-gov.com", "aws.dev")
METADATA_HOSTS = ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "fd00:ec2::23")

_installed = False
# Set by the runtime: returns None when AWS calls may proceed, else the reason they may not.
_lab_status: Callable[[], str | None] = lambda: "no lab is running"


def is_loopback(host: str) -> bool:
    """True for localhost and addresses in 127.0.0.0/8 or ::1."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_aws_host(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    return host in METADATA_HOSTS or any(host == d or host.endswith("." + d) for d in AWS_DOMAINS)


class RealAWSBlocked(LabError):
    """A request tried to leave the machine for AWS; the lab never lets it."""


def sanitize_environment() -> None:
    """Drop the learner's AWS identity and endpoints from this process; put fake keys in their place."""
    for name in list(os.environ):
        if name in _REMOVED or name.startswith(_REMOVED_PREFIXES):
            del os.environ[name]
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
    # A region is no secret; keeping one lets a client be built, so the first call meets the lab's message.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    boto3.DEFAULT_SESSION = None


def _guarded_api_call(original: Callable[..., Any]) -> Callable[..., Any]:
    def _make_api_call(self: botocore.client.BaseClient, operation_name: str, api_params: Any) -> Any:
        reason = _lab_status()
        if reason is not None:
            service = self.meta.service_model.service_name
            raise LabError(
                f"{service}.{operation_name} was not sent: {reason}. "
                "Cognito Lab never calls real AWS. Run `lab = labkit.start()` first, then call AWS again."
            )
        return original(self, operation_name, api_params)

    _make_api_call.__wrapped__ = original  # type: ignore[attr-defined]
    return _make_api_call


def _guarded_send(original: Callable[..., Any]) -> Callable[..., Any]:
    def send(self: botocore.httpsession.URLLib3Session, request: Any) -> Any:
        host = urlsplit(request.url).hostname or ""
        if not is_loopback(host):
            raise RealAWSBlocked(
                f"Blocked a request to {host}: Cognito Lab only talks to the local AWS on this machine. "
                "Drop `endpoint_url=` (or set it to `lab.endpoint_url`) and call again."
            )
        return original(self, request)

    send.__wrapped__ = original  # type: ignore[attr-defined]
    return send


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("idna", "replace")
        if isinstance(host, str) and is_aws_host(host):
            raise RealAWSBlocked(
                f"Blocked a connection to {host}: Cognito Lab never reaches real AWS. "
                "Use `lab.endpoint_url` for the local AWS."
            )
    elif event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address and str(address[0]) in METADATA_HOSTS:
            raise RealAWSBlocked(f"Blocked a connection to the AWS metadata service at {address[0]}.")


def install(status: Callable[[], str | None]) -> None:
    """Lock this process away from real AWS (idempotent); `status` says whether a lab is running."""
    global _installed, _lab_status
    _lab_status = status
    if _installed:
        return
    sanitize_environment()
    botocore.client.BaseClient._make_api_call = _guarded_api_call(botocore.client.BaseClient._make_api_call)
    botocore.httpsession.URLLib3Session.send = _guarded_send(botocore.httpsession.URLLib3Session.send)
    sys.addaudithook(_audit)
    _installed = True
