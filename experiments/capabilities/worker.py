"""One framework's process for the capability measurements (TensorBoard, serving, mobile, visualisation),
driven by the parent over JSON lines like `experiments.timing.worker`:

    python -m experiments.capabilities.worker --framework torch --threads 1

It first answers {"ok": true, "fingerprint"} or {"ok": false, "reason"}. Then, per request:
  {"op": "tensorboard", "log_dir", "workload", "steps", "batch_size"} -> {"events_written", "write_s", "losses"}
  {"op": "export", "workload", "format", "directory", "seed", "calls"}
      -> {"path", "export_s", "file_bytes", "inprocess_p50_ms", "inprocess_p99_ms"}: the model saved,
         with reference inputs and outputs beside it for the process that loads it
  {"op": "load", "workload", "format", "path", "directory", "calls", "batch_size"}
      -> {"load_s", "outputs_match", "output_diff", "p50_ms", "p99_ms", "throughput"}
  {"op": "serve", "server"}  -> {"port"}: the loaded model served on 127.0.0.1 by "http.server" (the default,
      experiments.capabilities.serving.http) or "fastapi" (experiments.capabilities.serving.fastapi_app)
  {"op": "mobile", "workload", "directory", "seed", "calls"}
      -> {"path", "convert_s", "file_bytes", "outputs_match", "output_diff", "latency_ms", "p99_ms",
          "original_latency_ms"}: converted to the on-device format and run by its runtime, batch 1
  {"op": "visualise", "tool", "log_dir" | "port"} -> {"features": [{"feature", "api", "status", "reason",
      "written", "read_back", "detail"}, ...]}: every feature of experiments.capabilities.visualisation
      written with the tool (TensorBoard into log_dir; Visdom to its server on port) and read back
  {"op": "quit"}
A request that fails answers {"error": "<type>: <message>"} and the process carries on."""
from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from experiments import frameworks
from experiments.capabilities.mobile import formats as mobile_formats
from experiments.capabilities.serving import exports, fastapi_app, latency
from experiments.capabilities.serving import http as http_serving
from experiments.capabilities.serving.exports import REFERENCE
from experiments.capabilities.tensorboard import logs as tensorboard_logs
from experiments.capabilities.visualisation import tensorboard_tf, tensorboard_torch, visdom_client
from experiments.models import data, equivalence
from experiments.models import hparams as hp
from experiments.processes import protocol

REFERENCE_BATCH = 32
WARMUP_CALLS = 5
OPS = ("tensorboard", "export", "load", "serve", "mobile", "visualise")
TENSORBOARD_WRITERS = {"torch": tensorboard_torch, "tensorflow": tensorboard_tf}


