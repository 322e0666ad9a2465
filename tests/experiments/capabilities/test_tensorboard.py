"""TensorBoard: both frameworks' event files under one log directory, read back by TensorBoard's reader."""
from datetime import datetime, timezone

import pytest

from experiments.capabilities import tensorboard as tensorboard_runs
from experiments.capabilities.tensorboard import logs as tensorboard_logs

pytest.importorskip("tensorboard")


def test_an_empty_log_directory_reads_back_nothing(tmp_path):
    assert tensorboard_logs.read_back(tmp_path) == []


def test_torch_event_files_read_back_the_values_written(tmp_path):
    pytest.importorskip("torch")
    losses = [2.5, 1.25, 0.625]
    assert tensorboard_logs.log_losses("torch", tmp_path / "torch", losses) == 3
    assert tensorboard_logs.read_back(tmp_path / "torch") == losses


@pytest.mark.slow
def test_both_frameworks_log_under_one_directory_and_read_back(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("tensorflow")
    rows = tensorboard_runs.measure(["torch", "tensorflow"], tmp_path, "run1", datetime.now(timezone.utc), 1)

    assert [(r["framework"], r["status"]) for r in rows] == [("torch", "ok"), ("tensorflow", "ok")]
    for r in rows:
        assert r["events_written"] == r["events_read_back"] == tensorboard_runs.STEPS
        assert r["log_dir"].startswith(str(tmp_path / "run1"))
    assert sorted(p.name for p in (tmp_path / "run1").iterdir()) == ["tensorflow-mlp", "torch-mlp"]


def test_how_to_open_names_the_directory_and_the_command(tmp_path):
    text = tensorboard_logs.how_to_open(tmp_path)
    assert f"tensorboard --logdir {tmp_path}" in text
