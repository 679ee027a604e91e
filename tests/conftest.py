"""Shared fixtures: one lab per test session, emptied before every test that asks for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import labkit


@pytest.fixture
def lab() -> Iterator[labkit.Lab]:
    """The running lab, with empty state."""
    running = labkit.start()
    running.reset()
    yield running
