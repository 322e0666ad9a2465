"""The HTTP model server and its bounded load, in front of a plain NumPy predictor (no framework)."""
import time
import urllib.error

import numpy as np
import pytest

from experiments.capabilities.serving import http as http_serving


@pytest.fixture
def doubling_server():
    server = http_serving.start(lambda x: (2 * x).astype(np.float32), "float32")
    yield http_serving.url(server.server_address[1])
    server.shutdown()


def test_the_server_answers_each_request_with_the_predictors_outputs(doubling_server):
    inputs = np.array([[1.5, -2.0, 3.0]], dtype=np.float32)
    assert http_serving.post(doubling_server, inputs, timeout_s=10).tolist() == [[3.0, -4.0, 6.0]]


def test_the_bounded_load_sends_exactly_the_requests_asked_for(doubling_server):
    inputs = np.arange(12, dtype=np.float32).reshape(4, 3)
    seconds = http_serving.load(doubling_server, inputs, requests=25, concurrency=3, timeout_s=10)
    assert len(seconds) == 25
    assert all(0 < s < 10 for s in seconds)


def test_other_paths_are_not_found(doubling_server):
    with pytest.raises(urllib.error.HTTPError) as raised:
        http_serving.post(doubling_server.replace("/predict", "/other"), np.zeros((1, 1), np.float32), 10)
    assert raised.value.code == 404


def test_the_bounded_load_starts_no_request_after_its_deadline():
    def slow_identity(x):
        time.sleep(0.05)
        return x

    slow = http_serving.start(slow_identity, "float32")
    try:
        started = time.perf_counter()
        seconds = http_serving.load(http_serving.url(slow.server_address[1]), np.zeros((1, 3), np.float32),
                                    requests=1000, concurrency=2, timeout_s=10, deadline_s=0.3)
        elapsed = time.perf_counter() - started
    finally:
        slow.shutdown()
    assert 0 < len(seconds) < 40
    assert elapsed < 2
