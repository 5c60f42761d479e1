"""A short load test: 64 clients for 10 s against `make serve`'s command (wrk)."""

from __future__ import annotations

import shutil

import pytest

from bench import load
from bench.wrk import MISSING


def test_sixty_four_clients_get_no_errors_and_memory_stays_flat():
    if shutil.which("wrk") is None:
        pytest.fail(MISSING)
    errors, growth, _peak = load.measure(seconds=10, clients=64)
    assert errors.value == 0, errors.note
    assert growth.value <= load.GROWTH_LIMIT_MB, growth.note
