"""Result rows, the dated results file, `experiment_runs` and the `experiment_summary` view."""
import dataclasses
import json
from datetime import datetime, timedelta, timezone

import pytest

from experiments.models import hparams as hp
from experiments.timing import plan, results
from experiments.timing.plan import Variant
from warehouse import db
from warehouse.load import replace

SUMMARY_COLUMNS = ["workload", "framework", "mode", "device", "precision", "batch_size", "step_ms_median",
                   "step_ms_p90", "throughput", "compile_s", "peak_mem_mb", "tflops", "equivalent"]
CHECK = {"passed": True, "output_diff": 1e-7, "loss_diff": 2e-7, "tolerance": 1e-5,
         "reason": None, "torch_params": 78042}
VARIANT = Variant("cnn", "torch", "compile", "train", "fp32", 32)
PREPARED = {"first_call_s": 12.5, "block_steps": 4, "peak_mem_mb": 900.0, "mem_source": "rss"}
SAMPLES_S = [0.050, 0.048, 0.052, 0.049, 0.051]


def context(run_id="run-1", when=datetime(2026, 11, 1, tzinfo=timezone.utc)):
    return results.RunContext(run_id, when, plan.QUICK, "cpu", "Test CPU", 2, {"cpu_model": "Test CPU"})


def measured_row(ctx, variant=VARIANT):
    return results.row(ctx, variant, hp.CNN(), "ok", None, CHECK, {"framework": "torch"}, prepared=PREPARED,
                       samples_s=SAMPLES_S)


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def load_rows(con, tmp_path, ctx, rows):
    path = results.write(rows, tmp_path / "results", ctx)
    replace(con, "experiment_runs", results.read(path), results.KEY)
    return path


def test_a_measured_row_carries_its_statistics():
    row = measured_row(context())
    assert row["step_ms_median"] == pytest.approx(50.0)
    assert row["repeats"] == 5
    assert row["throughput"] == pytest.approx(32 / 0.050)
    assert row["tflops"] == pytest.approx(row["flops_per_step"] / 0.050 / 1e12)
    assert row["equivalent"] is True and row["params"] == 78042
    assert json.loads(row["fingerprint"])["framework"] == {"framework": "torch"}


def test_the_results_file_is_dated_and_loads_into_the_view(con, tmp_path):
    ctx = context()
    skipped = results.row(ctx, dataclasses.replace(VARIANT, framework="tensorflow", mode="xla"), hp.CNN(),
                          "not_run", "tensorflow is not importable: hidden")
    path = load_rows(con, tmp_path, ctx, [measured_row(ctx), skipped])
    assert path.name.startswith("2026-11-01T000000-cpu-run-1")
    summary = con.execute("SELECT * FROM experiment_summary ORDER BY framework DESC").df()
    assert list(summary.columns[:len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    measured = summary.iloc[0]
    assert measured.step_ms_median == pytest.approx(50.0)
    assert measured.step_ms_p90 == pytest.approx(51.6)
    assert measured.compile_s == pytest.approx(12.5 - 0.050)
    assert bool(measured.equivalent)
    not_run = summary.iloc[1]
    assert not_run.status == "not_run" and "not importable" in not_run.reason
    assert not_run.step_ms_median != not_run.step_ms_median  # NaN: no number where nothing ran
    stored = con.execute("SELECT samples_ms, fingerprint->>'$.machine.cpu_model' FROM experiment_runs "
                         "WHERE status = 'ok'").fetchone()
    assert stored == ([s * 1e3 for s in SAMPLES_S], "Test CPU")


def test_loading_a_results_file_twice_leaves_the_same_rows(con, tmp_path):
    ctx = context()
    load_rows(con, tmp_path, ctx, [measured_row(ctx)])
    load_rows(con, tmp_path, ctx, [measured_row(ctx)])
    assert con.execute("SELECT count(*) FROM experiment_runs").fetchone() == (1,)


def test_the_summary_shows_the_latest_result_but_a_skip_does_not_hide_a_measurement(con, tmp_path):
    first = context("run-1")
    load_rows(con, tmp_path, first, [measured_row(first)])
    later = context("run-2", first.measured_at + timedelta(days=1))
    load_rows(con, tmp_path, later, [results.row(later, VARIANT, hp.CNN(), "not_run", "quick profile")])
    assert con.execute("SELECT run_id, status FROM experiment_summary").fetchall() == [("run-1", "ok")]
    latest = context("run-3", first.measured_at + timedelta(days=2))
    load_rows(con, tmp_path, latest, [results.row(latest, VARIANT, hp.CNN(), "failed", "not equivalent")])
    assert con.execute("SELECT run_id, status FROM experiment_summary").fetchall() == [("run-3", "failed")]


def test_a_row_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        results.row(context(), VARIANT, hp.CNN(), "skipped")


def test_a_row_says_whether_torch_compile_started_from_empty_caches():
    quick = measured_row(context())
    full = measured_row(dataclasses.replace(context(), profile=plan.FULL))
    assert json.loads(quick["fingerprint"])["compile_caches"] == "kept"
    assert json.loads(full["fingerprint"])["compile_caches"] == "empty"
