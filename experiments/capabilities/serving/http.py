"""One small HTTP model server (the standard library's, on 127.0.0.1) in front of any predictor, and
a bounded concurrent load against it that stops by itself.

    POST /predict  {"inputs": [[...], ...]}  ->  {"outputs": [[...], ...]}"""
from __future__ import annotations

import json
import math
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

from experiments.capabilities.serving.exports import Predictor

HOST = "127.0.0.1"
PATH = "/predict"


def start(predict: Predictor, dtype: str) -> ThreadingHTTPServer:
    """A server on a free port of 127.0.0.1, answering in a background thread; `shutdown()` stops it."""
    # One prediction at a time: the framework already uses every thread it was given for one call.
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.path != PATH:
                self.send_error(404)
                return
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                outputs = predict(np.asarray(body["inputs"], dtype=dtype))
            answer = json.dumps({"outputs": outputs.tolist()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass  # one line per request would drown the run's own log

    server = ThreadingHTTPServer((HOST, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def url(port: int) -> str:
    return f"http://{HOST}:{port}{PATH}"


def post(address: str, inputs: np.ndarray, timeout_s: float) -> np.ndarray:
    request = urllib.request.Request(address, data=json.dumps({"inputs": inputs.tolist()}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout_s) as answer:
        return np.asarray(json.loads(answer.read())["outputs"], dtype=np.float32)


def load(address: str, inputs: np.ndarray, requests: int, concurrency: int, timeout_s: float,
         deadline_s: float = math.inf) -> list[float]:
    """Sends up to `requests` single-example requests from `concurrency` clients at once, starting none
    once `deadline_s` have passed; returns the seconds each one sent took from send to full answer."""
    stop_at = time.perf_counter() + deadline_s

    def one(i: int) -> float | None:
        started = time.perf_counter()
        if started > stop_at:
            return None
        post(address, inputs[i % len(inputs)][None], timeout_s)
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return [seconds for seconds in pool.map(one, range(requests)) if seconds is not None]
