"""Capabilities beyond single-device step times, the measurements the article's claims need, each for both
frameworks in processes of their own: TensorBoard logging, serving (exported formats; model servers under
concurrent clients), distributed training, mobile export, recompilation after an input change, errors of a
shape bug, per-device placement in the code, the visualisation feature matrix. One table per part (see
warehouse/load/capabilities.py)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from experiments import frameworks, machine
from experiments.capabilities import debugging, distributed, mobile, placement, recompilation, serving, visualisation
from experiments.capabilities import tensorboard as tensorboard_runs
from experiments.capabilities.serving import products as serving_products
from experiments.capabilities.serving import servers
from experiments.models import hparams
from flows import settings
from flows.runlog import SourceResult, flow_run, now
from warehouse.load.capabilities import load_measurements, load_serving_products

PARTS = ("tensorboard", "serving", "distributed", "mobile", "recompilation", "debugging", "placement",
         "visualisation", "servers")
# A quick run exports and serves one workload (each costs about 35 s here); the weekly run all five.
QUICK_SERVING_WORKLOADS = ["mlp"]
QUICK_SERVER_WORKLOADS = ["mlp"]
# A measured outcome, whatever it found: a feature matrix's cells are supported or unsupported.
MEASURED = ("ok", "supported", "unsupported")
MOBILE_CALLS = {True: 50, False: 300}  # quick, full
# One intra-op thread per process: a multi-threaded OpenMP runtime slows down many times over once
# another process takes one of its cores (measured here: 1 ms -> 200 ms per CNN call on 2 shared cores).
THREADS = 1


def tensorboard_dir() -> Path:
    return settings.home() / "tensorboard"


def work_dir() -> Path:
    """Exported and converted models, and the distributed runs' files."""
    return settings.home() / "capabilities"


def distributed_devices(requested: str) -> list[str]:
    """auto: the CPU, and the GPUs as well when there are any; cpu or cuda: that one."""
    if requested == "auto":
        return ["cpu", "cuda"] if machine.nvidia_gpus() else ["cpu"]
    return [machine.resolve_device(requested)]


@task(cache_policy=NO_CACHE)
def measure(part: str, quick: bool, run_id: str, device: str = "auto") -> pd.DataFrame:
    logger = get_run_logger()
    names, started = list(frameworks.NAMES), now()
    logger.info(f"measuring {part} for {', '.join(names)}")
    if part == "tensorboard":
        rows = tensorboard_runs.measure(names, tensorboard_dir(), run_id, started, THREADS)
    elif part == "serving":
        workloads = QUICK_SERVING_WORKLOADS if quick else list(hparams.WORKLOADS)
        rows = serving.measure(names, workloads, work_dir() / "serving", run_id, started, THREADS,
                               serving.QUICK if quick else serving.FULL)
    elif part == "servers":
        workloads = QUICK_SERVER_WORKLOADS if quick else list(hparams.WORKLOADS)
        rows = servers.measure(names, workloads, work_dir() / "servers", run_id, started, THREADS,
                               servers.QUICK if quick else servers.FULL)
    elif part == "distributed":
        rows = [row for on in distributed_devices(device)
                for row in distributed.measure(names, work_dir() / "distributed", run_id, started,
                                               distributed.QUICK if quick else distributed.FULL, on)]
    elif part == "recompilation":
        rows = [row for on in distributed_devices(device)
                for row in recompilation.measure(names, run_id, started, THREADS,
                                                 recompilation.QUICK if quick else recompilation.FULL, on)]
    elif part == "debugging":
        rows = debugging.measure(names, run_id, started, THREADS)
    elif part == "placement":
        rows = placement.measure(names, run_id, started)
    elif part == "visualisation":
        rows = visualisation.measure(names, tensorboard_dir(), run_id, started, THREADS)
    else:
        rows = mobile.measure(names, work_dir() / "mobile", run_id, started, THREADS, MOBILE_CALLS[quick])
    return pd.DataFrame(rows)


def summarize(part: str, rows: pd.DataFrame) -> list[SourceResult]:
    """One line per framework: succeeded (fetched), failed, not run here (skipped), and the first failure."""
    lines = []
    for framework, group in rows.groupby("framework", sort=True):
        line = SourceResult(f"capabilities:{part}:{framework}", fetched=int(group.status.isin(MEASURED).sum()),
                            failed=int((group.status == "failed").sum()),
                            skipped=int((group.status == "not_run").sum()))
        problems = group[~group.status.isin(MEASURED)]
        if line.failed or line.fetched == 0:
            line.fail(problems.reason.dropna().iloc[0] if problems.reason.notna().any() else "nothing measured")
        lines.append(line)
    return lines


@flow(name="capabilities")
def capabilities_flow(parts: list[str] | None = None, quick: bool = False, report: bool = False,
                      db_path: str | None = None, device: str = "auto") -> list[SourceResult]:
    """Measures the selected parts (default all of PARTS) for both frameworks; `quick` is the
    few-minute CPU profile. Distributed training runs on each of `distributed_devices(device)`; the
    other parts measure the CPU."""
    parts = list(parts or PARTS)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise ValueError(f"unknown parts {unknown}: choose from {', '.join(PARTS)}")
    params = {"parts": parts, "quick": quick, "device": device}
    with flow_run("capabilities", params, db_path=db_path, report=report) as run:
        measured = {part: measure(part, quick, run.id, device) for part in parts}
        for part, rows in measured.items():
            with run.warehouse() as con:
                load_measurements(con, part, rows)
            run.results += summarize(part, rows)
        if {"serving", "servers"} & set(parts):
            with run.warehouse() as con:
                load_serving_products(con, serving_products.read())
    return run.results
