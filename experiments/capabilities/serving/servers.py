"""Model servers side by side (the article's P1, TF+3, PT-2): each framework's own serving product where it
installs here, beside a FastAPI app on uvicorn for each framework. TorchServe serves PyTorch's torch.export
model; TensorFlow Serving's model server is not on PyPI, so its rows say not run here (its product facts
are in products.toml). Each server is started on 127.0.0.1 for the measurement and stopped after it; its
answers must equal the original model's outputs; then clients load it 1, 8 and 32 at a time, each level
bounded in requests and in time: throughput, p50 and p99 latency."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

import numpy as np

from experiments.capabilities import rows as capability_rows
from experiments.capabilities.process import CapabilityProcess, RequestFailed
from experiments.capabilities.serving import exports, fastapi_app, latency, products, torchserve
from experiments.capabilities.serving import http as http_serving
from experiments.capabilities.serving.exports import REFERENCE
from experiments.models import equivalence
from experiments.processes import ProcessDied

TORCHSERVE, TF_SERVING, FASTAPI = "TorchServe", "TensorFlow Serving", "FastAPI + uvicorn"
SERVERS = {"torch": (TORCHSERVE, FASTAPI), "tensorflow": (TF_SERVING, FASTAPI)}
# The framework's own serving product, as opposed to a general web framework.
PRODUCTS = (TORCHSERVE, TF_SERVING)
FORMATS = {"torch": "torch_export", "tensorflow": "savedmodel"}
PACKAGES = {TORCHSERVE: ("torchserve",), FASTAPI: ("fastapi", "uvicorn")}
CHECKED = 4  # reference examples each server must answer with the original model's outputs
SEED = 0
TIMEOUT_S = 300
HTTP_TIMEOUT_S = 30


@dataclass(frozen=True)
class Load:
    """Clients at once for each level, and each level's bounds: requests, and seconds after which no
    request starts; warm-up requests before each level."""
    concurrency: tuple[int, ...]
    requests: int
    seconds: float
    warmup: int


QUICK = Load(concurrency=(1, 8, 32), requests=300, seconds=2, warmup=10)
FULL = Load(concurrency=(1, 8, 32), requests=5000, seconds=10, warmup=50)


def measure(frameworks: list[str], workloads: list[str], root: Path, run_id: str, measured_at: datetime,
            threads: int, load: Load) -> list[dict]:
    """One serving_servers row per server, framework, workload and concurrency."""
    rows = []
    for framework in frameworks:
        exporter = CapabilityProcess(framework, threads)
        try:
            for workload in workloads:
                common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device="cpu",
                              threads=threads, workload=workload, format=FORMATS[framework])
                rows += _workload(exporter, common, Path(root) / run_id / f"{framework}-{workload}", load)
        finally:
            exporter.close()
    return rows


def _workload(exporter: CapabilityProcess, common: dict, directory: Path, load: Load) -> list[dict]:
    """The workload exported once, then served by each of its framework's servers."""
    rows, export_problem = [], None
    for server in SERVERS[common["framework"]]:
        described = {**common, "server": server, "server_version": _version(server),
                     "framework_product": server in PRODUCTS}
        reason = _not_run_here(server) or exporter.unavailable
        if reason:
            rows += _every_level(described, load, "not_run", reason, {})
            continue
        if export_problem is None:
            export_problem = _export(exporter, common, directory)
        if export_problem:
            rows += _every_level(described, load, "failed", export_problem, exporter.fingerprint)
            continue
        rows += _served(described, directory, exporter.fingerprint, load)
    return rows


def _not_run_here(server: str) -> str | None:
    if server == TF_SERVING:
        facts = products.read().set_index("name")
        return f"not run here: its model server is distributed as {facts.loc[TF_SERVING, 'distribution']}"
    if server == TORCHSERVE:
        return torchserve.unavailable()
    return None


def _version(server: str) -> str | None:
    try:
        return ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES[server]) if server in PACKAGES else None
    except metadata.PackageNotFoundError:
        return None


def _export(exporter: CapabilityProcess, common: dict, directory: Path) -> str:
    """Saves the workload in its framework's own format with reference inputs and outputs beside it;
    returns why it could not, or "" when it did."""
    directory.mkdir(parents=True, exist_ok=True)
    try:
        exporter.ask("export", TIMEOUT_S, workload=common["workload"], format=common["format"],
                     directory=str(directory), seed=SEED, calls=1)
    except (RequestFailed, ProcessDied) as exc:
        return f"export: {exc}"
    return ""


def _served(described: dict, directory: Path, fingerprint: dict, load: Load) -> list[dict]:
    reference = np.load(directory / REFERENCE)
    started = time.perf_counter()
    try:
        with _started(described, directory, reference["inputs"].dtype) as address:
            start_s = time.perf_counter() - started
            diff = _answers_diff(address, reference)
            levels = [_at(address, reference["inputs"], concurrency, load) for concurrency in load.concurrency]
    except Exception as exc:  # this server failed (to start, to answer, ...); the others still run
        return _every_level(described, load, "failed", f"{type(exc).__name__}: {exc}"[:2000], fingerprint)
    same = diff <= equivalence.FP32_TOLERANCE
    differ = f"answers differ from the original model's outputs by {diff:.3g}"
    return [capability_rows.row(**described, framework_fingerprint=fingerprint, status="ok" if same else "failed",
                                reason=None if same else differ,
                                concurrency=concurrency, start_s=start_s, outputs_match=same, output_diff=diff,
                                **measured)
            for concurrency, measured in zip(load.concurrency, levels)]


@contextmanager
def _started(described: dict, directory: Path, dtype: np.dtype) -> Iterator[str]:
    """The server running the exported model; yields the URL to POST {"inputs"} to."""
    workload = described["workload"]
    if described["server"] == TORCHSERVE:
        torchserve.archive(directory, workload, str(dtype), directory / "model-store")
        with torchserve.running(directory / "model-store", workload, directory / "torchserve",
                                described["threads"]) as address:
            yield address
        return
    process = CapabilityProcess(described["framework"], described["threads"])
    try:
        process.ask("load", TIMEOUT_S, workload=workload, format=described["format"],
                    path=str(directory / exports.FILES[described["format"]]), directory=str(directory),
                    calls=1, batch_size=1)
        yield fastapi_app.url(process.ask("serve", TIMEOUT_S, server="fastapi")["port"])
    finally:
        process.close()


def _answers_diff(address: str, reference) -> float:
    """The largest difference between the server's answers and the original model's outputs over the first
    CHECKED reference examples, each sent alone."""
    inputs, outputs = reference["inputs"], reference["outputs"]
    return max(equivalence.scaled_diff(http_serving.post(address, inputs[i:i + 1], HTTP_TIMEOUT_S), outputs[i:i + 1])
               for i in range(CHECKED))


def _at(address: str, inputs: np.ndarray, concurrency: int, load: Load) -> dict:
    """`concurrency` clients at once, after a warm-up at that level."""
    http_serving.load(address, inputs, load.warmup, concurrency, HTTP_TIMEOUT_S)
    started = time.perf_counter()
    seconds = http_serving.load(address, inputs, load.requests, concurrency, HTTP_TIMEOUT_S, load.seconds)
    wall_s = time.perf_counter() - started
    return {"requests": len(seconds), "throughput": len(seconds) / wall_s, **latency.percentiles_ms(seconds)}


def _every_level(described: dict, load: Load, status: str, reason: str, fingerprint: dict) -> list[dict]:
    return [capability_rows.row(**described, framework_fingerprint=fingerprint, status=status, reason=reason,
                                concurrency=concurrency) for concurrency in load.concurrency]
