"""Hand-made rows for the report's newer measurements, loaded as the experiments write them: configurations
timed in turns block by block (experiment_runs with samples_ms and samples_seq, which framework_speed_ratio
pairs), and the capability runs of recompilation, device placement, model servers, visualisation and debugging."""
from __future__ import annotations

import statistics
from datetime import date

import pandas as pd
from report_warehouse import FETCHED, capability, experiment

from warehouse.load import replace

RUN_ID = "0b7e4a52-91c3-4d7e-8f15-2a6c9d3e4b10"

# TensorFlow's blocks against PyTorch's blocks of 1 ms: steadily 1.3 ms; steadily 0.8 ms; either side of 1 ms.
PYTORCH_FASTER = [1.30, 1.32, 1.28, 1.31, 1.29, 1.33, 1.30, 1.31, 1.27, 1.32]
TENSORFLOW_FASTER = [0.80, 0.82, 0.78, 0.81, 0.79, 0.83, 0.80, 0.81, 0.77, 0.82]
EITHER_SIDE = [0.90, 1.10, 0.95, 1.05, 0.92, 1.08, 0.97, 1.03, 0.94, 1.06]


def timed_in_turns(workload: str, blocks: list[tuple[str, str, float]], *, run_id: str = "paired-run",
                   first_seq: int = 0, medians: dict[str, float] | None = None) -> list[dict]:
    """experiment_runs rows of one configuration whose blocks ran in the order given, (framework, mode, step ms)
    each: samples_ms and samples_seq per framework and mode, as the runner writes them. `medians` ({framework:
    ms}) overrides the rows' separately timed medians, as a drifting machine would leave them."""
    timed: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for position, (framework, mode, ms) in enumerate(blocks, start=first_seq):
        timed.setdefault((framework, mode), []).append((position, ms))
    return [
        {**experiment(workload, framework, mode, (medians or {}).get(framework, statistics.median(
            ms for _, ms in samples)), run_id=run_id),
         "samples_ms": [ms for _, ms in samples], "samples_seq": [position for position, _ in samples]}
        for (framework, mode), samples in timed.items()
    ]


def alternating(workload: str, tensorflow_ms: list[float], **options) -> list[dict]:
    """PyTorch eager at 1 ms, then TensorFlow's tf.function at each of `tensorflow_ms`, in turns."""
    return timed_in_turns(workload, [block for ms in tensorflow_ms
                                     for block in (("torch", "eager", 1.0), ("tensorflow", "function", ms))], **options)


def separately(workload: str, torch_ms: float, tensorflow_ms: float) -> list[dict]:
    """A configuration measured before paired timing: medians only."""
    return [experiment(workload, "torch", "eager", torch_ms, run_id="old-run"),
            experiment(workload, "tensorflow", "function", tensorflow_ms, run_id="old-run")]


def recompilation_rows() -> list[dict]:
    """PyTorch's training step, eager and torch.compile (dynamic=True), fed a new batch size and then another."""
    rows = []
    for mode, compile_s, step_ms in [("eager", 0.01, 2.0), ("compile_dynamic", 4.2, 1.2)]:
        for order, change, batch in [(0, "initial", 64), (1, "batch_size", 32), (2, "batch_size_again", 16)]:
            rows.append(capability(RUN_ID, framework="torch", workload="mlp", mode=mode, change_order=order,
                                   change=change, batch_size=batch, dtype="float32",
                                   compiles=0 if mode == "eager" else 1, counter="dynamo compiled frames",
                                   compile_caches=None if mode == "eager" else "empty", first_call_s=compile_s + 0.002,
                                   first_calls=3, compile_s=compile_s, step_ms=step_ms))
    rows.append(capability(RUN_ID, framework="tensorflow", workload="mlp", mode="xla", change_order=0,
                           change="initial", status="not_run", reason="XLA is not installed on this machine"))
    return rows


