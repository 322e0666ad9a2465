"""The distributed-training measurement: the same workload trained data-parallel by 1, 2, ... N
workers on this machine, each worker with the same threads, so N workers use N times the cores. A worker
is a process (DDP, MultiWorkerMirroredStrategy) or a replica on a device of one process
(MirroredStrategy); 1 is the plain single-process baseline every strategy is compared with.
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

from experiments import frameworks, machine
from experiments.capabilities import rows as capability_rows
from experiments.capabilities import setup_lines
from experiments.models import equivalence


@dataclass(frozen=True)
class Strategy:
    key: str  # the worker's --strategy
    framework: str
    names: dict[str, str]  # by device: the all-reduce differs
    # The module and the functions in it that distribution adds to the single-process training code.
    setup_code: tuple[str, tuple[str, ...]]
    one_process: bool = False  # every replica in one process, rather than one process per worker

    def processes(self, workers: int) -> int:
        return 1 if self.one_process else workers


STRATEGIES = (
    Strategy("ddp", "torch", {"cpu": "DistributedDataParallel (gloo)", "cuda": "DistributedDataParallel (nccl)"},
             ("experiments.capabilities.distributed.torch_ddp", ("init", "wrap"))),
    Strategy("multi-worker", "tensorflow",
             {"cpu": "MultiWorkerMirroredStrategy (ring)", "cuda": "MultiWorkerMirroredStrategy (nccl)"},
             ("experiments.capabilities.distributed.tf_strategies", ("configure", "multi_worker_strategy", "distributed_step"))),
    # `split_cpu` is not counted: it stands in for the GPUs a machine would have, and needs no code there.
    Strategy("mirrored", "tensorflow", {"cpu": "MirroredStrategy (logical CPU devices, one process)",
                                        "cuda": "MirroredStrategy (GPUs, one process)"},
             ("experiments.capabilities.distributed.tf_strategies", ("mirrored_strategy", "replica_batches", "distributed_step")),
             one_process=True),
)
WORKLOAD = "mlp"  # no batch norm: its per-shard statistics would differ from the global batch's by design
THREADS_PER_WORKER = 1
SINGLE_PROCESS = "single process"
STDERR_TAIL_CHARS = 1500
POLL_S = 0.05


@dataclass(frozen=True)
class Scale:
    workers: tuple[int, ...]
    batch_per_worker: int
    steps: int
    warmup: int
    timeout_s: float


QUICK = Scale(workers=(1, 2), batch_per_worker=64, steps=20, warmup=3, timeout_s=300)
FULL = Scale(workers=(1, 2, 4, 8), batch_per_worker=128, steps=100, warmup=10, timeout_s=600)


def measure(names: list[str], root: Path, run_id: str, measured_at: datetime, scale: Scale,
            device: str = "cpu") -> list[dict]:
    """Per framework: the single-process baseline, then a row per strategy and worker count above 1.
    Every worker has its own cores, and on `cuda` its own GPU (NCCL will not share one between ranks):
    worker counts beyond this machine's are recorded as not run, as sharing would measure contention."""
    rows = []
    many = [n for n in scale.workers if n > 1]
    for framework in names:
        out = Path(root) / run_id / device / framework
        baseline = _launch(framework, None, 1, device, scale, out, [n * scale.batch_per_worker for n in many])
        rows.append(_row(framework, None, 1, device, baseline, baseline, run_id, measured_at, scale))
        for strategy in (s for s in STRATEGIES if s.framework == framework):
            for workers in many:
                if why := _beyond_machine(workers, device):
                    run = Run(out, {"unavailable": why}, None)
                else:
                    run = _launch(framework, strategy, workers, device, scale, out, [])
                rows.append(_row(framework, strategy, workers, device, run, baseline, run_id, measured_at, scale))
    return rows


