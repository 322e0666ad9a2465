"""Performance: step time per workload and device by execution mode, the two frameworks' step-time ratio
timed block by block, peak memory, what compiling (and compiling again) costs against what it saves, the
measurements beyond single-device training, and the environment of each run."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import evidence, performance_charts, wording
from reports.page import Code, Note, Section, Table
from reports.queries import figure, not_in_warehouse, rows, traced
from reports.sections.provenance import behind

FLOWS = ["experiments"]
INTRO = ("How fast and how memory-hungry the same models are in PyTorch and TensorFlow, in every execution mode, "
         "what compiling and compiling again cost, and how each framework trains on several workers, places work "
         "on devices, serves, exports to phones, logs to TensorBoard, shows what it logged and reports a bug, "
         "all measured on this machine.")
# Measurements beyond single-device step times, each a relation of its own, in the order a reader follows:
# compiling again, distributed training, serving, then the tools. Until the experiments write one, the report
# says it was not measured.
MEASUREMENTS = {
    "recompilation_cost": "Recompilation cost",
    "distributed_scaling": "Distributed scaling",
    "device_placement": "Device placement by hand",
    "serving_latency": "Serving latency",
    "serving_comparison": "Model servers",
    "mobile_export": "Mobile export",
    "tensorboard_logging": "TensorBoard logging",
    "visualisation_matrix": "Visualisation features",
    "debugging_errors": "Debugging a shape bug",
}
# Per measurement, a sentence on what it shows, under its table.
MEASUREMENT_NOTES = {
    "recompilation_cost": "A training step fed one change of input after another, in eager and in every graph or "
                          "compiled mode: what each change cost to compile beyond eager, and after how many steps "
                          "at the new input compiling pays for itself.",
    "device_placement": "Places where each data-parallel strategy's code puts a model, tensor or operation on a "
                        "device by hand, beside how TensorFlow 1.x placed one tower per GPU in its own guides.",
    "serving_comparison": "Each framework's own model server and a FastAPI app, serving the framework's export on "
                          "this machine to several clients at once, one request of batch 1 each.",
    "visualisation_matrix": "Each feature the article lists, written from each framework and counted as shown only "
                            "when what was written is read back.",
    "debugging_errors": "The same deliberate shape bug in a user's training step, in every mode: whether the error "
                        "points at the bug's line, and how much framework code stands in the way.",
}
# Per measurement: its columns as people read them, each (heading, the relation's columns it reads, how they
# read); a column whose relation lacks what it reads is left out. Run ids, log folders and the like are not shown.
FRAMEWORK = ("Framework", ("framework",), wording.framework)
WORKLOAD = ("Workload", ("workload",), wording.text)
DEVICE = ("Device", ("device",), wording.device)
OUTCOME = ("Outcome", ("status", "reason"), wording.outcome)
FORMAT = ("Format", ("format",), wording.export_format)
MODE = ("Mode", ("mode",), wording.mode)
# The changes of input recompilation_cost makes, in its order.
CHANGE_NAMES = {"initial": "first input", "batch_size": "new batch size", "batch_size_again": "another batch size",
                "seq_len": "new sequence length", "dtype": "new dtype", "first_input_again": "first input again"}
FEATURE_NAMES = {"profiler_trace": "profiler trace"}
PLACEMENT_KINDS = {"code": "counted in our code", "documented": "documented for TensorFlow 1.x"}


def _named(names: dict[str, str]):
    return lambda value: wording.MISSING if pd.isna(value) else names.get(value, str(value).replace("_", " "))


def _pays_off(pays_off: bool | None, steps: float | None) -> str:
    """After how many steps a compile pays for itself; nothing for eager, which is the baseline."""
    return wording.MISSING if pd.isna(pays_off) else wording.payoff_steps(steps)


MEASUREMENT_COLUMNS = {
    "recompilation_cost": [
        FRAMEWORK, WORKLOAD, MODE, DEVICE, ("Change of input", ("change",), _named(CHANGE_NAMES)), OUTCOME,
        ("Compiles", ("compiles",), wording.count), ("First call (s)", ("first_call_s",), wording.number),
        ("Compile (s)", ("compile_s",), wording.number),
        ("Compile beyond eager's (s)", ("extra_compile_s",), wording.number),
        ("Step (ms)", ("step_ms",), wording.number), ("Eager step (ms)", ("eager_step_ms",), wording.number),
        ("Steps until it pays off", ("pays_off", "break_even_steps"), _pays_off),
    ],
    "distributed_scaling": [
        FRAMEWORK, ("Strategy", ("strategy",), wording.text), ("Workers", ("workers",), wording.count), WORKLOAD,
        DEVICE, OUTCOME, ("Throughput (samples/s)", ("throughput",), lambda x: wording.number(x, 0)),
        ("Scaling efficiency", ("scaling_efficiency",), wording.percent),
        ("Start-up (s)", ("start_s",), lambda x: wording.number(x, 1)),
        ("Setup lines", ("setup_lines",), wording.count),
        ("Same parameters as one process", ("equivalent",), wording.yes_no),
    ],
    "device_placement": [
        FRAMEWORK, ("Strategy", ("name",), wording.text), ("Kind", ("kind",), _named(PLACEMENT_KINDS)), OUTCOME,
        ("Placements by hand", ("placements",), wording.count), ("Needs none", ("needs_none",), wording.yes_no),
        ("What the source says", ("fact",), wording.text), ("Source", ("source",), wording.text),
    ],
    "serving_latency": [
        FRAMEWORK, FORMAT, WORKLOAD, DEVICE, OUTCOME,
        ("Latency p50 (ms)", ("p50_ms",), wording.number), ("Latency p99 (ms)", ("p99_ms",), wording.number),
        ("Over HTTP p50 (ms)", ("http_p50_ms",), wording.number),
        ("In its framework p50 (ms)", ("inprocess_p50_ms",), wording.number),
        ("Load (s)", ("load_s",), wording.number), ("File size (MB)", ("file_bytes",), wording.megabytes),
        ("Outputs match", ("outputs_match",), wording.yes_no),
    ],
    "serving_comparison": [
        ("Server", ("server",), wording.text), ("Version", ("server_version",), wording.text),
        ("The framework's own", ("framework_product",), wording.yes_no),
        ("Maintenance", ("maintenance",), wording.text), FRAMEWORK, FORMAT, WORKLOAD, DEVICE,
        ("Clients at once", ("concurrency",), wording.count), OUTCOME,
        ("Requests answered", ("requests",), wording.count),
        ("Throughput (requests/s)", ("throughput",), lambda x: wording.number(x, 0)),
        ("Latency p50 (ms)", ("p50_ms",), wording.number), ("Latency p99 (ms)", ("p99_ms",), wording.number),
        ("Start-up (s)", ("start_s",), lambda x: wording.number(x, 1)),
        ("Outputs match", ("outputs_match",), wording.yes_no),
    ],
    "mobile_export": [
        FRAMEWORK, FORMAT, WORKLOAD, DEVICE, OUTCOME, ("Latency (ms)", ("latency_ms",), wording.number),
        ("Latency p99 (ms)", ("p99_ms",), wording.number),
        ("In its framework (ms)", ("original_latency_ms",), wording.number),
        ("Conversion (s)", ("convert_s",), wording.number), ("File size (MB)", ("file_bytes",), wording.megabytes),
        ("Outputs match", ("outputs_match",), wording.yes_no),
    ],
    "tensorboard_logging": [
        FRAMEWORK, WORKLOAD, DEVICE, OUTCOME, ("Values written", ("events_written",), wording.count),
        ("Values read back", ("events_read_back",), wording.count), ("Write time (s)", ("write_s",), wording.number),
    ],
    "visualisation_matrix": [
        ("Tool", ("tool",), wording.text), ("Written from", ("framework",), wording.framework),
        ("Feature", ("feature",), _named(FEATURE_NAMES)), DEVICE, OUTCOME,
        ("Call that wrote it", ("api",), lambda api: wording.MISSING if pd.isna(api) else Code(api)),
        ("Written", ("written",), wording.count), ("Read back", ("read_back",), wording.count),
        ("What was read", ("detail",), wording.text),
    ],
    "debugging_errors": [
        FRAMEWORK, MODE, DEVICE, OUTCOME, ("Error", ("error_type",), wording.text),
        ("Names the bug's line", ("names_bug_line",), wording.yes_no),
        ("Traceback reaches the bug", ("bug_frame_in_traceback",), wording.yes_no),
        ("Framework frames in the way", ("framework_frames",), wording.count),
        ("Traceback frames", ("traceback_frames",), wording.count),
        ("Lines printed", ("printed_lines",), wording.count),
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
       platform, usable_cpus, load_at_start, busy_at_start
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
            Note("No TensorFlow/PyTorch step-time ratios yet.", id="speed-ratio"),
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
            *_speed_ratio_blocks(evidence.speed_ratios(con)),
            figure("memory", performance_charts.memory_chart(measured),
                   measured[performance_charts.MEMORY_COLUMNS], EXPERIMENTS_SQL),
            *_payoff_blocks(payoff),
            *measurements,
            _configurations_table(summary),
            _environment_table(environment),
        ],
        behind(con, [("experiment_summary", summary), ("experiment_environments", environment)], FLOWS),
        intro=INTRO,
    )


def _speed_ratio_blocks(ratios: pd.DataFrame | None) -> list:
    """TensorFlow's step time over PyTorch's, per configuration and pair of modes, from blocks timed one right
    after the other: a chart, and a table of the same rows."""
    if ratios is None:
        return [Note(not_in_warehouse("framework_speed_ratio"), id="speed-ratio")]
    if ratios.empty:
        return [Note("No TensorFlow/PyTorch step-time ratio of blocks timed in turns: the runs in this warehouse "
                     "timed the two frameworks separately (or only one of them), so where this report compares "
                     "their speed it compares separately timed medians, marked unpaired.", id="speed-ratio")]
    shown = ratios.assign(tensorflow_mode=ratios["tensorflow_mode"].map(wording.mode),
                          torch_mode=ratios["torch_mode"].map(wording.mode))
    return [
        figure("speed-ratio", performance_charts.speed_ratio_chart(shown), shown, evidence.SPEED_RATIO_SQL),
        Table(
            "TensorFlow / PyTorch step time, timed block by block",
            ["Workload", "Phase", "Device", "Precision", "Batch", "TensorFlow mode", "PyTorch mode",
             "TensorFlow / PyTorch step time", "95 % interval", "Pairs of blocks", "Faster"],
            [
                [r.workload, r.phase, wording.device(r.device, r.device_name), r.precision, wording.count(r.batch_size),
                 r.tensorflow_mode, r.torch_mode, wording.times(r.ratio), wording.ratio_range(r.ci_low, r.ci_high),
                 wording.count(r.pairs), wording.faster(r.faster)]
                for r in shown.itertuples()
            ],
            note="Each TensorFlow block of steps timed right next to a PyTorch block of the same configuration gives "
                 "one ratio, free of the machine's drift; above 1 PyTorch is faster. A framework is faster when "
                 "the median ratio's 95 % interval lies wholly on its side of 1.",
            id="speed-ratio-table",
        ),
    ]


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
            note=MEASUREMENT_NOTES.get(relation), id=relation, **traced(evidence.relation_sql(relation)),
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
        **traced(EXPERIMENTS_SQL),
    )


def _load(load: float | None, cpus: int | None, busy: bool | None) -> str:
    if pd.isna(load):
        return wording.MISSING
    return f"{wording.number(load, 1)} on {wording.count(cpus)} CPUs" + (" (busy)" if busy is True else "")


def _busy_note(environment: pd.DataFrame | None) -> str | None:
    """A warning when a CPU run started on a machine that others kept busy: its numbers carry their noise."""
    if environment is None:
        return None
    busy = environment[environment["busy_at_start"].eq(True) & environment["device"].eq("cpu")]
    if busy.empty:
        return None
    return (f"{wording.count(busy['measured_at'].nunique())} of the runs above started while other work kept the "
            f"machine busy (load average up to {wording.number(busy['load_at_start'].max(), 1)}): their step "
            "times and ratios carry that work's noise, and their intervals are wider for it. Measure again on an "
            "idle machine to compare frameworks.")


def _environment_table(environment: pd.DataFrame | None) -> Table:
    return Table(
        "Environment of each measurement run",
        ["Measured", "Framework", "Version", "Device", "CPU", "Threads", "Load average at start", "TF32", "Python",
         "Platform", "Profile"],
        [] if environment is None else [
            [wording.moment(r.measured_at), wording.framework(r.framework), wording.text(r.version),
             wording.device(r.device, r.device_name), wording.text(r.cpu_model), wording.count(r.threads),
             _load(r.load_at_start, r.usable_cpus, r.busy_at_start), wording.text(r.tf32), wording.text(r.python),
             wording.text(r.platform), r.profile]
            for r in environment.itertuples()
        ],
        note=_busy_note(environment),
        id="environment",
        **traced(ENVIRONMENT_SQL),
    )