def load_new_measurements(con) -> None:
    """A run of each of recompilation, device placement, model servers, visualisation and debugging, holding
    what a page must not show raw: a run id, log folders, file paths and snake_case names."""
    replace(con, "recompilation_runs", pd.DataFrame(recompilation_rows()),
            ["run_id", "framework", "workload", "mode", "change"])
    replace(con, "placement_counts", pd.DataFrame([
        {"run_id": RUN_ID, "measured_at": FETCHED, "framework": "torch", "strategy": "ddp",
         "name": "DistributedDataParallel", "kind": "code", "status": "ok", "reason": None, "placements": 2,
         "statements": ["ddp.py:12: model.to(device)", "ddp.py:20: x.to(device)"], "code": ["train_ddp"],
         "fact": None, "source": None, "read_on": None},
        {"run_id": RUN_ID, "measured_at": FETCHED, "framework": "tensorflow", "strategy": "tf1-guide",
         "name": "TensorFlow 1.x multi-GPU guide", "kind": "documented", "status": "ok", "reason": None,
         "placements": 1, "statements": ["with tf.device('/gpu:%d' % i):"], "code": None,
         "fact": "One tower per GPU, each built under tf.device.", "source": "https://example.org/tf1/using_gpu",
         "read_on": date(2024, 6, 1)},
    ]), ["run_id", "framework", "strategy"])
    replace(con, "serving_products", pd.DataFrame([
        {"name": "TorchServe", "frameworks": ["torch"], "maintenance": "limited", "distribution": "pip",
         "fact": "Limited maintenance.", "source": "https://example.org/torchserve", "read_on": date(2024, 6, 1)},
    ]), ["name"])
    replace(con, "serving_servers", pd.DataFrame([
        capability(RUN_ID, server="TorchServe", server_version="torchserve 0.12.0", framework_product=True,
                   framework="torch", workload="mlp", format="torch_export", concurrency=clients, start_s=14.2,
                   outputs_match=True, output_diff=1e-7, requests=200, throughput=850.0 * clients ** 0.5,
                   p50_ms=1.1 * clients, p99_ms=2.9 * clients)
        for clients in (1, 8)
    ] + [capability(RUN_ID, server="TensorFlow Serving", framework_product=True, framework="tensorflow",
                    workload="mlp", format="savedmodel", concurrency=1, status="not_run",
                    reason="tensorflow_model_server is not installed")]),
        ["run_id", "server", "framework", "concurrency"])
    replace(con, "visualisation_features", pd.DataFrame([
        capability(RUN_ID, tool="TensorBoard", framework="torch", feature=feature, status=status, reason=reason,
                   api=api, written=written, read_back=read_back, detail=detail,
                   log_dir="data/tensorboard/torch/visualisation")
        for feature, status, reason, api, written, read_back, detail in [
            ("histograms", "supported", None, "SummaryWriter.add_histogram", 5, 5, "5 histograms"),
            ("profiler_trace", "unsupported", "no trace was read back", "torch.profiler.tensorboard_trace_handler",
             1, 0, None),
            ("scalars", "supported", None, "add_scalar", 20, 20, "20 values"),
        ]
    ]), ["run_id", "tool", "framework", "feature"])
    replace(con, "debugging_runs", pd.DataFrame([
        capability(RUN_ID, framework=framework, mode=mode, user_file="/tmp/fwtrends-debug/user_step.py", bug_line=14,
                   error_type=error, message="mat1 and mat2 shapes cannot be multiplied (64x10 and 12x32)",
                   names_bug_line=names, bug_frame_in_traceback=names, traceback_frames=frames,
                   framework_frames=frames - 2, raised_at="/site-packages/torch/nn/functional.py:123",
                   printed_lines=frames * 2 + 3)
        for framework, mode, error, names, frames in [
            ("torch", "eager", "RuntimeError", True, 4), ("tensorflow", "function", "InvalidArgumentError", False, 31),
        ]
    ]), ["run_id", "framework", "mode"])
