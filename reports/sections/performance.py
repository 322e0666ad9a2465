"""Performance: step time per workload and device by execution mode, what compiling costs against what
it saves, peak memory, the measurements beyond single-device training, and the environment of each run."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import evidence, performance_charts, wording
from reports.page import Note, Section, Table
from reports.queries import figure, rows
from reports.sections.provenance import behind

FLOWS = ["experiments"]
# Measurements beyond single-device step times, each a relation of its own; until the experiments
# write one, the report says it was not measured.
MEASUREMENTS = {
    "distributed_scaling": "Distributed scaling",
    "serving_latency": "Serving latency",
    "tensorboard_logging": "TensorBoard logging",
    "mobile_export": "Mobile export",
}

EXPERIMENTS_SQL = """\
SELECT workload, framework, mode, device, device_name, precision, phase, batch_size, status, reason,
       step_ms_median, step_ms_p10, step_ms_p90, rel_error, throughput, compile_s, first_call_s,
       peak_mem_mb, tflops, params, equivalent, run_id, measured_at
FROM experiment_summary
ORDER BY workload, phase, device, precision, batch_size, framework, mode"""

ENVIRONMENT_SQL = """\
SELECT run_id, framework, device, device_name, measured_at, profile, threads, version, tf32, cpu_model, python,
       platform
FROM experiment_environments
ORDER BY measured_at DESC, framework, device"""


def build(con: duckdb.DuckDBPyConnection) -> Section:
    title = "Performance"
    summary = rows(con, EXPERIMENTS_SQL)
    measurements = _measurements(con)
    if summary is None or summary.empty:
        why = ("this warehouse has no experiment_summary view" if summary is None
               else "experiment_summary is empty (fwtrends experiments fills it)")
        return Section("performance", title, f"Experiments have not run yet: {why}.", [
            Note("No step times to chart yet.", id="step-time"),
            Note("No compile costs to chart yet.", id="compile-payoff"),
            *measurements,
        ], behind(con, [("experiment_summary", summary)], FLOWS))
    measured = summary[summary["status"] == "ok"]
    payoff = evidence.payoff(con)
    environment = rows(con, ENVIRONMENT_SQL)
    return Section(
        "performance", title, wording.experiment_headline(summary, evidence.matched(con)),
        [
            figure("step-time", performance_charts.step_time_chart(measured), measured, EXPERIMENTS_SQL),
            *_payoff_blocks(payoff),
            figure("memory", performance_charts.memory_chart(measured), measured, EXPERIMENTS_SQL),
            *measurements,
            _configurations_table(summary),
            _environment_table(environment),
        ],
        behind(con, [("experiment_summary", summary), ("experiment_environments", environment)], FLOWS),
    )


def _payoff_blocks(payoff: pd.DataFrame) -> list:
    if payoff.empty:
        return [Note("No configuration was measured both eager and in a graph or compiled mode.",
                     id="compile-payoff")]
    return [
        figure("compile-payoff", performance_charts.payoff_chart(payoff), payoff, evidence.PAYOFF_SQL),
        Table(
            "Compile cost against steady-state speed-up",
            ["Workload", "Framework", "Mode", "Phase", "Device", "Precision", "Batch", "Eager step (ms)",
             "Step in this mode (ms)", "Speed-up", "Compile cost (s)", "Steps until it pays off"],
            [
                [r.workload, r.framework, r.mode, r.phase, r.device, r.precision, wording.count(r.batch_size),
                 wording.number(r.eager_ms), wording.number(r.step_ms), wording.times(r.speedup),
                 wording.number(r.compile_s), wording.payoff_steps(r.payoff_steps)]
                for r in payoff.itertuples()
            ],
        ),
    ]


def _measurements(con: duckdb.DuckDBPyConnection) -> list:
    blocks = []
    for relation, title in MEASUREMENTS.items():
        found = evidence.relation(con, relation)
        if found is None or found.empty:
            blocks.append(Note(f"{title}: not measured (no {relation} rows in this warehouse).", id=relation))
            continue
        blocks.append(Table(title, list(found.columns),
                            [[wording.cell(value) for value in row] for row in found.itertuples(index=False)],
                            id=relation))
    return blocks


def _configurations_table(summary: pd.DataFrame) -> Table:
    return Table(
        "Measured configurations",
        ["Workload", "Framework", "Mode", "Phase", "Device", "Precision", "Batch", "Status",
         "Median step (ms)", "p90 step (ms)", "Throughput (samples/s)", "Compile (s)", "Peak memory (MB)",
         "TFLOP/s", "Outputs match", "Run"],
        [
            [r.workload, r.framework, r.mode, r.phase, wording.text(r.device_name) or r.device, r.precision,
             wording.count(r.batch_size), r.status if pd.isna(r.reason) else f"{r.status}: {r.reason}",
             wording.number(r.step_ms_median), wording.number(r.step_ms_p90), wording.number(r.throughput, 0),
             wording.number(r.compile_s), wording.number(r.peak_mem_mb, 0), wording.number(r.tflops),
             wording.yes_no(r.equivalent), r.run_id]
            for r in summary.itertuples()
        ],
    )


def _environment_table(environment: pd.DataFrame | None) -> Table:
    return Table(
        "Environment of each measurement run",
        ["Run", "Measured", "Framework", "Version", "Device", "CPU", "Threads", "TF32", "Python", "Platform",
         "Profile"],
        [] if environment is None else [
            [r.run_id, wording.moment(r.measured_at), r.framework, wording.text(r.version),
             wording.text(r.device_name) or r.device, wording.text(r.cpu_model), wording.count(r.threads),
             wording.text(r.tf32), wording.text(r.python), wording.text(r.platform), r.profile]
            for r in environment.itertuples()
        ],
        id="environment",
    )
