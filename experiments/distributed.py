"""The distributed-training measurement: the same workload trained data-parallel in 1, 2, ... N
processes on this machine, each process with the same threads, so N workers use N times the cores.
Throughput, scaling efficiency (throughput at N / (N x throughput at 1)), time to the first step, the
lines of setup code, and whether the distributed step gives the parameters a single process gets from
one step on the same global batch."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from experiments import capability_rows, equivalence, frameworks, setup_lines

STRATEGIES = {"torch": "DistributedDataParallel (gloo)", "tensorflow": "MultiWorkerMirroredStrategy (ring)"}
# The functions each framework's module needs beyond the single-process training code.
SETUP_CODE = {
    "torch": ("experiments.distributed_torch", ("init", "wrap")),
    "tensorflow": ("experiments.distributed_tf", ("configure", "multi_worker_strategy", "distributed_step")),
}
WORKLOAD = "mlp"  # no batch norm: its per-shard statistics would differ from the global batch's by design
THREADS_PER_WORKER = 1
STDERR_TAIL_CHARS = 1500


@dataclass(frozen=True)
class Scale:
    workers: tuple[int, ...]
    batch_per_worker: int
    steps: int
    warmup: int
    timeout_s: float


QUICK = Scale(workers=(1, 2), batch_per_worker=64, steps=20, warmup=3, timeout_s=300)
FULL = Scale(workers=(1, 2, 4), batch_per_worker=128, steps=100, warmup=10, timeout_s=600)


def measure(names: list[str], root: Path, run_id: str, measured_at: datetime, scale: Scale) -> list[dict]:
    """One distributed_scaling row per framework and worker count."""
    rows = []
    for framework in names:
        lines = setup_lines.count(*SETUP_CODE[framework])
        runs = {}
        for workers in scale.workers:
            out = Path(root) / run_id / f"{framework}-{workers}"
            out.mkdir(parents=True, exist_ok=True)
            references = [n * scale.batch_per_worker for n in scale.workers if n > 1] if workers == 1 else []
            runs[workers] = _launch(framework, workers, scale, out, references)
        baseline = runs[1]
        for workers, run in runs.items():
            rows.append(_row(framework, workers, run, baseline, lines, run_id, measured_at, scale))
    return rows


@dataclass
class Run:
    out: Path
    result: dict | None
    failure: str | None


def _launch(framework: str, workers: int, scale: Scale, out: Path, references: list[int]) -> Run:
    ports = ",".join(str(_free_port()) for _ in range(workers))
    launched_at = time.time()
    processes = []
    for rank in range(workers):
        stderr = (out / f"rank{rank}.stderr").open("w")
        command = [sys.executable, "-m", "experiments.distributed_worker", "--framework", framework,
                   "--rank", str(rank), "--workers", str(workers), "--ports", ports, "--workload", WORKLOAD,
                   "--batch-per-worker", str(scale.batch_per_worker), "--steps", str(scale.steps),
                   "--warmup", str(scale.warmup), "--threads", str(THREADS_PER_WORKER),
                   "--launched-at", repr(launched_at), "--out", str(out)]
        if rank == 0 and references:
            command += ["--reference-batches", *map(str, references)]
        processes.append((subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr,
                                           env={**os.environ, **frameworks.thread_env(THREADS_PER_WORKER)}),
                          stderr))
    failure = None
    deadline = time.monotonic() + scale.timeout_s
    for rank, (process, stderr) in enumerate(processes):
        try:
            code = process.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = None
        stderr.close()
        if code != 0 and failure is None:
            what = f"did not finish within {scale.timeout_s:g} s" if code is None else f"exited with status {code}"
            tail = (out / f"rank{rank}.stderr").read_text(errors="replace")[-STDERR_TAIL_CHARS:].strip()
            failure = f"rank {rank} of {workers} {what}; its last output: {tail or '(none)'}"
    result_file = out / "result.json"
    result = json.loads(result_file.read_text()) if result_file.exists() else None
    return Run(out, result, failure)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _row(framework: str, workers: int, run: Run, baseline: Run, lines: int, run_id: str,
         measured_at: datetime, scale: Scale) -> dict:
    common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device="cpu",
                  threads=THREADS_PER_WORKER * workers, workload=WORKLOAD, workers=workers,
                  strategy=STRATEGIES[framework] if workers > 1 else "single process",
                  batch_per_worker=scale.batch_per_worker, global_batch=scale.batch_per_worker * workers,
                  threads_per_worker=THREADS_PER_WORKER, setup_lines=lines)
    result = run.result or {}
    if "unavailable" in result:
        return capability_rows.row(**common, framework_fingerprint={}, status="not_run", reason=result["unavailable"])
    if run.failure or not result:
        return capability_rows.row(**common, framework_fingerprint={}, status="failed",
                                   reason=run.failure or "rank 0 wrote no result")
    measured = {"throughput": result["throughput"], "start_s": result["first_step_s"], "steps": result["steps"]}
    base = baseline.result or {}
    if "throughput" in base:
        measured["scaling_efficiency"] = result["throughput"] / (workers * base["throughput"])
    status, reason = "ok", None
    if workers > 1:
        reference = baseline.out / f"reference-{scale.batch_per_worker * workers}.npy"
        if reference.exists():
            diff = equivalence.scaled_diff(np.load(run.out / "params.npy"), np.load(reference))
            measured.update(param_diff=diff, equivalent=diff <= equivalence.FP32_TOLERANCE)
            if not measured["equivalent"]:
                status, reason = "failed", f"parameters after one step differ from one process's by {diff:.3g}"
        else:
            reason = "no single-process reference to check equivalence against (the 1-worker run failed)"
    return capability_rows.row(**common, framework_fingerprint=result.get("fingerprint", {}), status=status,
                               reason=reason, **measured)
