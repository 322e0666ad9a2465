"""Timing single calls of a predictor: warm-up, then each call on its own clock."""
from __future__ import annotations

import time
from typing import Callable

from experiments.timing import stats


def call_seconds(call: Callable[[], object], calls: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {"p50_ms": stats.percentile(ordered, 0.50) * 1e3, "p99_ms": stats.percentile(ordered, 0.99) * 1e3}
