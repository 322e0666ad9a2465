"""Figures for the article's execution-model claims, measured as the quick capabilities run measures them and
read back through the warehouse views: per framework, workload, mode and change of input, the traces or
compilations the framework's own counter records, what the first calls cost beyond steady steps, the steady
step against eager's and the steps to break even (recompilation_cost); the same shape bug in every mode
(debugging_errors); the device placements each data-parallel strategy writes by hand (device_placement).
Targets: eager never compiles, every compiled mode compiles its first input, the bug raises in every mode,
and all of it finishes in under TOTAL_TARGET_S."""
from __future__ import annotations

import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from experiments import machine
from experiments.capabilities import debugging, placement, recompilation
from warehouse import db
from warehouse.load.capabilities import load_measurements

FRAMEWORKS = ["torch", "tensorflow"]
PROFILE = recompilation.QUICK
TOTAL_TARGET_S = 600


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def number(value, digits: int) -> str:
    return "-" if pd.isna(value) else f"{value:.{digits}f}"


def print_recompilation(cost: pd.DataFrame) -> bool:
    caches = "kept" if PROFILE.keep_compile_caches else "empty"
    print(f"recompilation: the training step fed one change of input after another ({', '.join(PROFILE.workloads)}; "
          f"1 thread, {machine.cpu_model()}; torch.compile's inductor caches {caches}):")
    print(f"   {'framework':<10} {'workload':<8} {'mode':<15} {'change':<17} {'input':<14} {'compiles':>8} "
          f"{'first (s)':>9} {'compile (s)':>11} {'step (ms)':>9} {'eager (ms)':>10} {'break-even':>10}")
    for r in cost.itertuples():
        shape = f"{r.batch_size}x{r.seq_len}" if not pd.isna(r.seq_len) else f"{r.batch_size}"
        if r.status != "ok":
            print(f"   {r.framework:<10} {r.workload:<8} {r.mode:<15} {r.change:<17} {r.status}: {r.reason}"[:200])
            continue
        even = "-" if r.mode == "eager" else ("never" if not r.pays_off else f"{r.break_even_steps:.0f}")
        print(f"   {r.framework:<10} {r.workload:<8} {r.mode:<15} {r.change:<17} {shape + ' ' + r.dtype:<14} "
              f"{r.compiles:>8} {number(r.first_call_s, 2):>9} {number(r.compile_s, 2):>11} {number(r.step_ms, 2):>9} "
              f"{number(r.eager_step_ms, 2):>10} {even:>10}")
    eager = cost[cost["mode"] == "eager"]
    first = cost[(cost["mode"] != "eager") & (cost["change"] == "initial")]
    ok = (cost["status"] == "ok").all() and (eager["compiles"] == 0).all() and (first["compiles"] > 0).all()
    print(f"eager never compiles and every compiled mode compiles its first input: {verdict(bool(ok))}")
    return bool(ok)


def print_debugging(errors: pd.DataFrame) -> bool:
    print("debugging: the same shape bug in the user's training step, in every mode:")
    print(f"   {'framework':<10} {'mode':<9} {'names line':>10} {'bug frame':>9} {'framework frames':>16} "
          f"{'frames':>6} {'printed lines':>13}  error")
    for r in errors.itertuples():
        if r.status != "ok":
            print(f"   {r.framework:<10} {r.mode:<9} {r.status}: {r.reason}"[:200])
            continue
        print(f"   {r.framework:<10} {r.mode:<9} {str(r.names_bug_line):>10} {str(r.bug_frame_in_traceback):>9} "
              f"{number(r.framework_frames, 0):>16} {r.traceback_frames:>6} {r.printed_lines:>13}  "
              f"{r.error_type} at {r.raised_at}")
    ok = bool((errors["status"] == "ok").all())
    print(f"the bug raises in every mode: {verdict(ok)}")
    return ok


def print_placement(placed: pd.DataFrame) -> None:
    print("device placement written by hand, per data-parallel strategy (code) and in TensorFlow 1.x (documented):")
    for r in placed.itertuples():
        print(f"   {r.framework:<10} {r.kind:<10} {r.name:<70} {r.placements:>2}  needs none: {r.needs_none}")
        for statement in r.statements:
            print(f"      {statement}")


def main() -> None:
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory() as scratch:
        con = db.connect(Path(scratch) / "bench.duckdb")
        try:
            load_measurements(con, "recompilation",
                              pd.DataFrame(recompilation.measure(FRAMEWORKS, "bench", now, 1, PROFILE)))
            recompiled_s = time.perf_counter() - started
            load_measurements(con, "debugging", pd.DataFrame(debugging.measure(FRAMEWORKS, "bench", now, 1)))
            load_measurements(con, "placement", pd.DataFrame(placement.measure(FRAMEWORKS, "bench", now)))
            cost = con.sql("SELECT * FROM recompilation_cost").df()
            errors = con.sql("SELECT * FROM debugging_errors").df()
            placed = con.sql("SELECT * FROM device_placement").df()
        finally:
            con.close()
    total_s = time.perf_counter() - started
    recompiled = print_recompilation(cost)
    raised = print_debugging(errors)
    print_placement(placed)
    print(f"recompilation {recompiled_s:.0f} s, whole measurement {total_s:.0f} s (target < {TOTAL_TARGET_S} s): "
          f"{verdict(recompiled and raised and total_s < TOTAL_TARGET_S)}")


if __name__ == "__main__":
    main()
