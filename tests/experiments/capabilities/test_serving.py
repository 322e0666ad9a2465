"""Serving: each framework's export, loaded in a fresh process, gives the original model's outputs,
directly and over HTTP, within a bounded time."""
import time
from datetime import datetime, timezone

import numpy as np
import pytest

from experiments.capabilities import serving
from experiments.capabilities.serving import exports
from experiments.models import data
from experiments.models import hparams as hp

pytest.importorskip("torch")
pytest.importorskip("tensorflow")

pytestmark = pytest.mark.slow

SMALL = serving.Load(calls=10, http_requests=12, http_concurrency=2)
BOUND_S = 120


def test_exports_round_trip_and_serve_the_same_outputs(tmp_path):
    started = time.monotonic()
    rows = serving.measure(["torch", "tensorflow"], ["mlp"], tmp_path, "run1", datetime.now(timezone.utc), 1, SMALL)
    elapsed = time.monotonic() - started

    assert [(r["framework"], r["format"], r["status"], r["reason"]) for r in rows] == [
        ("torch", "torch_export", "ok", None), ("torch", "onnx", "ok", None),
        ("tensorflow", "savedmodel", "ok", None), ("tensorflow", "onnx", "ok", None)]
    for r in rows:
        assert r["outputs_match"] and r["http_outputs_match"]
        assert r["output_diff"] <= 1e-5
        assert 0 < r["p50_ms"] <= r["p99_ms"] and 0 < r["http_p50_ms"] <= r["http_p99_ms"]
        assert r["throughput"] > 0 and r["load_s"] > 0 and r["file_bytes"] > 0
        assert '"machine"' in r["fingerprint"] and r["framework"] in r["fingerprint"]
    assert (tmp_path / "run1" / "torch-mlp-torch_export" / "model.pt2").is_file()
    assert (tmp_path / "run1" / "tensorflow-mlp-savedmodel" / "savedmodel").is_dir()
    assert (tmp_path / "run1" / "tensorflow-mlp-onnx" / "model.onnx").is_file()
    assert elapsed < BOUND_S


def test_a_model_that_cannot_be_exported_is_a_failed_row(tmp_path):
    rows = serving.measure(["torch"], ["no_such_workload"], tmp_path, "run1", datetime.now(timezone.utc), 1, SMALL)
    assert [(r["status"], r["reason"].startswith("export: KeyError")) for r in rows] == [("failed", True)] * 2


def test_a_format_whose_packages_are_missing_is_not_run(tmp_path, monkeypatch):
    monkeypatch.setitem(serving.exports.PACKAGES, ("torch", "onnx"), ("no_such_package_for_tests",))
    monkeypatch.setitem(serving.exports.FORMATS, "torch", ("onnx",))
    rows = serving.measure(["torch"], ["mlp"], tmp_path, "run1", datetime.now(timezone.utc), 1, SMALL)
    assert [(r["status"], r["reason"]) for r in rows] == [("not_run", "not installed: no_such_package_for_tests")]


def test_the_tensorflow_transformer_converts_to_onnx_with_its_outputs(tmp_path):
    # Keras' own GELU is written with erfc, which ONNX has no operator for; the workload's uses erf.
    pytest.importorskip("tf2onnx")
    pytest.importorskip("onnxruntime")
    sample, _ = data.batch("transformer", hp.WORKLOADS["transformer"](), 4, 0)
    model, predict = exports.build("tensorflow", "transformer", sample, seed=0)

    path = exports.save("tensorflow", "transformer", model, sample, tmp_path, "onnx")

    assert np.abs(exports.load("tensorflow", "transformer", path, "onnx")(sample) - predict(sample)).max() <= 1e-4
