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
INTRO = ("How fast and how memory-hungry the same models are in PyTorch and TensorFlow, in every execution mode, "
         "and how each framework trains on several workers, serves, logs to TensorBoard and exports to phones, "
         "all measured on this machine.")
# Measurements beyond single-device step times, each a relation of its own; until the experiments
# write one, the report says it was not measured.
MEASUREMENTS = {
    "distributed_scaling": "Distributed scaling",
    "serving_latency": "Serving latency",
    "tensorboard_logging": "TensorBoard logging",
    "mobile_export": "Mobile export",
}
# Per measurement: its columns as people read them, each (heading, the relation's columns it reads, how they
# read); a column whose relation lacks what it reads is left out. Run ids, log folders and the like are not shown.
FRAMEWORK = ("Framework", ("framework",), wording.framework)
WORKLOAD = ("Workload", ("workload",), wording.text)
DEVICE = ("Device", ("device",), wording.device)
OUTCOME = ("Outcome", ("status", "reason"), wording.outcome)
FORMAT = ("Format", ("format",), wording.export_format)
MEASUREMENT_COLUMNS = {
    "distributed_scaling": [
        FRAMEWORK, ("Strategy", ("strategy",), wording.text), ("Workers", ("workers",), wording.count), WORKLOAD,
        DEVICE, OUTCOME, ("Throughput (samples/s)", ("throughput",), lambda x: wording.number(x, 0)),
        ("Scaling efficiency", ("scaling_efficiency",), wording.percent),
        ("Start-up (s)", ("start_s",), lambda x: wording.number(x, 1)),
        ("Setup lines", ("setup_lines",), wording.count),
        ("Same parameters as one process", ("equivalent",), wording.yes_no),
    ],
    "serving_latency": [
        FRAMEWORK, FORMAT, WORKLOAD, DEVICE, OUTCOME,
        ("Latency p50 (ms)", ("p50_ms",), wording.number), ("Latency p99 (ms)", ("p99_ms",), wording.number),
        ("Over HTTP p50 (ms)", ("http_p50_ms",), wording.number),
        ("In its framework p50 (ms)", ("inprocess_p50_ms",), wording.number),
        ("Load (s)", ("load_s",), wording.number), ("File size (MB)", ("file_bytes",), wording.megabytes),
        ("Outputs match", ("outputs_match",), wording.yes_no),
    ],
    "tensorboard_logging": [
        FRAMEWORK, WORKLOAD, DEVICE, OUTCOME, ("Values written", ("events_written",), wording.count),
        ("Values read back", ("events_read_back",), wording.count), ("Write time (s)", ("write_s",), wording.number),
    ],
    "mobile_export": [
        FRAMEWORK, FORMAT, WORKLOAD, DEVICE, OUTCOME, ("Latency (ms)", ("latency_ms",), wording.number),
        ("Latency p99 (ms)", ("p99_ms",), wording.number),
        ("In its framework (ms)", ("original_latency_ms",), wording.number),
        ("Conversion (s)", ("convert_s",), wording.number), ("File size (MB)", ("file_bytes",), wording.megabytes),
        ("Outputs match", ("outputs_match",), wording.yes_no),
    ],
}

EXPERIMENTS_SQL = """\
SELECT workload, framework, mode, device, device_name, precision, phase, batch_size, status, reason,
       step_ms_median, step_ms_p10, step_ms_p90, rel_error, throughput, compile_s, first_call_s,
       peak_mem_mb, tflops, params, equivalent, measured_at
FROM experiment_summary
ORDER BY workload, phase, device, precision, batch_size, framework, mode"""

ENVIRONMENT_SQL = """\
SELECT framework, device, device_name, measured_at, profile, threads, version, tf32, cpu_model, python,
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
        ], behind(con, [("experiment_summary", summary)], FLOWS), intro=INTRO)
    measured = summary[summary["status"] == "ok"]
    payoff = evidence.payoff(con)
    environment = rows(con, ENVIRONMENT_SQL)
    return Section(
        "performance", title, wording.experiment_headline(summary, evidence.matched(con)),
        [
            figure("step-time", performance_charts.step_time_chart(measured),
                   measured[performance_charts.STEP_COLUMNS], EXPERIMENTS_SQL),
            *_payoff_blocks(payoff),
            figure("memory", performance_charts.memory_chart(measured),
                   measured[performance_charts.MEMORY_COLUMNS], EXPERIMENTS_SQL),
            *measurements,
            _configurations_table(summary),
            _environment_table(environment),
        ],
        behind(con, [("experiment_summary", summary), ("experiment_environments", environment)], FLOWS),
        intro=INTRO,
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
                [r.workload, wording.framework(r.framework), wording.mode(r.mode), r.phase,
                 wording.device(r.device, r.device_name), r.precision, wording.count(r.batch_size),
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
        columns = [(heading, reads, says) for heading, reads, says in MEASUREMENT_COLUMNS[relation]
                   if set(reads) <= set(found.columns)]
        blocks.append(Table(
            title, [heading for heading, _, _ in columns],
            [[says(*(row[name] for name in reads)) for _, reads, says in columns] for _, row in found.iterrows()],
            id=relation,
        ))
    return blocks


def _configurations_table(summary: pd.DataFrame) -> Table:
    return Table(
        "Measured configurations",
        ["Workload", "Framework", "Mode", "Phase", "Device", "Precision", "Batch", "Outcome",
         "Step time, median (ms)", "Step time, p90 (ms)", "Throughput (samples/s)", "Compile (s)",
         "Peak memory (MB)", "TFLOP/s", "Outputs match"],
        [
            [r.workload, wording.framework(r.framework), wording.mode(r.mode), r.phase,
             wording.device(r.device, r.device_name), r.precision, wording.count(r.batch_size),
             wording.outcome(r.status, r.reason), wording.number(r.step_ms_median), wording.number(r.step_ms_p90),
             wording.number(r.throughput, 0), wording.number(r.compile_s), wording.number(r.peak_mem_mb, 0),
             wording.number(r.tflops), wording.yes_no(r.equivalent)]
            for r in summary.itertuples()
        ],
    )


def _environment_table(environment: pd.DataFrame | None) -> Table:
    return Table(
        "Environment of each measurement run",
        ["Measured", "Framework", "Version", "Device", "CPU", "Threads", "TF32", "Python", "Platform", "Profile"],
        [] if environment is None else [
            [wording.moment(r.measured_at), wording.framework(r.framework), wording.text(r.version),
             wording.device(r.device, r.device_name), wording.text(r.cpu_model), wording.count(r.threads),
             wording.text(r.tf32), wording.text(r.python), wording.text(r.platform), r.profile]
            for r in environment.itertuples()
        ],
        id="environment",
    )
