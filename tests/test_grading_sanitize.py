"""The one sanitize file: volatile values become placeholders, everything a learner must get right stays."""

from __future__ import annotations

import re

import pytest
from nbval.plugin import get_sanitize_patterns

from labkit.grading.nbval_plugin import SANITIZE_FILE

PATTERNS = get_sanitize_patterns(SANITIZE_FILE.read_text())
JWT = "eyJraWQiOiJhYmMiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXBhcnQ"


def sanitize(text: str) -> str:
    for regex, replace in PATTERNS:  # as nbval applies them
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Ab12", "<ARN>"),
        ("arn:aws:lambda:eu-west-2:123456789012:function:pre-sign-up", "<ARN>"),
        ("pool us-east-1_5be6128e18c24797a142ea7d17be3111 made", "pool <POOL_ID> made"),
        ("ap-southeast-2_AbCdEf123", "<POOL_ID>"),
        ("us-east-1:0f8fad5b-d9cb-469f-a165-70867728950e", "<IDENTITY_POOL_ID>"),
        ("sub 0f8fad5b-d9cb-469f-a165-70867728950e", "sub <UUID>"),
        ("client 4f0n3k2m1l0p9o8i7u6y5t4r3e", "client <CLIENT_ID>"),
        (f"IdToken: {JWT}", "IdToken: <JWT>"),
        ("datetime.datetime(2026, 11, 26, 16, 11, 12, 964770, tzinfo=tzlocal())", "<DATETIME>"),
        ("2026-11-26T16:11:12.964770Z and 2026-11-26 16:11:12+00:00", "<TIMESTAMP> and <TIMESTAMP>"),
        ("http://127.0.0.1:43121/ and localhost:8000", "http://127.0.0.1:<PORT>/ and localhost:<PORT>"),
        ("/tmp/tmpab12cd/kernel-1.json", "<TMP_PATH>"),
    ],
)
def test_volatile_values_become_placeholders(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


@pytest.mark.parametrize(
    "stable",
    [
        "✅ 0.1 create-user-pool: passed",
        "Region: us-east-1",
        "Account: 123456789012",
        "PoolName='first-pool'",
        "UsernameExistsException: User already exists",
        "abcdefghijklmnopqrstuvwxyz",  # 26 letters but no digit: a word, not a client id
    ],
)
def test_what_learners_must_get_right_is_left_alone(stable: str) -> None:
    assert sanitize(stable) == stable