def _beyond_machine(workers: int, device: str) -> str | None:
    """Why this machine cannot give `workers` workers a share of their own, or None if it can."""
    cores, gpus = machine.usable_cpus(), len(machine.nvidia_gpus())
    if workers * THREADS_PER_WORKER > cores:
        return f"needs {workers * THREADS_PER_WORKER} cores, {THREADS_PER_WORKER} per worker; {cores} usable here"
    if device == "cuda" and workers > gpus:
        return f"needs a GPU per worker, {workers} GPUs; this machine has {gpus}"
    return None


@dataclass
class Run:
    out: Path
    result: dict | None
    failure: str | None


def _launch(framework: str, strategy: Strategy | None, workers: int, device: str, scale: Scale, root: Path,
            references: list[int]) -> Run:
    out = root / (f"{strategy.key}-{workers}" if strategy else "single")
    out.mkdir(parents=True, exist_ok=True)
    process_count = strategy.processes(workers) if strategy else 1
    threads = THREADS_PER_WORKER * workers // process_count
    ports = ",".join(str(_free_port()) for _ in range(process_count))
    launched_at = time.time()
    processes = []
    for rank in range(process_count):
        stderr = (out / f"rank{rank}.stderr").open("w")
        command = [sys.executable, "-m", "experiments.capabilities.distributed.worker", "--framework", framework,
                   "--device", device, "--rank", str(rank), "--workers", str(workers), "--ports", ports,
                   "--workload", WORKLOAD,
                   "--batch-per-worker", str(scale.batch_per_worker), "--steps", str(scale.steps),
                   "--warmup", str(scale.warmup), "--threads", str(threads),
                   "--launched-at", repr(launched_at), "--out", str(out)]
        if strategy:
            command += ["--strategy", strategy.key]
        if rank == 0 and references:
            command += ["--reference-batches", *map(str, references)]
        env = {**os.environ, **frameworks.thread_env(threads)}
        if device == "cuda":
            env["CUDA_VISIBLE_DEVICES"] = ",".join(map(str, range(workers))) if process_count == 1 else str(rank)
        processes.append((subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env), stderr))
    stopped = _wait([process for process, _ in processes], scale.timeout_s)
    for _, stderr in processes:
        stderr.close()
    failure = None
    if stopped:
        rank, what = stopped
        tail = (out / f"rank{rank}.stderr").read_text(errors="replace")[-STDERR_TAIL_CHARS:].strip()
        failure = f"process {rank} of {process_count} {what}; its last output: {tail or '(none)'}"
    result_file = out / "result.json"
    result = json.loads(result_file.read_text()) if result_file.exists() else None
    return Run(out, result, failure)


def _wait(processes: list[subprocess.Popen], timeout_s: float) -> tuple[int, str] | None:
    """None once every process has exited cleanly. Otherwise the rank of the first to fail and how: the
    others are stopped at once, as they would only wait for it in the next collective."""
    deadline = time.monotonic() + timeout_s
    running = dict(enumerate(processes))
    try:
        while running:
            for rank, process in list(running.items()):
                if (code := process.poll()) is None:
                    continue
                del running[rank]
                if code != 0:
                    return rank, f"exited with status {code}"
            if running and time.monotonic() > deadline:
                return min(running), f"did not finish within {timeout_s:g} s"
            time.sleep(POLL_S)
        return None
    finally:
        for process in running.values():
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _row(framework: str, strategy: Strategy | None, workers: int, device: str, run: Run, baseline: Run,
         run_id: str, measured_at: datetime, scale: Scale) -> dict:
    common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device=device,
                  threads=THREADS_PER_WORKER * workers, workload=WORKLOAD, workers=workers,
                  processes=strategy.processes(workers) if strategy else 1,
                  strategy=strategy.names[device] if strategy else SINGLE_PROCESS,
                  batch_per_worker=scale.batch_per_worker, global_batch=scale.batch_per_worker * workers,
                  threads_per_worker=THREADS_PER_WORKER,
                  setup_lines=setup_lines.count(*strategy.setup_code) if strategy else 0)
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
