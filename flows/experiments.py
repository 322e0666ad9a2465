"""Experiments: matched PyTorch/TensorFlow workloads measured in their own processes -> `experiment_runs`.

Each run writes its rows to a dated results file under `<home>/experiments/`, then loads it."""
from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from experiments.timing import plan, results, runner
from flows import settings
from flows.runlog import SourceResult, flow_run
from warehouse.load.experiments import load_results


def results_dir() -> Path:
    return settings.home() / "experiments"


@task(cache_policy=NO_CACHE)
def measure(workloads: list[str] | None, frameworks: list[str] | None, modes: list[str] | None, device: str,
            quick: bool, run_id: str) -> Path:
    """Runs the measuring processes; returns the results file they produced."""
    logger = get_run_logger()
    profile = plan.QUICK if quick else plan.FULL
    ctx, rows = runner.run(profile, workloads, frameworks, modes, device, run_id=run_id, log=logger.info)
    path = results.write(rows, results_dir(), ctx)
    logger.info(f"{len(rows)} result rows in {path}")
    return path


def summarize(rows) -> list[SourceResult]:
    """One line per framework: measured (fetched), failed, not run here (skipped), and the first failure."""
    lines = []
    for framework, group in rows.groupby("framework", sort=True):
        line = SourceResult(f"experiments:{framework}", fetched=int((group.status == "ok").sum()),
                            failed=int((group.status == "failed").sum()),
                            skipped=int((group.status == "not_run").sum()))
        failures = group[group.status == "failed"]
        if not failures.empty:
            first = failures.iloc[0]
            line.fail(f"{first.workload}/{first['mode']}/{first.phase}/{first.precision}: {first.reason}")
        elif line.fetched == 0:
            line.fail(group.reason.dropna().iloc[0] if group.reason.notna().any() else "nothing measured")
        lines.append(line)
    return lines


@flow(name="experiments")
def experiments_flow(
    workloads: list[str] | None = None,
    frameworks: list[str] | None = None,
    modes: list[str] | None = None,
    device: str = "auto",
    quick: bool = False,
    report: bool = False,
    db_path: str | None = None,
) -> list[SourceResult]:
    """Measures the selected workloads (default all) in every mode of each framework (default both)
    on `device` (auto|cpu|cuda); `quick` is the few-minute CPU profile."""
    params = {"workloads": workloads, "frameworks": frameworks, "modes": modes, "device": device, "quick": quick}
    with flow_run("experiments", params, db_path=db_path, report=report) as run:
        path = measure(workloads, frameworks, modes, device, quick, run.id)
        rows = results.read(path)
        with run.warehouse() as con:
            load_results(con, rows)
        run.results += summarize(rows)
    return run.results
