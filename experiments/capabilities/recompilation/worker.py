"""One framework's process for the recompilation measurement, driven by the parent over JSON lines:

    python -m experiments.capabilities.recompilation.worker --framework torch --threads 1 --device cpu

It first answers {"ok": true, "fingerprint"} or {"ok": false, "reason"}. Then, per request:
  {"op": "run", "workload", "mode", "changes", "keep_compile_caches", "first_calls", "min_block_s",
   "max_block_steps", "repeats"}
      -> {"changes": [one `timing.time_changes` result per input of `inputs.changes(workload, changes)`]}
  {"op": "quit"}
A request that fails answers {"error": "<type>: <message>"} and the process carries on."""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import traceback

from experiments import frameworks
from experiments.capabilities.recompilation import inputs, timing
from experiments.processes import protocol

STEPS = {"torch": "experiments.capabilities.recompilation.torch_steps",
         "tensorflow": "experiments.capabilities.recompilation.tf_steps"}


def run(framework: str, device: str, workload: str, mode: str, changes: list[str], keep_compile_caches: bool,
        **timed) -> dict:
    steps = importlib.import_module(STEPS[framework])
    trainer = steps.trainer(workload, mode, device, keep_compile_caches)
    return {"changes": timing.time_changes(trainer, workload, inputs.changes(workload, tuple(changes)), **timed)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--framework", required=True, choices=frameworks.NAMES)
    parser.add_argument("--threads", required=True, type=int)
    parser.add_argument("--device", required=True, choices=["cpu", "cuda"])
    args = parser.parse_args(argv)
    answers = protocol.channel()
    try:
        backend = frameworks.start(args.framework, args.threads, args.device)
    except frameworks.Unavailable as exc:
        protocol.send(answers, {"ok": False, "reason": str(exc)})
        return
    protocol.send(answers, {"ok": True, "fingerprint": backend.fingerprint(args.device)})
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        if op == "quit":
            return
        if op != "run":
            raise ValueError(f"unknown op {op!r}")
        try:
            answer = run(args.framework, args.device, **request)
        except Exception as exc:  # one failed request is reported; the parent decides what follows
            traceback.print_exc()
            answer = {"error": f"{type(exc).__name__}: {exc}"[:timing.REASON_CHARS]}
        protocol.send(answers, answer)


if __name__ == "__main__":
    main()
