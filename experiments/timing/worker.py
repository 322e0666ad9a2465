"""One framework's measuring process, driven by the parent over JSON lines on stdin/stdout.

    python -m experiments.timing.worker --framework torch --device cpu --threads 2

It first answers {"ok": true, "fingerprint": ...} or {"ok": false, "reason": ...} (framework missing,
device unusable). Then, per request:
  {"op": "prepare", "key", "spec", "warmup_steps", "min_block_s", "max_block_steps"}
      builds the variant, times its first call, warms it up, picks its steps per block;
      -> {"status": "ok", "first_call_s", "block_steps", "peak_mem_mb", "mem_source"} or a not_run/failed reason
  {"op": "measure", "key"}   -> {"step_s"}: one timed repeat
  {"op": "release", "key"}   -> {}: frees the variant
  {"op": "quit"}
"""
from __future__ import annotations

import argparse
import json
import sys
import traceback

from experiments import frameworks
from experiments.processes import protocol
from experiments.timing import harness

REASON_CHARS = 2000


def prepare(backend, request: dict, device: str) -> tuple[dict, harness.Runnable | None]:
    spec = request["spec"]
    if spec["precision"] == "bf16":
        reason = backend.bf16_unsupported(device)
        if reason:
            return {"status": "not_run", "reason": reason}, None
    memory = backend.memory_probe(device)
    memory.reset()
    try:
        runnable = backend.prepare(spec, device)
        first_call_s = harness.first_call(runnable.step, runnable.sync)
        harness.time_block(runnable.step, runnable.sync, request["warmup_steps"])
        block_steps = harness.calibrate(runnable.step, runnable.sync, request["min_block_s"],
                                        request["max_block_steps"])
    except Exception as exc:  # a variant that cannot build or compile is reported; the others go on
        traceback.print_exc()
        return {"status": "failed", "reason": f"{type(exc).__name__}: {exc}"[:REASON_CHARS]}, None
    answer = {
        "status": "ok",
        "first_call_s": first_call_s,
        "block_steps": block_steps,
        # The process's peak while this variant was built, compiled and warmed up: the framework's
        # runtime and the variants prepared before it (still held for interleaving) included.
        "peak_mem_mb": memory.peak_mb(),
        "mem_source": memory.source,
    }
    return answer, runnable


def serve(backend, device: str, answers) -> None:
    prepared: dict[str, tuple[harness.Runnable, int]] = {}
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "quit":
            return
        if op == "prepare":
            answer, runnable = prepare(backend, request, device)
            if runnable is not None:
                prepared[request["key"]] = runnable, answer["block_steps"]
        elif op == "measure":
            runnable, block_steps = prepared[request["key"]]
            answer = {"step_s": harness.repeat(runnable.step, runnable.sync, block_steps)}
        elif op == "release":
            del prepared[request["key"]]
            if not prepared:
                backend.forget_compiled()
            answer = {}
        else:
            raise ValueError(f"unknown op {op!r}")
        harness.wait_until_idle()  # the other framework's process runs next: it gets the cores to itself
        protocol.send(answers, answer)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--framework", required=True, choices=frameworks.NAMES)
    parser.add_argument("--device", required=True, choices=["cpu", "cuda"])
    parser.add_argument("--threads", required=True, type=int)
    args = parser.parse_args(argv)
    answers = protocol.channel()
    try:
        backend = frameworks.start(args.framework, args.threads, args.device)
    except frameworks.Unavailable as exc:
        protocol.send(answers, {"ok": False, "reason": str(exc)})
        return
    protocol.send(answers, {"ok": True, "fingerprint": backend.fingerprint(args.device)})
    serve(backend, args.device, answers)


if __name__ == "__main__":
    main()
