"""Manual device placement (D2): placements counted from the code each data-parallel strategy runs, with
no framework imported; TensorFlow 1.x's towers as sourced facts; the view says which strategies need none."""
import ast
import sys
from datetime import datetime, timezone

import pandas as pd
import pytest

from experiments.capabilities import distributed, placement
from warehouse import db
from warehouse.load.capabilities import load_measurements

NOW = datetime(2026, 11, 29, tzinfo=timezone.utc)
SAMPLE = '''
def train(model, x, rank, device):
    with tf.device("/gpu:0"):
        a = 1
    model.to(device)
    x.to("cuda:1")
    x.to(torch.device("cuda", rank))
    x.to(dtype=torch.float16)
    x.to(torch.float16)
    x.cuda()
    x.cpu()
    torch.cuda.set_device(rank)
    DistributedDataParallel(model, device_ids=[rank], output_device=rank)
    tf.distribute.MirroredStrategy(devices=["/gpu:0", "/gpu:1"])
    tf.config.list_logical_devices("GPU")
'''


def test_placements_are_the_calls_and_arguments_that_name_a_device():
    found = placement.placing(ast.parse(SAMPLE))
    assert [ast.unparse(node) for node in found] == [
        "tf.device('/gpu:0')", "model.to(device)", "x.to('cuda:1')", "x.to(torch.device('cuda', rank))",
        "x.cuda()", "torch.cuda.set_device(rank)", "device_ids=[rank]", "output_device=rank",
        "devices=['/gpu:0', '/gpu:1']"]


def test_statements_name_the_file_and_line_of_each_placement(tmp_path, monkeypatch):
    other = "\nclass Other:\n    def go(self, x):\n        return x.cuda()\n"
    (tmp_path / "placement_sample.py").write_text(SAMPLE + other)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "placement_sample", raising=False)
    assert placement.statements("placement_sample", ("Other",)) == ["placement_sample.py:19: x.cuda()"]
    assert len(placement.statements("placement_sample", ("train", "Other"))) == 10
    with pytest.raises(LookupError, match="missing"):
        placement.statements("placement_sample", ("missing",))


def test_each_strategy_is_counted_from_its_code_and_the_tensorflow_1_towers_are_sourced_facts():
    rows = placement.measure(["torch", "tensorflow"], "run1", NOW)

    counted = {r["strategy"]: r for r in rows if r["kind"] == "code"}
    assert list(counted) == [s.key for s in distributed.STRATEGIES]
    for row in counted.values():
        assert row["status"] == "ok" and row["placements"] == len(row["statements"])
        assert row["code"] and all(unit.startswith("experiments.") for unit in row["code"])
    # DDP puts its model and batch on the process's device; MultiWorkerMirroredStrategy places nothing by hand.
    assert counted["ddp"]["placements"] > 0
    assert all(".to(device)" in statement for statement in counted["ddp"]["statements"])
    assert counted["multi-worker"]["placements"] == 0
    documented = [r for r in rows if r["kind"] == "documented"]
    assert {r["strategy"] for r in documented} == {"tf1-guide", "tf1-cifar10"}
    for row in documented:
        assert row["framework"] == "tensorflow" and row["source"].startswith("https://github.com/tensorflow/")
        assert row["placements"] == len(row["statements"]) and all("tf.device" in s for s in row["statements"])
        assert row["read_on"] is not None


def test_only_the_frameworks_asked_for_are_counted():
    rows = placement.measure(["torch"], "run1", NOW)
    assert [(r["framework"], r["strategy"]) for r in rows] == [("torch", "ddp")]


def test_a_strategy_whose_code_is_gone_is_a_failed_row(monkeypatch):
    monkeypatch.setitem(placement.TRAINERS, "torch", (("experiments.capabilities.distributed.worker", ("Gone",)),))
    (row,) = placement.measure(["torch"], "run1", NOW)
    assert (row["status"], row["placements"]) == ("failed", None) and "Gone" in row["reason"]


def test_a_fact_without_its_source_is_refused(tmp_path):
    (tmp_path / "facts.toml").write_text('[[facts]]\nstrategy = "x"\nframework = "tensorflow"\n')
    with pytest.raises(ValueError, match="source"):
        placement.facts(tmp_path / "facts.toml")


def test_the_view_shows_the_latest_count_and_which_strategies_need_no_placement(tmp_path):
    con = db.connect(tmp_path / "w.duckdb")
    try:
        for run_id, day in (("run1", 1), ("run2", 2)):
            rows = placement.measure(["torch", "tensorflow"], run_id, datetime(2026, 11, day, tzinfo=timezone.utc))
            load_measurements(con, "placement", pd.DataFrame(rows))
        shown = con.execute("SELECT strategy, kind, placements, needs_none, len(statements), source IS NOT NULL, "
                            "run_id FROM device_placement").fetchall()
    finally:
        con.close()
    assert sorted((strategy, kind) for strategy, kind, *_ in shown) == [
        ("ddp", "code"), ("mirrored", "code"), ("multi-worker", "code"), ("tf1-cifar10", "documented"),
        ("tf1-guide", "documented")]
    for _, kind, placements, needs_none, statements, sourced, run_id in shown:
        assert (needs_none, statements, sourced, run_id) == (placements == 0, placements, kind == "documented", "run2")
