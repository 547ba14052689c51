"""The view models' reads run side by side (``dashboard.views.base.side_by_side``)."""

from __future__ import annotations

import threading

import pytest

from dashboard.views.base import side_by_side


def test_side_by_side_runs_reads_at_once_and_keeps_their_order() -> None:
    # Each read waits for the other at the barrier: run one after the other, the first would time out.
    meeting = threading.Barrier(2, timeout=10)

    def read(value: str) -> str:
        meeting.wait()
        return value

    assert side_by_side(lambda: read("money"), lambda: read("assessments")) == ["money", "assessments"]


def test_side_by_side_passes_a_read_error_on() -> None:
    def failing() -> None:
        raise ValueError("no rate for XPF")

    with pytest.raises(ValueError, match="no rate for XPF"):
        side_by_side(lambda: 1, failing)
