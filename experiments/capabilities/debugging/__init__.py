"""The debugging measurement (TF-1): the same deliberate shape bug in the forward pass of a user's
training step (user_torch, user_keras), run in each of the framework's modes. Per mode: the error's type
and message, whether what Python prints names the user's file and the bug's line, whether the traceback
reaches the bug's frame (where a post-mortem debugger could stop), and how many frames of framework code
stand between the user's outermost frame and the raising one. A proxy for how hard debugging is, stated
as such (see `tracebacks`)."""
from __future__ import annotations

from datetime import datetime

from experiments import frameworks as framework_modes
from experiments.capabilities import rows as capability_rows
from experiments.capabilities.debugging import provoke, tracebacks
from experiments.capabilities.process import CapabilityProcess, RequestFailed
from experiments.processes import ProcessDied

WORKER = "experiments.capabilities.debugging.worker"
TIMEOUT_S = 300


def measure(frameworks: list[str], run_id: str, measured_at: datetime, threads: int,
            device: str = "cpu") -> list[dict]:
    """One debugging_runs row per framework and mode (experiments.frameworks.MODES)."""
    rows = []
    for framework in frameworks:
        modes = framework_modes.MODES[framework]
        path = provoke.user_file(framework)
        user = dict(run_id=run_id, measured_at=measured_at, framework=framework, device=device, threads=threads,
                    user_file=provoke.USER_CODE[framework].replace(".", "/") + ".py",
                    bug_line=tracebacks.bug_line(path))
        process = CapabilityProcess(framework, threads, WORKER, ("--device", device))
        try:
            if process.unavailable:
                results = [{"not_run": process.unavailable}] * len(modes)
            else:
                try:
                    results = process.ask("debug", TIMEOUT_S, modes=list(modes))["modes"]
                except (RequestFailed, ProcessDied) as exc:
                    results = [{"error": str(exc)}] * len(modes)
        finally:
            process.close()
        rows += [_row(user, mode, process.fingerprint, result) for mode, result in zip(modes, results, strict=True)]
    return rows


def _row(user: dict, mode: str, fingerprint: dict, result: dict) -> dict:
    if "not_run" in result:
        return capability_rows.row(**user, mode=mode, framework_fingerprint={}, status="not_run",
                                   reason=result["not_run"])
    if "error" in result:
        return capability_rows.row(**user, mode=mode, framework_fingerprint=fingerprint, status="failed",
                                   reason=result["error"])
    return capability_rows.row(**user, mode=mode, framework_fingerprint=fingerprint, status="ok", **result)
