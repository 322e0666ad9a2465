"""Figures: scaling efficiency at 2 workers on this machine's cores for every strategy of both frameworks
(mlp, one thread per worker); serving p50/p99 at batch 1 for each export format (the framework's own and ONNX), against
the original in-process, and over HTTP; on-device latency against the original model; the visualisation feature
matrix (each tool's features, written and read back); model servers (TorchServe, FastAPI + uvicorn; TensorFlow
Serving not run) at 1, 8 and 32 clients: throughput, p50/p99.
Targets: every distributed step equals the single-process step, every exported and converted model and every
server gives the original's outputs, and the whole measurement (quick sizes) finishes in under 6 minutes."""
from __future__ import annotations

import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from experiments import machine
from experiments.capabilities import distributed, mobile, serving, visualisation
from experiments.capabilities.serving import servers
from experiments.capabilities.visualisation.features import FEATURES

SCALE = distributed.Scale(workers=(1, 2), batch_per_worker=128, steps=50, warmup=5, timeout_s=600)
SERVED = ["mlp", "cnn"]
FRAMEWORKS = ["torch", "tensorflow"]
TOTAL_TARGET_S = 360


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_scaling(rows: list[dict]) -> bool:
    print(f"data-parallel mlp, {SCALE.batch_per_worker} samples and 1 thread per worker, "
          f"{machine.usable_cpus()} usable cores, {machine.cpu_model()}:")
    print(f"   {'framework':<11} {'strategy':<52} {'workers':>7} {'samples/s':>10} {'efficiency':>10} "
          f"{'start (s)':>9} {'setup lines':>11}  equivalent")
    for r in rows:
        print(f"   {r['framework']:<11} {r['strategy']:<52} {r['workers']:>7} "
              f"{r.get('throughput', float('nan')):>10.0f} "
              f"{r.get('scaling_efficiency', float('nan')):>10.2f} {r.get('start_s', float('nan')):>9.1f} "
              f"{r['setup_lines']:>11}  {r.get('equivalent', '-')}  {r['status']} {r['reason'] or ''}")
    return all(r["status"] == "ok" for r in rows)


def print_serving(rows: list[dict]) -> bool:
    print("serving at batch 1 (ms): exported in a fresh process, the original in-process, and over HTTP "
          f"({serving.QUICK.http_requests} requests, {serving.QUICK.http_concurrency} at a time):")
    print(f"   {'framework':<11} {'workload':<8} {'format':<13} {'p50':>6} {'p99':>6} {'in-proc p50':>11} "
          f"{'http p50':>8} {'http p99':>8} {'batch 32/s':>10}")
    for r in rows:
        if r["status"] != "ok":
            print(f"   {r['framework']:<11} {r['workload']:<8} {r['format']:<13} {r['status']}: {r['reason']}")
            continue
        print(f"   {r['framework']:<11} {r['workload']:<8} {r['format']:<13} {r['p50_ms']:>6.2f} {r['p99_ms']:>6.2f} "
              f"{r['inprocess_p50_ms']:>11.2f} {r['http_p50_ms']:>8.2f} {r['http_p99_ms']:>8.2f} "
              f"{r['throughput']:>10.0f}")
    return all(r["status"] == "ok" for r in rows)


def print_mobile(rows: list[dict]) -> bool:
    print("on-device cnn at batch 1 (ms), the format's runtime against the original model:")
    for r in rows:
        if r["status"] != "ok":
            print(f"   {r['framework']:<11} {r['format']:<11} {r['status']}: {r['reason']}")
            continue
        print(f"   {r['framework']:<11} {r['format']:<11} {r['latency_ms']:>6.2f} vs {r['original_latency_ms']:>6.2f}"
              f"   {r['file_bytes'] / 1024:.0f} KiB, outputs match: {r['outputs_match']}")
    return all(r["status"] == "ok" for r in rows)


def matrix_cell(row: dict) -> str:
    return f"{row['status']} ({row['detail']})" if row.get("detail") else row["status"]


def print_feature_matrix(rows: list[dict]) -> bool:
    print("visualisation features, each written and then read back (detail: what was read):")
    tools = list(dict.fromkeys((r["tool"], r["framework"]) for r in rows))
    cells = {(r["tool"], r["framework"], r["feature"]): matrix_cell(r) for r in rows}
    widths = [max(len(f"{tool}/{framework}"), *(len(cells[tool, framework, f]) for f in FEATURES)) + 2
              for tool, framework in tools]
    print(f"   {'feature':<15}" + "".join(f"{tool + '/' + framework:<{width}}"
                                        for (tool, framework), width in zip(tools, widths)))
    for feature in FEATURES:
        print(f"   {feature:<15}" + "".join(f"{cells[tool, framework, feature]:<{width}}"
                                        for (tool, framework), width in zip(tools, widths)))
    for r in rows:
        if r["status"] != "supported":
            print(f"   {r['tool']}/{r['framework']} {r['feature']}: {r['status']}: {r['reason']}")
    return not any(r["status"] in ("failed", "not_run") for r in rows)


def print_servers(rows: list[dict]) -> bool:
    load = servers.QUICK
    print(f"model servers on 127.0.0.1, mlp, one example per request, per level at most {load.requests} requests "
          f"or {load.seconds:g} s:")
    print(f"   {'server':<19} {'framework':<11} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'start s':>7}  outputs match")
    for r in rows:
        if r["status"] == "not_run":
            if r["concurrency"] == load.concurrency[0]:
                print(f"   {r['server']:<19} {r['framework']:<11} not run: {r['reason']}")
            continue
        if r["status"] == "failed" and "requests" not in r:
            print(f"   {r['server']:<19} {r['framework']:<11} {r['concurrency']:>7} failed: {r['reason']}")
            continue
        print(f"   {r['server']:<19} {r['framework']:<11} {r['concurrency']:>7} {r['requests']:>8} "
              f"{r['throughput']:>7.0f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f} {r['start_s']:>7.1f}  "
              f"{r['outputs_match']}")
    return all(r["status"] != "failed" for r in rows)


def main() -> None:
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        scaled = print_scaling(distributed.measure(FRAMEWORKS, root / "distributed", "bench", now, SCALE))
        served = print_serving(serving.measure(FRAMEWORKS, SERVED, root / "serving", "bench", now, 1, serving.QUICK))
        converted = print_mobile(mobile.measure(FRAMEWORKS, root / "mobile", "bench", now, 1, calls=100))
        shown = print_feature_matrix(visualisation.measure(FRAMEWORKS, root / "visualisation", "bench", now, 1))
        answered = print_servers(servers.measure(FRAMEWORKS, ["mlp"], root / "servers", "bench", now, 1, servers.QUICK))
    total_s = time.perf_counter() - started
    print(f"distributed steps equal the single-process step: {verdict(scaled)}")
    print(f"exported and converted models and the servers give the original outputs: "
          f"{verdict(served and converted and answered)}")
    print(f"every visualisation feature was read back or is unsupported, with the reason: {verdict(shown)}")
    print(f"whole measurement {total_s:.0f} s (target < {TOTAL_TARGET_S} s): {verdict(total_s < TOTAL_TARGET_S)}")


if __name__ == "__main__":
    main()
