"""Mobile: the cnn workload converted to TensorFlow Lite and ExecuTorch gives the original's outputs."""
from datetime import datetime, timezone

import pytest

from experiments.capabilities import mobile
from experiments.capabilities.mobile import formats as mobile_formats

pytest.importorskip("torch")
pytest.importorskip("tensorflow")

pytestmark = pytest.mark.slow


def test_on_device_formats_give_the_original_outputs(tmp_path):
    pytest.importorskip("executorch")
    rows = mobile.measure(["torch", "tensorflow"], tmp_path, "run1", datetime.now(timezone.utc), 1, calls=5)

    assert [(r["framework"], r["format"], r["status"], r["reason"]) for r in rows] == [
        ("torch", "executorch", "ok", None), ("tensorflow", "tflite", "ok", None)]
    for r in rows:
        assert r["outputs_match"] and r["output_diff"] <= 1e-5
        assert r["file_bytes"] > 0 and 0 < r["latency_ms"] <= r["p99_ms"] and r["original_latency_ms"] > 0
    assert (tmp_path / "run1" / "torch-cnn" / "model.pte").is_file()
    assert (tmp_path / "run1" / "tensorflow-cnn" / "model.tflite").is_file()


def test_a_missing_runtime_package_is_recorded_as_not_run(tmp_path, monkeypatch):
    monkeypatch.setitem(mobile_formats.PACKAGES, "torch", "no_such_package_for_tests")
    rows = mobile.measure(["torch"], tmp_path, "run1", datetime.now(timezone.utc), 1, calls=5)
    assert [(r["status"], r["reason"]) for r in rows] == [
        ("not_run", "the no_such_package_for_tests package is not installed")]
