"""The serving measurement: each workload exported in its framework's serving format and in ONNX, loaded
in a fresh process, timed at batch 1 and batch 32, then served over HTTP on 127.0.0.1 under a bounded
concurrent load; the exported model's outputs must equal the original's, and so must the server's."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from experiments.capabilities import rows as capability_rows
from experiments.capabilities.process import CapabilityProcess, RequestFailed
from experiments.capabilities.serving import exports, latency
from experiments.capabilities.serving import http as http_serving
from experiments.capabilities.serving.exports import REFERENCE
from experiments.models import equivalence
from experiments.processes import ProcessDied

SEED = 0
BATCH_SIZE = 32
TIMEOUT_S = 300
HTTP_TIMEOUT_S = 30
SERVER = "http.server (Python standard library), one prediction at a time"


@dataclass(frozen=True)
class Load:
    """How hard each model is timed: calls at batch 1, and the bounded HTTP load."""
    calls: int
    http_requests: int
    http_concurrency: int


QUICK = Load(calls=50, http_requests=100, http_concurrency=4)
FULL = Load(calls=300, http_requests=1000, http_concurrency=8)


def measure(frameworks: list[str], workloads: list[str], root: Path, run_id: str, measured_at: datetime,
            threads: int, load: Load) -> list[dict]:
    """One serving_latency row per framework and workload."""
    rows = []
    for framework in frameworks:
        exporter = CapabilityProcess(framework, threads)
        try:
            for workload in workloads:
                for format in exports.FORMATS[framework]:
                    common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device="cpu",
                                  threads=threads, workload=workload, format=format, batch_size=BATCH_SIZE,
                                  server=SERVER, http_requests=load.http_requests,
                                  http_concurrency=load.http_concurrency)
                    missing = exporter.unavailable or _missing_packages(framework, format)
                    if missing:
                        rows.append(capability_rows.row(**common, framework_fingerprint={}, status="not_run",
                                                        reason=missing))
                        continue
                    directory = Path(root) / run_id / f"{framework}-{workload}-{format}"
                    directory.mkdir(parents=True, exist_ok=True)
                    rows.append(_one(exporter, common, directory, threads, load))
        finally:
            exporter.close()
    return rows


def _missing_packages(framework: str, format: str) -> str | None:
    missing = [p for p in exports.PACKAGES.get((framework, format), ()) if importlib.util.find_spec(p) is None]
    return f"not installed: {', '.join(missing)}" if missing else None


def _one(exporter: CapabilityProcess, common: dict, directory: Path, threads: int, load: Load) -> dict:
    fingerprint = exporter.fingerprint
    try:
        exported = exporter.ask("export", TIMEOUT_S, workload=common["workload"], format=common["format"],
                                directory=str(directory), seed=SEED, calls=load.calls)
    except (RequestFailed, ProcessDied) as exc:
        return capability_rows.row(**common, framework_fingerprint=fingerprint, status="failed",
                                   reason=f"export: {exc}")
    measured = {k: exported[k] for k in ("export_s", "file_bytes", "inprocess_p50_ms", "inprocess_p99_ms")}
    server = CapabilityProcess(common["framework"], threads)
    try:
        loaded = server.ask("load", TIMEOUT_S, workload=common["workload"], format=common["format"],
                            path=exported["path"], directory=str(directory), calls=load.calls, batch_size=BATCH_SIZE)
        measured.update(loaded)
        port = server.ask("serve", TIMEOUT_S)["port"]
        measured.update(_over_http(http_serving.url(port), directory, load))
    except (RequestFailed, ProcessDied, OSError) as exc:
        return capability_rows.row(**common, framework_fingerprint=fingerprint, status="failed",
                                   reason=str(exc), **measured)
    finally:
        server.close()
    same = measured["outputs_match"] and measured["http_outputs_match"]
    return capability_rows.row(**common, framework_fingerprint=fingerprint, status="ok" if same else "failed",
                               reason=None if same else "the served model's outputs differ from the original's",
                               **measured)


def _over_http(address: str, directory: Path, load: Load) -> dict:
    reference = np.load(directory / REFERENCE)
    inputs, outputs = reference["inputs"], reference["outputs"]
    answered = http_serving.post(address, inputs[:1], HTTP_TIMEOUT_S)
    seconds = http_serving.load(address, inputs, load.http_requests, load.http_concurrency, HTTP_TIMEOUT_S)
    http = latency.percentiles_ms(seconds)
    return {"http_outputs_match": equivalence.scaled_diff(answered, outputs[:1]) <= equivalence.FP32_TOLERANCE,
            "http_p50_ms": http["p50_ms"], "http_p99_ms": http["p99_ms"]}
