"""Timing one training step across a run of input changes: after each change, the first calls one by one
(tracing and compiling fall in them), then the steady step, and what the framework's own counter says it
traced or compiled meanwhile."""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Callable

import numpy as np

from experiments.capabilities.recompilation import inputs
from experiments.timing import harness

REASON_CHARS = 2000


@dataclass
class Trainer:
    """A workload's training step in one mode, as a framework module builds it."""
    bind: Callable[[np.ndarray, np.ndarray], harness.Step]  # the step on this batch, placed on the device
    sync: harness.Sync
    compiles: Callable[[], int]  # the framework's count of traces or compiled frames so far


def time_changes(trainer: Trainer, workload: str, changes: list[inputs.Change], first_calls: int,
                 min_block_s: float, max_block_steps: int, repeats: int) -> list[dict]:
    """Per change: {"compiles", "first_call_s", "compile_s", "first_calls", "step_ms"}, or {"error"} when
    the step failed on that input (the next change is still tried)."""
    measured = []
    for change in changes:
        try:
            step = trainer.bind(*inputs.batch(workload, change.input))
            before = trainer.compiles()
            calls_s = [harness.first_call(step, trainer.sync) for _ in range(first_calls)]
            # The last first call stands in for a steady step: calibrating would cost seconds at slow steps.
            block_steps = max(1, min(max_block_steps, math.ceil(min_block_s / calls_s[-1])))
            step_s = statistics.median(harness.time_block(step, trainer.sync, block_steps) for _ in range(repeats))
            measured.append({
                "compiles": trainer.compiles() - before,
                "first_call_s": calls_s[0],
                # As experiment_summary's compile_s: what the first calls took beyond steady steps.
                "compile_s": max(sum(calls_s) - first_calls * step_s, 0.0),
                "first_calls": first_calls,
                "step_ms": step_s * 1e3,
            })
        except Exception as exc:  # one input the step cannot take is reported; the others are still tried
            measured.append({"error": f"{type(exc).__name__}: {exc}"[:REASON_CHARS]})
    return measured
