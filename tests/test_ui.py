"""Helpers of dashboard/web/ that need no running page."""

from __future__ import annotations

import threading

import pytest

from dashboard.web.caching import run_together


def test_run_together_runs_reads_side_by_side_and_keeps_their_order() -> None:
    # Each read waits for the other at the barrier: run one after the other, the first would time out.
    meeting = threading.Barrier(2, timeout=10)

    def read(value: str) -> str:
        meeting.wait()
        return value

    assert run_together(lambda: read("money"), lambda: read("assessments")) == ["money", "assessments"]


def test_run_together_passes_a_read_error_on() -> None:
    def failing() -> None:
        raise ValueError("no rate for XPF")

    with pytest.raises(ValueError, match="no rate for XPF"):
        run_together(lambda: 1, failing)
