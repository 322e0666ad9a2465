"""Recompilation (E2, E3, TF-2, PT+2): the inputs changed one after another, the counting and timing of a
step across them, the rows when a process fails, the view's break-even and frozen speed-up, and both
frameworks' own counters in every mode."""
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from experiments.capabilities import recompilation
from experiments.capabilities.process import RequestFailed
from experiments.capabilities.recompilation import inputs, timing
from experiments.processes import ProcessDied
from warehouse import db
from warehouse.load.capabilities import load_measurements
from warehouse.load.experiments import load_results

NOW = datetime(2026, 11, 29, tzinfo=timezone.utc)
ALL_CHANGES = ("initial", "batch_size", "batch_size_again", "dtype", "first_input_again")
TINY = recompilation.Profile(workloads=("linear",), changes=inputs.KINDS, first_calls=2, min_block_s=0.005,
                             max_block_steps=100, repeats=3, keep_compile_caches=True, timeout_s=280)


def test_each_change_keeps_the_ones_before_it_and_the_sequence_length_changes_for_sequence_workloads_only():
    made = [(c.name, c.input.batch_size, c.input.seq_len, c.input.dtype) for c in inputs.changes("lstm")]
    assert made == [("initial", 8, 64, "int64"), ("batch_size", 16, 64, "int64"), ("batch_size_again", 4, 64, "int64"),
                    ("seq_len", 4, 32, "int64"), ("dtype", 4, 32, "int32"), ("first_input_again", 8, 64, "int64")]
    assert [c.name for c in inputs.changes("cnn")] == list(ALL_CHANGES)
    assert [c.input.dtype for c in inputs.changes("cnn")][-2:] == ["float64", "float32"]
    assert [c.name for c in inputs.changes("mlp", ("dtype", "batch_size"))] == ["initial", "batch_size", "dtype"]
    with pytest.raises(ValueError, match="precision"):
        inputs.changes("mlp", ("precision",))


def test_a_batch_has_the_inputs_shape_and_dtype():
    x, y = inputs.batch("transformer", inputs.Input(batch_size=4, seq_len=32, dtype="int32"))
    assert (x.shape, x.dtype, y.shape, y.dtype) == ((4, 32), np.int32, (4, 32), np.int64)
    x, _ = inputs.batch("cnn", inputs.Input(batch_size=2, seq_len=None, dtype="float64"))
    assert (x.shape, x.dtype) == ((2, 32, 32, 3), np.float64)


class Retracing:
    """A stand-in for tf.function: a new trace for each new input shape and dtype; `refuse` a dtype."""

    def __init__(self, refuse: str | None = None):
        self.traces: set[tuple] = set()
        self.refuse = refuse

    def trainer(self) -> timing.Trainer:
        return timing.Trainer(self.bind, lambda: None, lambda: len(self.traces))

    def bind(self, x, y):
        if str(x.dtype) == self.refuse:
            raise TypeError(f"cannot take {x.dtype}")
        return lambda: self.traces.add((x.shape, str(x.dtype)))


def test_timing_counts_the_traces_each_change_causes_and_reports_an_input_the_step_refuses():
    measured = timing.time_changes(Retracing().trainer(), "lstm", inputs.changes("lstm"), first_calls=2,
                                   min_block_s=0.001, max_block_steps=10, repeats=3)
    assert [m["compiles"] for m in measured] == [1, 1, 1, 1, 1, 0]
    for m in measured:
        assert m["first_calls"] == 2 and m["first_call_s"] > 0 and m["step_ms"] > 0 and m["compile_s"] >= 0

    refusing = timing.time_changes(Retracing(refuse="float64").trainer(), "mlp", inputs.changes("mlp"),
                                   first_calls=2, min_block_s=0.001, max_block_steps=10, repeats=3)
    assert [m.get("compiles", m.get("error")) for m in refusing] == [1, 1, 1, "TypeError: cannot take float64", 0]


class FakeProcess:
    """The framework's process as the parent sees it: function fails its request, xla's process dies."""
    started = 0

    def __init__(self, framework, threads, module, args):
        FakeProcess.started += 1
        self.unavailable, self.fingerprint = None, {"framework": framework}

    def ask(self, op, timeout_s, workload, mode, changes, **timed):
        if mode == "function":
            raise RequestFailed("ValueError: cannot build")
        if mode == "xla":
            raise ProcessDied("exited with status -9")
        answer = {"compiles": 0, "first_call_s": 0.1, "compile_s": 0.0, "first_calls": 2, "step_ms": 1.0}
        return {"changes": [answer] * len(inputs.changes(workload, changes))}

    def close(self):
        pass


def test_a_failed_request_fails_its_rows_and_a_dead_process_is_started_again(monkeypatch):
    monkeypatch.setattr(recompilation, "CapabilityProcess", FakeProcess)
    FakeProcess.started = 0
    profile = recompilation.Profile(**{**TINY.__dict__, "workloads": ("linear", "mlp")})

    rows = recompilation.measure(["tensorflow"], "run1", NOW, 1, profile)

    assert FakeProcess.started == 2  # once, then again after xla's process died
    by_mode = {(r["workload"], r["mode"]): [] for r in rows}
    for r in rows:
        by_mode[r["workload"], r["mode"]].append((r["change"], r["status"], r["reason"]))
    assert by_mode["linear", "eager"] == [(change, "ok", None) for change in ALL_CHANGES]
    assert by_mode["linear", "function"] == [(change, "failed", "ValueError: cannot build") for change in ALL_CHANGES]
    assert by_mode["mlp", "xla"] == [(change, "failed", "exited with status -9") for change in ALL_CHANGES]
    assert {r["counter"] for r in rows} == {recompilation.COUNTERS["tensorflow"]}
    assert {r["compile_caches"] for r in rows} == {None}


