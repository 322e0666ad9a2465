"""Distributed training: the 2-process step equals the single-process step on the same global batch in
both frameworks; the setup lines follow the code; a mismatch is a failed row."""
import time
from datetime import datetime, timezone

import numpy as np
import pytest

from experiments import distributed, setup_lines

TINY = distributed.Scale(workers=(1, 2), batch_per_worker=8, steps=3, warmup=1, timeout_s=240)
BOUND_S = 200


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["torch", "tensorflow"])
def test_two_processes_give_the_single_process_parameters(framework, tmp_path):
    pytest.importorskip(framework)
    started = time.monotonic()
    rows = distributed.measure([framework], tmp_path, "run1", datetime.now(timezone.utc), TINY)
    elapsed = time.monotonic() - started

    assert [(r["workers"], r["status"], r["reason"]) for r in rows] == [(1, "ok", None), (2, "ok", None)]
    single, pair = rows
    assert pair["equivalent"] is True and pair["param_diff"] <= 1e-5
    assert single["scaling_efficiency"] == 1.0
    assert pair["scaling_efficiency"] == pytest.approx(pair["throughput"] / (2 * single["throughput"]))
    assert pair["start_s"] > 0 and pair["global_batch"] == 16
    assert pair["setup_lines"] == setup_lines.count(*distributed.SETUP_CODE[framework])
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

    row = distributed._row("torch", 2, pair, baseline, 4, "run1", datetime.now(timezone.utc), scale)

    assert row["status"] == "failed" and row["equivalent"] is False
    assert row["scaling_efficiency"] == pytest.approx(0.75)
