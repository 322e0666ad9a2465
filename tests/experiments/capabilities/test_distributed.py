"""Distributed training: at two workers every strategy (DDP; MultiWorkerMirroredStrategy; MirroredStrategy
over logical CPU devices) gives the single-process step on the same global batch; the setup lines follow
the code; a mismatch is a failed row."""
import json
import subprocess
import sys
import time
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from experiments import machine
from experiments.capabilities import distributed, setup_lines
from flows import capabilities
from warehouse import db
from warehouse.load.capabilities import load_measurements

TINY = distributed.Scale(workers=(1, 2), batch_per_worker=8, steps=3, warmup=1, timeout_s=240)
BOUND_S = 200


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["torch", "tensorflow"])
def test_every_strategy_at_two_workers_gives_the_single_process_parameters(framework, tmp_path):
    pytest.importorskip(framework)
    started = time.monotonic()
    rows = distributed.measure([framework], tmp_path, "run1", datetime.now(timezone.utc), TINY)
    elapsed = time.monotonic() - started

    strategies = [s for s in distributed.STRATEGIES if s.framework == framework]
    assert [(r["strategy"], r["workers"], r["processes"], r["status"], r["reason"]) for r in rows] == [
        (distributed.SINGLE_PROCESS, 1, 1, "ok", None),
        *[(s.names["cpu"], 2, 1 if s.one_process else 2, "ok", None) for s in strategies]]
    single, *pairs = rows
    assert single["scaling_efficiency"] == 1.0 and single["setup_lines"] == 0
    for pair, strategy in zip(pairs, strategies):
        assert pair["equivalent"] is True and pair["param_diff"] <= 1e-5
        assert pair["scaling_efficiency"] == pytest.approx(pair["throughput"] / (2 * single["throughput"]))
        assert pair["start_s"] > 0 and pair["global_batch"] == 16
        assert json.loads(pair["fingerprint"])["threads"] == 2  # all workers together
        assert pair["setup_lines"] == setup_lines.count(*strategy.setup_code) > 0
    assert elapsed < BOUND_S


