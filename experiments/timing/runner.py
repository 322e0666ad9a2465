"""Measuring a selection of variants: the equivalence check first, then each framework in its own
process, both alive and taking turns block by block (experiments.timing.pairs), so that each adjacent
TensorFlow and PyTorch block gives a ratio free of the machine's drift."""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone
from typing import Callable

from experiments import machine, processes
from experiments.models import hparams as hp
from experiments.timing import pairs, plan, results, stats
from experiments.timing.plan import Profile, Variant
from experiments.timing.results import RunContext

CHECK_TIMEOUT_S = 600
PREPARE_TIMEOUT_S = 1800  # a cold torch.compile of a training step on a few CPU cores takes minutes
MEASURE_TIMEOUT_S = 600
# Each variant's timed blocks: (position in the run's sequence of blocks, seconds per step).
Timed = dict[Variant, list[tuple[int, float]]]


def device_name(device: str) -> str:
    if device == "cuda":
        gpus = machine.nvidia_gpus()
        return gpus[0]["name"] if gpus else "no NVIDIA GPU found"
    return machine.cpu_model()


def run(profile: Profile = plan.QUICK, workloads=None, frameworks=None, modes=None, device: str = "auto",
        threads: int | None = None, hparams: dict | None = None, run_id: str | None = None, seed: int = 0,
        log: Callable[[str], None] = print) -> tuple[RunContext, list[dict]]:
    """Measures every selected variant; returns the run's context and one result row per variant,
    including the rows of variants that were skipped, not runnable here, or failed, with the reason."""
    device = machine.resolve_device(device)
    params = {**hp.defaults(), **(hparams or {})}
    planned = plan.variants(profile, workloads, frameworks, modes)
    if not planned:
        raise ValueError("the selection names no variant (is the mode one of the chosen frameworks'?)")
    ctx = RunContext(
        run_id=run_id or uuid.uuid4().hex,
        measured_at=datetime.now(timezone.utc),
        profile=profile,
        device=device,
        device_name=device_name(device),
        threads=threads or machine.usable_cpus(),
        machine=machine.fingerprint(),
    )
    load, cpus = ctx.machine["load_average_1min"], ctx.machine["usable_cpus"]
    if device == "cpu" and ctx.machine["busy"]:
        log(f"warning: the machine was busy in the minute before this run (load average {load:.1f} on {cpus} CPUs); "
            "if that work goes on, the step times and ratios carry its noise (the report marks this run)")
    rows = [results.row(ctx, v, params[v.workload], "not_run", skip) for v, skip in planned if skip]
    todo = [v for v, skip in planned if not skip]
    names = list(dict.fromkeys(v.workload for v in todo))
    if not names:
        return ctx, rows
    log(f"checking that the PyTorch and Keras models are the same: {', '.join(names)}")
    checks = processes.check_equivalence({w: hp.to_dict(params[w]) for w in names}, ctx.threads, CHECK_TIMEOUT_S)
    session = Session(ctx, params, seed, log)
    try:
        for name in names:
            rows += session.measure_workload([v for v in todo if v.workload == name], checks[name])
    finally:
        session.close()
    return ctx, rows