class Session:
    def __init__(self, framework: str):
        self.framework = framework
        self.predict: exports.Predictor | None = None
        self.dtype = "float32"
        self.server = None

    def tensorboard(self, log_dir: str, workload: str, steps: int, batch_size: int) -> dict:
        started = time.perf_counter()
        losses = tensorboard_logs.training_losses(self.framework, workload, steps, batch_size)
        written = tensorboard_logs.log_losses(self.framework, Path(log_dir), losses)
        return {"events_written": written, "write_s": time.perf_counter() - started, "losses": losses}

    def export(self, workload: str, format: str, directory: str, seed: int, calls: int) -> dict:
        x, _ = data.batch(workload, hp.WORKLOADS[workload](), REFERENCE_BATCH, seed)
        model, predict = exports.build(self.framework, workload, x, seed)
        started = time.perf_counter()
        path = exports.save(self.framework, workload, model, x, Path(directory), format)
        export_s = time.perf_counter() - started
        np.savez(Path(directory) / REFERENCE, inputs=x, outputs=predict(x))
        inprocess = latency.percentiles_ms(latency.call_seconds(lambda: predict(x[:1]), calls, WARMUP_CALLS))
        return {"path": str(path), "export_s": export_s, "file_bytes": exports.size_bytes(path),
                "inprocess_p50_ms": inprocess["p50_ms"], "inprocess_p99_ms": inprocess["p99_ms"]}

    def load(self, workload: str, format: str, path: str, directory: str, calls: int, batch_size: int) -> dict:
        started = time.perf_counter()
        self.predict = exports.load(self.framework, workload, Path(path), format)
        load_s = time.perf_counter() - started
        reference = np.load(Path(directory) / REFERENCE)
        x = reference["inputs"]
        self.dtype = str(x.dtype)
        diff = equivalence.scaled_diff(self.predict(x), reference["outputs"])
        single = latency.percentiles_ms(latency.call_seconds(lambda: self.predict(x[:1]), calls, WARMUP_CALLS))
        batch = np.resize(x, (batch_size, *x.shape[1:]))
        batched = latency.call_seconds(lambda: self.predict(batch), max(calls // 10, 3), WARMUP_CALLS)
        return {"load_s": load_s, "outputs_match": diff <= equivalence.FP32_TOLERANCE, "output_diff": diff,
                **single, "throughput": batch_size / float(np.median(batched))}

    def serve(self, server: str = "http.server") -> dict:
        if self.predict is None:
            raise RuntimeError("serve needs a model: send load first")
        if server == "fastapi":
            self.server = fastapi_app.start(self.predict, self.dtype)
            return {"port": self.server.port}
        self.server = http_serving.start(self.predict, self.dtype)
        return {"port": self.server.server_address[1]}

    def mobile(self, workload: str, directory: str, seed: int, calls: int) -> dict:
        x, _ = data.batch(workload, hp.WORKLOADS[workload](), 1, seed)
        model, original = exports.build(self.framework, workload, x, seed)
        started = time.perf_counter()
        path = mobile_formats.convert(self.framework, workload, model, x, Path(directory))
        convert_s = time.perf_counter() - started
        on_device = mobile_formats.load(self.framework, workload, path)
        diff = equivalence.scaled_diff(on_device(x), original(x))
        converted = latency.percentiles_ms(latency.call_seconds(lambda: on_device(x), calls, WARMUP_CALLS))
        before = latency.percentiles_ms(latency.call_seconds(lambda: original(x), calls, WARMUP_CALLS))
        return {"path": str(path), "convert_s": convert_s, "file_bytes": exports.size_bytes(path),
                "outputs_match": diff <= equivalence.FP32_TOLERANCE, "output_diff": diff,
                "latency_ms": converted["p50_ms"], "p99_ms": converted["p99_ms"],
                "original_latency_ms": before["p50_ms"]}

    def visualise(self, tool: str, log_dir: str | None = None, port: int | None = None) -> dict:
        if tool == "Visdom":
            return {"features": visdom_client.features(port)}
        return {"features": TENSORBOARD_WRITERS[self.framework].features(Path(log_dir))}

    def close(self) -> None:
        if self.server is not None:
            self.server.shutdown()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--framework", required=True, choices=frameworks.NAMES)
    parser.add_argument("--threads", required=True, type=int)
    args = parser.parse_args(argv)
    answers = protocol.channel()
    try:
        backend = frameworks.start(args.framework, args.threads, "cpu")
    except frameworks.Unavailable as exc:
        protocol.send(answers, {"ok": False, "reason": str(exc)})
        return
    protocol.send(answers, {"ok": True, "fingerprint": backend.fingerprint("cpu")})
    session = Session(args.framework)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            op = request.pop("op")
            if op == "quit":
                return
            if op not in OPS:
                raise ValueError(f"unknown op {op!r}")
            try:
                answer = getattr(session, op)(**request)
            except Exception as exc:  # one failed request is reported; the parent decides what follows
                traceback.print_exc()
                answer = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
            protocol.send(answers, answer)
    finally:
        session.close()


if __name__ == "__main__":
    main()
