"""Lambda's log groups: each invocation's lines go to `/aws/lambda/<name>` in moto's CloudWatch Logs backend,
so `boto3.client("logs")` reads them as it would in AWS."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from moto.awslambda.models import LambdaFunction
from moto.logs.models import logs_backends
from moto.moto_api._internal import mock_random


def new_stream_name(fn: LambdaFunction) -> str:
    """A stream name in Lambda's format: `YYYY/MM/DD/[version]<32 hex>`."""
    return f"{datetime.now(timezone.utc):%Y/%m/%d}/[{fn.version}]{mock_random.uuid4().hex}"


def write(fn: LambdaFunction, stream: str, lines: list[str]) -> None:
    """Append `lines` as events of `stream` in the function's log group, creating both when missing."""
    backend = logs_backends[fn.account_id][fn.region]
    backend.ensure_log_group(fn.logs_group_name)
    group = backend.groups[fn.logs_group_name]
    if stream not in group.streams:
        backend.create_log_stream(fn.logs_group_name, stream)
    now = int(time.time() * 1000)
    backend.put_log_events(fn.logs_group_name, stream, [{"timestamp": now, "message": line} for line in lines])


def read(account_id: str, region: str, function_name: str) -> list[str]:
    """Every line of the function's log, oldest first across streams (empty when it never ran)."""
    backend = logs_backends[account_id][region]
    group = backend.groups.get(f"/aws/lambda/{function_name}")
    if group is None:
        return []
    events = [event for stream in group.streams.values() for event in stream.events]
    events.sort(key=lambda event: event.event_id)  # global arrival order
    return [event.message for event in events]
