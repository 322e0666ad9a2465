"""Result rows, one per variant (the `experiment_runs` columns), and the dated JSON-lines file that
carries them from a measuring machine to the warehouse."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from experiments.models import hparams as hp
from experiments.timing import flops, stats
from experiments.timing.plan import Profile, Variant

# Identifies one measurement; a row loaded again replaces the row with the same key.
KEY = ["run_id", "workload", "framework", "mode", "device", "precision", "phase", "batch_size"]
STATUSES = ("ok", "not_run", "failed")


@dataclass(frozen=True)
class RunContext:
    run_id: str
    measured_at: datetime
    profile: Profile
    device: str
    device_name: str
    threads: int
    machine: dict  # experiments.machine.fingerprint()


def row(ctx: RunContext, variant: Variant, params, status: str, reason: str | None = None,
        equivalence: dict | None = None, fingerprint: dict | None = None, prepared: dict | None = None,
        samples_s: list[float] | None = None, samples_seq: list[int] | None = None) -> dict:
    """A result row. `prepared` is the worker's answer to prepare; `samples_s` the seconds per step of
    each timed repeat, `samples_seq` each repeat's position in the run's sequence of timed blocks (which
    blocks ran one right after the other). Timings stay empty unless the variant was measured."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    equivalence = equivalence or {}
    out = {
        "run_id": ctx.run_id,
        "measured_at": ctx.measured_at,
        "profile": ctx.profile.name,
        "workload": variant.workload,
        "framework": variant.framework,
        "mode": variant.mode,
        "device": ctx.device,
        "device_name": ctx.device_name,
        "precision": variant.precision,
        "phase": variant.phase,
        "batch_size": variant.batch_size,
        "status": status,
        "reason": reason,
        "equivalent": equivalence.get("passed"),
        "equivalence_output_diff": equivalence.get("output_diff"),
        "equivalence_loss_diff": equivalence.get("loss_diff"),
        "equivalence_tolerance": equivalence.get("tolerance"),
        "equivalence_reason": equivalence.get("reason"),
        "params": equivalence.get("torch_params"),
        "flops_per_step": flops.per_step(params, variant.phase, variant.batch_size),
        "threads": ctx.threads,
        "target_rel_error": ctx.profile.target_rel_error,
        "hparams": json.dumps(hp.to_dict(params)),
        "fingerprint": json.dumps({"machine": ctx.machine, "framework": fingerprint or {},
                                   "device": ctx.device, "threads": ctx.threads,
                                   "compile_caches": "kept" if ctx.profile.keep_compile_caches else "empty"}),
    }
    if prepared is not None and samples_s:
        summary = stats.summarize(samples_s)
        median_s = summary["median"]
        out.update({
            "first_call_s": prepared["first_call_s"],
            "block_steps": prepared["block_steps"],
            "repeats": len(samples_s),
            "step_ms_median": median_s * 1e3,
            "step_ms_p10": summary["p10"] * 1e3,
            "step_ms_p90": summary["p90"] * 1e3,
            "step_ms_cv": summary["cv"],
            "rel_error": summary["rel_error"],
            "throughput": variant.batch_size / median_s,
            "tflops": out["flops_per_step"] / median_s / 1e12,
            "peak_mem_mb": prepared["peak_mem_mb"],
            "mem_source": prepared["mem_source"],
            "samples_ms": [s * 1e3 for s in samples_s],
            "samples_seq": samples_seq,
        })
    return out


def write(rows: list[dict], directory: Path, ctx: RunContext) -> Path:
    """rows -> `<directory>/<date>T<time>-<device>-<run id>.jsonl`; returns the path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = ctx.measured_at.strftime("%Y-%m-%dT%H%M%S")
    path = directory / f"{stamp}-{ctx.device}-{ctx.run_id[:12]}.jsonl"
    with path.open("w") as out:
        for r in rows:
            out.write(json.dumps(r, default=_json_default) + "\n")
    return path


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def read(path: Path) -> pd.DataFrame:
    """A results file as a frame ready for `experiment_runs`."""
    frame = pd.DataFrame([json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()])
    frame["measured_at"] = pd.to_datetime(frame["measured_at"], utc=True)
    return frame
