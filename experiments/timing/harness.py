"""Timing a step function, whatever framework it runs: first call, warm-up, calibrated timed blocks.

`step` runs one step; `sync` waits until the device has finished everything queued before it returns."""
from __future__ import annotations

import gc
import itertools
import math
import time
from dataclasses import dataclass
from typing import Callable

# Calibration trial blocks last 1/CALIBRATION_DIVISOR of a timed block.
CALIBRATION_DIVISOR = 10
# A process is idle once its threads use under IDLE_SHARE of a core over a poll.
IDLE_POLL_S = 0.002
IDLE_SHARE = 0.1
IDLE_LIMIT_S = 0.5
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
    """Steps per timed block, so that one block lasts about `min_block_s`: long enough that timer
    resolution and the synchronisation at its ends are negligible. The step time is estimated as the
    fastest of three trial blocks, so a stall during calibration cannot shrink the blocks."""
    trial = 1
    while trial < max_steps and time_block(step, sync, trial) * trial < min_block_s / CALIBRATION_DIVISOR:
        trial *= 2
    per_step = min(time_block(step, sync, trial) for _ in range(3))
    return max(1, min(max_steps, math.ceil(min_block_s / per_step)))


def wait_until_idle(poll_s: float = IDLE_POLL_S, limit_s: float = IDLE_LIMIT_S) -> None:
    """Returns once this process's threads have stopped using the CPU, or after `limit_s`. OpenMP workers
    spin for a while after their last parallel region (PyTorch's for about 10 ms here) before they sleep:
    the other framework's process, timed next, must not share the cores with them."""
    deadline = time.monotonic() + limit_s
    before = time.process_time()  # CPU time of all this process's threads
    while time.monotonic() < deadline:
        time.sleep(poll_s)
        now = time.process_time()
        if now - before < poll_s * IDLE_SHARE:
            return
        before = now


def repeat(step: Step, sync: Sync, steps: int) -> float:
    """One timed repeat. An untimed step runs first: the variants timed in between have evicted this
    one's weights and activations from the CPU caches."""
    step()
    return time_block(step, sync, steps)
