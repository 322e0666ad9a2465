"""Model servers side by side: TorchServe and a FastAPI app serve the frameworks' own exports with the
original outputs under 1, 8 and 32 clients; TensorFlow Serving and a machine without Java are not run, with
the reason; every server started is stopped."""
import urllib.error
from datetime import datetime, timezone

import numpy as np
import psutil
import pytest

from experiments.capabilities.serving import fastapi_app, servers, torchserve
from experiments.capabilities.serving import http as http_serving

SMALL = servers.Load(concurrency=(1, 8, 32), requests=40, seconds=5, warmup=4)
# What a measurement starts, by command line: framework processes, TorchServe's launcher, frontend and worker.
STARTED = ("experiments.capabilities.worker", "ts.model_server", "org.pytorch.serve", "model_service_worker")


def leftovers() -> list[psutil.Process]:
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            if any(name in " ".join(process.cmdline()) for name in STARTED):
                found.append(process)
        except psutil.Error:  # a zombie: exited, never reaped
            found.append(process)
    return found


@pytest.fixture
def doubling_app():
    server = fastapi_app.start(lambda x: (2 * x).astype(np.float32), "float32")
    yield server
    server.shutdown()


def test_the_fastapi_app_answers_with_the_predictors_outputs(doubling_app):
    inputs = np.array([[1.5, -2.0, 3.0]], dtype=np.float32)
    assert http_serving.post(fastapi_app.url(doubling_app.port), inputs, timeout_s=10).tolist() == [[3.0, -4.0, 6.0]]


def test_other_paths_are_not_found_by_the_fastapi_app(doubling_app):
    with pytest.raises(urllib.error.HTTPError) as raised:
        http_serving.post(fastapi_app.url(doubling_app.port).replace("/predict", "/other"), np.zeros((1, 1)), 10)
    assert raised.value.code == 404


def test_a_stopped_fastapi_app_no_longer_listens():
    server = fastapi_app.start(lambda x: x, "float32")
    server.shutdown()
    with pytest.raises(urllib.error.URLError):
        http_serving.post(fastapi_app.url(server.port), np.zeros((1, 1), np.float32), 2)


def test_without_java_torchserve_cannot_run(tmp_path, monkeypatch):
    pytest.importorskip("ts")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert torchserve.unavailable().startswith("no Java runtime")


def test_a_java_home_without_java_is_no_java(tmp_path, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert torchserve.java() is None


@pytest.mark.slow
def test_a_machine_without_java_records_torchserve_not_run_and_still_serves_with_fastapi(tmp_path, monkeypatch):
    pytest.importorskip("torch")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "no-java"))

    rows = servers.measure(["torch"], ["mlp"], tmp_path, "run1", datetime.now(timezone.utc), 1, SMALL)

    assert [(r["server"], r["concurrency"], r["status"]) for r in rows] == [
        ("TorchServe", 1, "not_run"), ("TorchServe", 8, "not_run"), ("TorchServe", 32, "not_run"),
        ("FastAPI + uvicorn", 1, "ok"), ("FastAPI + uvicorn", 8, "ok"), ("FastAPI + uvicorn", 32, "ok")]
    assert all(r["reason"].startswith("no Java runtime") for r in rows[:3])
    assert leftovers() == []


@pytest.mark.slow
def test_each_server_answers_like_the_original_model_under_concurrent_clients_and_is_stopped(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("tensorflow")
    if torchserve.unavailable():
        pytest.skip(f"TorchServe cannot run here: {torchserve.unavailable()}")

    rows = servers.measure(["torch", "tensorflow"], ["mlp"], tmp_path, "run1", datetime.now(timezone.utc), 1, SMALL)

    by_server = {(r["server"], r["framework"], r["concurrency"]): r for r in rows}
    assert len(by_server) == len(rows) == 4 * len(SMALL.concurrency)
    for server, framework in (("TorchServe", "torch"), ("FastAPI + uvicorn", "torch"),
                              ("FastAPI + uvicorn", "tensorflow")):
        for concurrency in SMALL.concurrency:
            r = by_server[server, framework, concurrency]
            assert (r["status"], r["reason"]) == ("ok", None), (server, framework, r["reason"])
            assert r["outputs_match"] and r["output_diff"] <= 1e-5
            assert 0 < r["requests"] <= SMALL.requests and r["throughput"] > 0
            assert 0 < r["p50_ms"] <= r["p99_ms"] and r["start_s"] > 0
            assert r["framework_product"] == (server == "TorchServe")
    tf_serving = [by_server["TensorFlow Serving", "tensorflow", c] for c in SMALL.concurrency]
    assert {(r["status"], r["framework_product"]) for r in tf_serving} == {("not_run", True)}
    assert all(r["reason"].startswith("not run here") and "not on PyPI" in r["reason"] for r in tf_serving)
    assert by_server["TorchServe", "torch", 1]["server_version"].startswith("torchserve ")
    assert (tmp_path / "run1" / "torch-mlp" / "model-store" / "mlp.mar").is_file()
    assert leftovers() == []
