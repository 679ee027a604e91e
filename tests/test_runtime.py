"""The lab runtime through its public face: labkit.start, reset, stop, endpoint_url, and `labkit doctor`."""

from __future__ import annotations

import socket
import urllib.request

import boto3
import pytest
from click.testing import CliRunner

import labkit
from labkit.cli import main


def pool_names() -> list[str]:
    return [p["Name"] for p in boto3.client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]]


def test_start_returns_the_running_lab(lab: labkit.Lab) -> None:
    assert labkit.start() is lab
    assert labkit.start(lab.region) is lab


def test_second_start_with_other_options_is_refused(lab: labkit.Lab) -> None:
    with pytest.raises(labkit.LabError, match="already running"):
        labkit.start("eu-west-1")
    with pytest.raises(labkit.LabError, match="already running"):
        labkit.start(seed=7)


def test_plain_clients_talk_to_the_lab(lab: labkit.Lab) -> None:
    boto3.client("cognito-idp").create_user_pool(PoolName="plain")
    boto3.resource("s3").create_bucket(Bucket="plain-bucket")
    assert pool_names() == ["plain"]
    assert [b.name for b in boto3.resource("s3").buckets.all()] == ["plain-bucket"]


def test_http_endpoint_serves_the_same_state(lab: labkit.Lab) -> None:
    assert lab.endpoint_url.startswith("http://127.0.0.1:")
    over_http = boto3.client("cognito-idp", endpoint_url=lab.endpoint_url)
    over_http.create_user_pool(PoolName="via-http")
    boto3.client("cognito-idp").create_user_pool(PoolName="in-process")
    names = {p["Name"] for p in over_http.list_user_pools(MaxResults=60)["UserPools"]}
    assert names == {"via-http", "in-process"}


def test_reset_empties_state_and_repeats_ids(lab: labkit.Lab) -> None:
    idp = boto3.client("cognito-idp")
    first = idp.create_user_pool(PoolName="a")["UserPool"]["Id"]
    lab.reset()
    assert pool_names() == []
    lab.reset()  # the same calls after a reset give the same ids, so notebooks repeat themselves
    assert idp.create_user_pool(PoolName="a")["UserPool"]["Id"] == first


def test_stop_then_calls_fail_clearly_and_start_again_works(lab: labkit.Lab) -> None:
    idp = boto3.client("cognito-idp")
    url = lab.endpoint_url
    lab.stop()
    with pytest.raises(labkit.LabError, match=r"labkit\.start\(\)"):
        idp.list_user_pools(MaxResults=1)
    with pytest.raises(labkit.LabError, match="stopped"):
        lab.endpoint_url
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)
    again = labkit.start()
    assert again is not lab and again.running
    assert pool_names() == []


def test_unknown_region_is_refused_with_suggestions() -> None:
    with pytest.raises(labkit.LabError, match="Did you mean eu-west-1"):
        labkit.start().stop()
        labkit.start("eu-wset-1")


def test_taken_port_is_refused_clearly() -> None:
    labkit.start().stop()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(labkit.LabError, match=f"Port {port} .* is taken"):
            labkit.start(port=port)
    assert labkit.start(port=0).running


def test_each_lab_gets_its_own_free_port() -> None:
    first = labkit.start()
    port = int(first.endpoint_url.rsplit(":", 1)[1])
    with socket.socket() as probe:
        with pytest.raises(OSError):
            probe.bind(("127.0.0.1", port))


def test_doctor_is_green() -> None:
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "The lab is ready" in result.output
    assert labkit.start().running  # doctor leaves the process able to start a lab again
