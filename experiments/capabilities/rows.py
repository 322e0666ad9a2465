"""The columns every capability row (tensorboard, serving, ...) shares: the run, when it was measured,
the outcome, and the environment fingerprint the step-time experiments record."""
from __future__ import annotations

import json
from datetime import datetime

from experiments import machine

STATUSES = ("ok", "failed", "not_run")


def row(run_id: str, measured_at: datetime, framework: str, device: str, threads: int,
        framework_fingerprint: dict, status: str, reason: str | None = None,
        statuses: tuple[str, ...] = STATUSES, **measured) -> dict:
    """`statuses`: the outcomes the row's table allows (a feature matrix says supported or unsupported)."""
    if status not in statuses:
        raise ValueError(f"status must be one of {statuses}")
    return {
        "run_id": run_id,
        "measured_at": measured_at,
        "framework": framework,
        "device": device,
        "status": status,
        "reason": reason,
        **measured,
        # The same shape as experiment_runs.fingerprint, so one query reads both.
        "fingerprint": json.dumps({"machine": machine.fingerprint(), "framework": framework_fingerprint,
                                   "device": device, "threads": threads}),
    }
