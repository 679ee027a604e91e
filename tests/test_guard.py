"""Never real AWS: a learner with real-looking keys, a profile and endpoint variables still stays on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("guard_probe.py")


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict:
    home = tmp_path_factory.mktemp("home")
    marker = home / "profile-was-read"
    (home / ".aws").mkdir()
    # If botocore ever resolves this profile, credential_process leaves a marker behind.
    (home / ".aws" / "config").write_text(
        f"[profile prod]\nregion = eu-west-1\ncredential_process = {sys.executable} -c \"open('{marker}','w')\"\n"
        "[default]\nregion = eu-west-1\nendpoint_url = https://default-endpoint.example.net\n"
    )
    (home / ".aws" / "credentials").write_text(
        "[default]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PROBE_MARKER": str(marker),
        "AWS_PROFILE": "prod",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEXAMPLE",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": "https://real-endpoint.example.com",
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://cognito-idp.eu-west-1.amazonaws.com",
    }
    out = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_no_connection_leaves_loopback(findings: dict) -> None:
    assert findings["connections"], "the probe made no connection at all; the tripwire saw nothing"
    assert all(address.startswith("127.") for address in findings["connections"]), findings["connections"]


def test_real_credentials_and_profiles_are_never_read(findings: dict) -> None:
    assert findings["access_key"] == "testing"
    assert findings["profile_read"] is False
    assert findings["profile_session"].startswith("ProfileNotFound")


def test_calls_before_start_and_after_stop_say_what_to_do(findings: dict) -> None:
    for case in ("before_start", "early_before_start", "after_stop"):
        assert findings[case].startswith("LabError"), findings[case]
        assert "labkit.start()" in findings[case]


def test_calls_to_aws_hosts_are_answered_by_the_lab(findings: dict) -> None:
    for case in ("plain", "aws_endpoint", "lab_endpoint", "explicit_keys"):
        assert findings[case] == "ok", (case, findings[case])


def test_other_endpoints_are_blocked_with_a_clear_message(findings: dict) -> None:
    # A client built before labkit was imported still carries the learner's endpoint variable.
    for case in ("other_endpoint", "early_after_start"):
        assert findings[case].startswith("RealAWSBlocked"), findings[case]
        assert "lab.endpoint_url" in findings[case]


def test_non_boto_traffic_to_aws_is_blocked(findings: dict) -> None:
    assert findings["urllib_aws"].startswith("RealAWSBlocked"), findings["urllib_aws"]
    assert findings["metadata"].startswith("RealAWSBlocked"), findings["metadata"]