def test_setup_lines_count_body_lines_without_docstring_blanks_or_comments(tmp_path, monkeypatch):
    (tmp_path / "setup_sample.py").write_text(
        'def setup(a):\n'
        '    """Sets up."""\n'
        '    # why\n'
        '    b = a + 1\n'
        '\n'
        '    return {\n'
        '        "b": b,\n'
        '    }\n'
        '\n'
        'def other():\n'
        '    return 1\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert setup_lines.count("setup_sample", ("setup",)) == 4
    assert setup_lines.count("setup_sample", ("setup", "other")) == 5
    with pytest.raises(LookupError):
        setup_lines.count("setup_sample", ("missing",))


def _run(tmp_path, name: str, params: np.ndarray | None, throughput: float) -> distributed.Run:
    out = tmp_path / name
    out.mkdir()
    if params is not None:
        np.save(out / "params.npy", params)
    return distributed.Run(out, {"throughput": throughput, "first_step_s": 1.0, "steps": 3}, None)


def test_parameters_that_differ_from_the_single_process_ones_fail_the_row(tmp_path):
    scale = distributed.Scale(workers=(1, 2), batch_per_worker=4, steps=3, warmup=0, timeout_s=10)
    baseline = _run(tmp_path, "one", None, throughput=100.0)
    np.save(baseline.out / "reference-8.npy", np.array([1.0, 2.0, 3.0]))
    pair = _run(tmp_path, "two", np.array([1.0, 2.0, 3.1]), throughput=150.0)

    ddp = next(s for s in distributed.STRATEGIES if s.key == "ddp")
    row = distributed._row("torch", ddp, 2, "cpu", pair, baseline, "run1", datetime.now(timezone.utc), scale)

    assert row["status"] == "failed" and row["equivalent"] is False
    assert row["scaling_efficiency"] == pytest.approx(0.75)


def test_the_warehouse_keeps_each_strategy_at_the_same_worker_count(tmp_path):
    scale = distributed.Scale(workers=(1, 2), batch_per_worker=4, steps=3, warmup=0, timeout_s=10)
    baseline = _run(tmp_path, "one", None, throughput=100.0)
    now = datetime.now(timezone.utc)
    rows = [distributed._row("tensorflow", None, 1, "cpu", baseline, baseline, "run1", now, scale)]
    for strategy in (s for s in distributed.STRATEGIES if s.framework == "tensorflow"):
        run = _run(tmp_path, strategy.key, np.zeros(3), throughput=120.0)
        rows.append(distributed._row("tensorflow", strategy, 2, "cpu", run, baseline, "run1", now, scale))
    con = db.connect(tmp_path / "w.duckdb")
    try:
        load_measurements(con, "distributed", pd.DataFrame(rows))
        found = con.execute("SELECT strategy, workers, processes, scaling_efficiency FROM distributed_scaling "
                            "ORDER BY workers, processes").fetchall()
    finally:
        con.close()
    assert found == [(distributed.SINGLE_PROCESS, 1, 1, 1.0),
                     ("MirroredStrategy (logical CPU devices, one process)", 2, 1, 0.6),
                     ("MultiWorkerMirroredStrategy (ring)", 2, 2, 0.6)]


def test_on_gpus_each_worker_needs_one_and_a_framework_without_cuda_is_not_run(tmp_path, monkeypatch):
    pytest.importorskip("torch")
    import torch
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU: the CUDA path is measured, not refused")
    monkeypatch.setattr(machine, "nvidia_gpus", lambda: [{"name": "one GPU"}])

    rows = distributed.measure(["torch"], tmp_path, "run1", datetime.now(timezone.utc), TINY, device="cuda")

    single, pair = rows
    assert (single["device"], single["status"]) == ("cuda", "not_run")
    assert "cannot use the GPU" in single["reason"]
    assert (pair["strategy"], pair["status"]) == ("DistributedDataParallel (nccl)", "not_run")
    assert pair["reason"] == "needs a GPU per worker, 2 GPUs; this machine has 1"


@pytest.mark.parametrize(("requested", "gpus", "devices"), [
    ("auto", [], ["cpu"]), ("auto", [{"name": "H200"}], ["cpu", "cuda"]), ("cpu", [{"name": "H200"}], ["cpu"]),
    ("cuda", [], ["cuda"]),
])
def test_distributed_training_runs_on_the_cpu_and_on_gpus_when_there_are_any(requested, gpus, devices, monkeypatch):
    monkeypatch.setattr(machine, "nvidia_gpus", lambda: gpus)
    assert capabilities.distributed_devices(requested) == devices


@pytest.mark.parametrize(("workers", "device", "cores", "gpus", "why"), [
    (2, "cpu", 2, 0, None),
    (4, "cpu", 2, 0, "needs 4 cores, 1 per worker; 2 usable here"),
    (2, "cuda", 16, 2, None),
    (4, "cuda", 16, 2, "needs a GPU per worker, 4 GPUs; this machine has 2"),
])
def test_workers_beyond_the_machines_cores_or_gpus_are_not_run(workers, device, cores, gpus, why, monkeypatch):
    monkeypatch.setattr(machine, "usable_cpus", lambda: cores)
    monkeypatch.setattr(machine, "nvidia_gpus", lambda: [{"name": "GPU"}] * gpus)
    assert distributed._beyond_machine(workers, device) == why


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code])


def test_the_first_process_to_fail_is_reported_and_the_others_stopped_at_once():
    waiting, failing = _python("import time; time.sleep(60)"), _python("raise SystemExit(3)")
    started = time.monotonic()

    assert distributed._wait([waiting, failing], timeout_s=60) == (1, "exited with status 3")
    assert time.monotonic() - started < 30 and waiting.returncode is not None


def test_processes_still_running_at_the_deadline_are_stopped():
    done, stuck = _python("pass"), _python("import time; time.sleep(60)")

    assert distributed._wait([done, stuck], timeout_s=1) == (1, "did not finish within 1 s")
    assert stuck.returncode is not None
    assert distributed._wait([_python("pass"), _python("pass")], timeout_s=30) is None