class Session:
    """The framework processes of one run, started when first needed and restarted after a crash."""

    def __init__(self, ctx: RunContext, params: dict, seed: int, log: Callable[[str], None]):
        self.ctx, self.params, self.seed, self.log = ctx, params, seed, log
        self.profile = ctx.profile
        self.workers: dict[str, processes.Worker] = {}
        self.start_failures: dict[str, str] = {}  # a process that cannot start is not tried again
        self.blocks_timed = 0  # the position of the next timed block in the run's sequence

    def worker(self, framework: str) -> tuple[processes.Worker | None, str, str | None]:
        """(worker, status, reason): a usable worker, or None with not_run/failed and why."""
        if framework in self.start_failures:
            return None, "failed", self.start_failures[framework]
        if framework not in self.workers:
            self.log(f"starting the {framework} process ({self.ctx.threads} threads, {self.ctx.device})")
            try:
                self.workers[framework] = processes.Worker(framework, self.ctx.device, self.ctx.threads)
            except processes.ProcessDied as exc:
                self.start_failures[framework] = f"{framework} process did not start: {exc}"
                return None, "failed", self.start_failures[framework]
        worker = self.workers[framework]
        if worker.unavailable:
            return None, "not_run", worker.unavailable
        return worker, "ok", None

    def lose(self, framework: str, why: str, live: dict[Variant, dict], lost: dict[Variant, str]) -> None:
        """Forgets a worker that died, and with it the variants it had prepared; the next variant that
        needs the framework starts a fresh process."""
        self.workers.pop(framework).close()
        for variant in live:
            if variant.framework == framework:
                lost.setdefault(variant, why)

    def row(self, variant: Variant, status: str, reason: str | None, check: dict, **measured) -> dict:
        worker = self.workers.get(variant.framework)
        return results.row(self.ctx, variant, self.params[variant.workload], status, reason, check,
                           worker.fingerprint if worker else None, **measured)

    def measure_workload(self, variants: list[Variant], check: dict) -> list[dict]:
        workload = variants[0].workload
        if check.get("passed") is False:
            self.log(f"{workload}: NOT equivalent, not timed: {check['reason']}")
            return [self.row(v, "failed", f"not timed: the models are not equivalent ({check['reason']})", check)
                    for v in variants]
        started = time.monotonic()
        out, live, lost = [], {}, {}
        for variant in variants:
            worker, status, reason = self.worker(variant.framework)
            if worker is None:
                out.append(self.row(variant, status, reason, check))
                continue
            try:
                answer = worker.request(self.prepare_request(variant), PREPARE_TIMEOUT_S)
            except processes.ProcessDied as exc:
                why = f"{variant.framework} process died preparing {variant.key}: {exc}"
                self.lose(variant.framework, why, live, lost)
                out.append(self.row(variant, "failed", why, check))
                continue
            if answer["status"] == "ok":
                live[variant] = answer
            else:
                out.append(self.row(variant, answer["status"], answer["reason"], check))
        timed = self.repeat(live, lost)
        for variant, answer in live.items():
            if variant in lost:
                out.append(self.row(variant, "failed", lost[variant], check))
                continue
            out.append(self.row(variant, "ok", None, check, prepared=answer,
                                samples_s=[step_s for _, step_s in timed[variant]],
                                samples_seq=[position for position, _ in timed[variant]]))
            self.release(variant)
        measured = sum(r["status"] == "ok" for r in out)
        self.log(f"{workload}: {measured} variants measured, {len(out) - measured} not, "
                 f"in {time.monotonic() - started:.0f} s")
        return out

    def release(self, variant: Variant) -> None:
        """Frees a measured variant; a process that dies doing so is dropped (the timings are in)."""
        worker = self.workers.get(variant.framework)
        if worker is None:
            return
        try:
            worker.request({"op": "release", "key": variant.key}, MEASURE_TIMEOUT_S)
        except processes.ProcessDied:
            self.workers.pop(variant.framework).close()

    def prepare_request(self, variant: Variant) -> dict:
        return {
            "op": "prepare",
            "key": variant.key,
            "spec": {
                "workload": variant.workload,
                "hparams": hp.to_dict(self.params[variant.workload]),
                "mode": variant.mode,
                "phase": variant.phase,
                "precision": variant.precision,
                "batch_size": variant.batch_size,
                "seed": self.seed,
                "keep_compile_caches": self.profile.keep_compile_caches,
            },
            "warmup_steps": self.profile.warmup_steps,
            "min_block_s": self.profile.min_block_s,
            "max_block_steps": self.profile.max_block_steps,
        }

    def repeat(self, live: dict[Variant, dict], lost: dict[Variant, str]) -> Timed:
        """Timed repeats in rounds. In a round each configuration (phase, precision, batch size) is timed as
        one chain of blocks in which the frameworks alternate (`pairs.order`), reversed every other round so
        that each goes first as often. A configuration is finished once each of its TensorFlow/PyTorch
        ratios (or, measured in one framework only, each median) is known to the profile's target, at the
        repeat limit, or once its rounds have taken the profile's time budget for a configuration."""
        timed: Timed = {v: [] for v in live}
        configurations: dict[tuple, list[Variant]] = {}
        for variant in live:
            configurations.setdefault((variant.phase, variant.precision, variant.batch_size), []).append(variant)
        spent = dict.fromkeys(configurations, 0.0)
        active = list(configurations)
        for round_ in range(self.profile.max_repeats):
            for configuration in active:
                started = time.monotonic()
                chain = pairs.order([v for v in configurations[configuration] if v not in lost])
                for variant in chain if round_ % 2 == 0 else chain[::-1]:
                    self.time_block(variant, timed, live, lost)
                spent[configuration] += time.monotonic() - started
            active = [configuration for configuration in active if round_ + 1 < self.profile.min_repeats
                      or not (spent[configuration] >= self.profile.max_configuration_s
                              or self.settled([v for v in configurations[configuration] if v not in lost], timed))]
            if not active:
                break
        return timed

    def time_block(self, variant: Variant, timed: Timed, live: dict[Variant, dict], lost: dict[Variant, str]) -> None:
        """One timed repeat of `variant`, at the next position in the run's sequence of blocks."""
        if variant in lost:
            return
        try:
            answer = self.workers[variant.framework].request({"op": "measure", "key": variant.key}, MEASURE_TIMEOUT_S)
        except processes.ProcessDied as exc:
            self.lose(variant.framework, f"{variant.framework} process died timing {variant.key}: {exc}", live, lost)
            return
        timed[variant].append((self.blocks_timed, answer["step_s"]))
        self.blocks_timed += 1

    def settled(self, variants: list[Variant], timed: Timed) -> bool:
        ratios = pairs.ratios([(position, v, step_s) for v in variants for position, step_s in timed[v]])
        if ratios:
            return all(stats.median_rel_error(r) <= self.profile.target_ratio_error for r in ratios.values())
        return all(stats.median_rel_error([step_s for _, step_s in timed[v]]) <= self.profile.target_rel_error
                   for v in variants)

    def close(self) -> None:
        for worker in self.workers.values():
            worker.close()