def rows_of(run_id: str, day: int, mode: str, measured: list[tuple], status: str = "ok") -> list[dict]:
    """measured: per change (name, compile_s, step_ms)."""
    return [{"run_id": run_id, "measured_at": datetime(2026, 11, day, tzinfo=timezone.utc), "framework": "tensorflow",
             "device": "cpu", "workload": "mlp", "mode": mode, "change_order": order, "change": change,
             "batch_size": 32, "status": status, "compiles": 0 if mode == "eager" else 1, "compile_s": compile_s,
             "step_ms": step_ms} for order, (change, compile_s, step_ms) in enumerate(measured)]


def experiment(mode: str, batch_size: int, step_ms: float) -> dict:
    return {"run_id": "exp1", "measured_at": NOW, "profile": "quick", "workload": "mlp", "framework": "tensorflow",
            "mode": mode, "device": "cpu", "precision": "fp32", "phase": "infer", "batch_size": batch_size,
            "status": "ok", "step_ms_median": step_ms}


def test_the_view_sets_each_mode_against_eager_of_its_run_and_reads_the_frozen_speed_up(tmp_path):
    con = db.connect(tmp_path / "w.duckdb")
    try:
        older = rows_of("run1", 1, "eager", [("initial", 0.0, 50.0)]) + \
            rows_of("run1", 1, "function", [("initial", 9.0, 1.0)])
        latest = rows_of("run2", 2, "eager", [("initial", 0.01, 10.0), ("batch_size", 0.0, 10.0)]) + \
            rows_of("run2", 2, "function", [("initial", 0.51, 5.0), ("batch_size", 0.31, 12.0)]) + \
            rows_of("run2", 2, "xla", [("initial", 0.005, 8.0)])
        skipped = rows_of("run3", 3, "function", [("initial", None, None)], status="not_run")
        for rows in (older, latest, skipped):
            load_measurements(con, "recompilation", pd.DataFrame(rows))
        load_results(con, pd.DataFrame([experiment("eager", 32, 3.0), experiment("function", 32, 2.0),
                                        experiment("eager", 128, 8.0), experiment("function", 128, 2.0)]))
        shown = con.execute("""SELECT mode, change, extra_compile_s, saving_ms, pays_off, break_even_steps,
                                      frozen_infer_speedup, frozen_batch_size, run_id
                               FROM recompilation_cost ORDER BY mode, change_order""").fetchall()
    finally:
        con.close()
    assert shown == [
        ("eager", "initial", 0.0, 0.0, None, None, None, None, "run2"),
        ("eager", "batch_size", 0.0, 0.0, None, None, None, None, "run2"),
        # 0.5 s more to compile, 5 ms saved a step: paid for after 100 steps.
        ("function", "initial", pytest.approx(0.5), 5.0, True, 100, 4.0, 128, "run2"),
        ("function", "batch_size", pytest.approx(0.31), -2.0, False, None, 4.0, 128, "run2"),
        ("xla", "initial", pytest.approx(-0.005), 2.0, True, 0, None, None, "run2"),
    ]


def compiles_by_mode(rows: list[dict]) -> dict[str, list[int]]:
    assert [(r["status"], r["reason"]) for r in rows] == [("ok", None)] * len(rows)
    by_mode: dict[str, list[int]] = {}
    for r in rows:
        by_mode.setdefault(r["mode"], []).append(r["compiles"])
    return by_mode


@pytest.mark.slow
def test_tensorflow_traces_again_for_every_new_shape_and_dtype_and_reuses_a_trace_it_has():
    pytest.importorskip("tensorflow")
    rows = recompilation.measure(["tensorflow"], "run1", NOW, 1, TINY)
    assert [r["change"] for r in rows] == list(ALL_CHANGES) * 3
    assert compiles_by_mode(rows) == {"eager": [0, 0, 0, 0, 0], "function": [1, 1, 1, 1, 0], "xla": [1, 1, 1, 1, 0]}


@pytest.mark.slow
@pytest.mark.timeout(900)  # the first run compiles cold: minutes on two cores, then inductor's caches serve
def test_torch_compile_recompiles_for_a_new_dtype_and_dynamic_shapes_take_any_batch_size():
    pytest.importorskip("torch")
    rows = recompilation.measure(["torch"], "run1", NOW, 1, TINY)
    compiles = compiles_by_mode(rows)
    assert compiles["eager"] == [0, 0, 0, 0, 0]  # eager never enters dynamo
    initial, batch_size, _, dtype, first_input_again = compiles["compile"]
    assert initial > 0 and batch_size > 0 and dtype > 0 and first_input_again == 0
    _, batch_size, batch_size_again, dtype, first_input_again = compiles["compile_dynamic"]
    assert (batch_size, batch_size_again, first_input_again) == (0, 0, 0) and dtype > 0
    assert {r["compile_caches"] for r in rows if r["mode"] != "eager"} == {"kept"}
