"""Targets: the harness adds under 1 % to the `linear` workload's step time; repeat-to-repeat coefficient
of variation of the steady-state step time on CPU under 5 % for `cnn` and `transformer` (reported for
every workload); `fwtrends experiments --quick`, every mode of both frameworks, finishes in under 4 minutes."""
from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from experiments.timing import harness, plan, runner

OVERHEAD_TARGET = 0.01
CV_TARGET = 0.05
CV_TARGET_WORKLOADS = ("cnn", "transformer")
QUICK_TARGET_S = 240
# Longer repeats than the quick profile's, and a fixed number of rounds, so the spread is measured alike.
PROFILE = dataclasses.replace(plan.QUICK, name="bench", min_block_s=0.2, min_repeats=10, max_repeats=10,
                              target_rel_error=0.0)


def harness_overhead_s(steps: int = 200_000, repeats: int = 9) -> float:
    """Seconds per step the harness itself costs: the timed loop around a step that does nothing."""
    def nothing():
        return None

    return statistics.median(harness.repeat(nothing, nothing, steps) for _ in range(repeats))


def quick_run_s() -> float:
    """Wall time of `fwtrends experiments --quick` into a scratch home, Prefect start-up included."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "FWTRENDS_HOME": home, "PREFECT_HOME": str(Path(home) / "prefect"),
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        env.pop("FWTRENDS_DB", None)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "flows.cli", "experiments", "--quick"], env=env,
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"the quick run failed:\n{done.stderr[-3000:]}")
        return time.perf_counter() - started


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_spread(rows: list[dict]) -> None:
    measured = [r for r in rows if r["status"] == "ok"]
    print(f"repeat-to-repeat CV of the step time, CPU, {PROFILE.max_repeats} rounds of repeats >= "
          f"{PROFILE.min_block_s} s, {rows[0]['threads']} thread(s), {rows[0]['device_name']}:")
    print(f"   {'workload':<12} {'variants':>8} {'median CV':>10} {'max CV':>8}  worst variant")
    for workload in PROFILE.batch_sizes:
        group = [r for r in measured if r["workload"] == workload]
        cvs = [r["step_ms_cv"] for r in group]
        worst = max(group, key=lambda r: r["step_ms_cv"])
        target = ""
        if workload in CV_TARGET_WORKLOADS:
            target = f"  target median < {CV_TARGET:.0%}: {verdict(statistics.median(cvs) < CV_TARGET)}"
        print(f"   {workload:<12} {len(group):>8} {statistics.median(cvs):>10.1%} {max(cvs):>8.1%}  "
              f"{worst['framework']} {worst['mode']} {worst['phase']}{target}")


def main() -> None:
    overhead = harness_overhead_s()
    _, rows = runner.run(PROFILE, device="cpu", log=lambda line: None)
    linear = [r for r in rows if r["workload"] == "linear" and r["status"] == "ok"]
    fastest = min(linear, key=lambda r: r["step_ms_median"])
    share = overhead / (fastest["step_ms_median"] / 1e3)
    print(f"harness overhead {overhead * 1e9:.0f} ns per step = {share:.2%} of the fastest linear step "
          f"({fastest['framework']} {fastest['mode']} {fastest['phase']}, {fastest['step_ms_median'] * 1e3:.1f} us); "
          f"target < {OVERHEAD_TARGET:.0%}: {verdict(share < OVERHEAD_TARGET)}")
    print_spread(rows)
    if rows[0]["threads"] > 1:
        # On a shared machine another process's work stalls multi-threaded steps at their barriers;
        # one thread per framework shows how much of the spread that is.
        _, single = runner.run(PROFILE, device="cpu", threads=1, log=lambda line: None)
        print_spread(single)
    skipped = [r for r in rows if r["status"] != "ok"]
    if skipped:
        print(f"   not measured: {len(skipped)} variants, e.g. {skipped[0]['reason']}")

    seconds = quick_run_s()
    print(f"`fwtrends experiments --quick`: {seconds:.0f} s on {os.cpu_count()} CPUs; "
          f"target < {QUICK_TARGET_S} s: {verdict(seconds < QUICK_TARGET_S)}")


if __name__ == "__main__":
    main()
