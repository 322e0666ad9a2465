"""Timing a step function, whatever framework it runs: first call, warm-up, calibrated timed blocks.

`step` runs one step; `sync` waits until the device has finished everything queued before it returns."""
from __future__ import annotations

import gc
import itertools
import time
from dataclasses import dataclass
from typing import Callable

Step = Callable[[], object]
Sync = Callable[[], None]


@dataclass
class Runnable:
    """A variant ready to time: its step with model, optimizer and batch bound, and its device's sync."""
    step: Step
    sync: Sync


def first_call(step: Step, sync: Sync) -> float:
    """Seconds for the very first call: tracing, compilation and first allocations included."""
    sync()
    start = time.perf_counter()
    step()
    sync()
    return time.perf_counter() - start


def time_block(step: Step, sync: Sync, steps: int) -> float:
    """Mean seconds per step over `steps` back-to-back calls, synchronised at both ends."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a collection inside the block would be charged to whichever step it hit
    try:
        sync()
        start = time.perf_counter()
        for _ in itertools.repeat(None, steps):  # the cheapest Python loop: its cost lands in the step
            step()
        sync()
        elapsed = time.perf_counter() - start
    finally:
        if gc_was_enabled:
            gc.enable()
    return elapsed / steps


def calibrate(step: Step, sync: Sync, min_block_s: float, max_steps: int) -> int:
    """Steps per timed block: doubled until one block lasts `min_block_s`, so that timer resolution
    and the per-block synchronisation stay small against the block."""
    steps = 1
    while steps < max_steps and time_block(step, sync, steps) * steps < min_block_s:
        steps *= 2
    return min(steps, max_steps)


def repeat(step: Step, sync: Sync, steps: int) -> float:
    """One timed repeat. An untimed step runs first: the variants timed in between have evicted this
    one's weights and activations from the CPU caches."""
    step()
    return time_block(step, sync, steps)
