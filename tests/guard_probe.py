"""Run in a fresh interpreter by test_guard.py: a learner's worst case, with a socket-level tripwire.

Prints one JSON line of findings; the test asserts on them.
"""

import json
import os
import sys

connections: list[str] = []


def tripwire(event: str, args: tuple) -> None:
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple):
            connections.append(str(address[0]))


sys.addaudithook(tripwire)

import boto3  # noqa: E402  (a client built before labkit is imported must be caught too)

early = boto3.client("cognito-idp")
findings: dict[str, object] = {}

import labkit  # noqa: E402


def attempt(name: str, call) -> None:
    try:
        call()
        findings[name] = "ok"
    except Exception as error:  # the probe records what a learner would see
        findings[name] = f"{type(error).__name__}: {error}"


attempt("before_start", lambda: boto3.client("cognito-idp").list_user_pools(MaxResults=1))
attempt("early_before_start", lambda: early.list_user_pools(MaxResults=1))
lab = labkit.start()
attempt("plain", lambda: boto3.client("cognito-idp").list_user_pools(MaxResults=1))
attempt("early_after_start", lambda: early.list_user_pools(MaxResults=1))
attempt("aws_endpoint", lambda: boto3.client("s3", endpoint_url="https://s3.us-east-1.amazonaws.com").list_buckets())
attempt("other_endpoint", lambda: boto3.client("sts", endpoint_url="https://sts.example.org").get_caller_identity())
attempt("lab_endpoint", lambda: boto3.client("cognito-idp", endpoint_url=lab.endpoint_url).list_user_pools(MaxResults=1))
attempt(
    "explicit_keys",
    lambda: boto3.client(
        "sts", aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    ).get_caller_identity(),
)
attempt("profile_session", lambda: boto3.Session(profile_name="prod"))
import urllib.request  # noqa: E402

attempt("urllib_aws", lambda: urllib.request.urlopen("https://cognito-idp.us-east-1.amazonaws.com/", timeout=2))
attempt("metadata", lambda: urllib.request.urlopen("http://169.254.169.254/latest/meta-data/", timeout=2))
findings["access_key"] = boto3.Session().get_credentials().access_key
lab.stop()
attempt("after_stop", lambda: boto3.client("cognito-idp").list_user_pools(MaxResults=1))
findings["connections"] = connections
findings["profile_read"] = os.path.exists(os.environ["PROBE_MARKER"])
print(json.dumps(findings))
