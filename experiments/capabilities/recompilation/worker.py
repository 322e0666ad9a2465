"""One framework's process for the recompilation measurement, driven by the parent over JSON lines:

    python -m experiments.capabilities.recompilation.worker --framework torch --threads 1 --device cpu

It first answers {"ok": true, "fingerprint"} or {"ok": false, "reason"}. Then, per request:
  {"op": "run", "workload", "mode", "changes", "keep_compile_caches", "first_calls", "min_block_s",
   "max_block_steps", "repeats"}
      -> {"changes": [one `timing.time_changes` result per input of `inputs.changes(workload, changes)`]}
  {"op": "quit"}
A request that fails answers {"error": "<type>: <message>"} and the process carries on."""
from __future__ import annotations

import importlib

from experiments.capabilities.recompilation import inputs, timing
from experiments.processes import protocol

STEPS = {"torch": "experiments.capabilities.recompilation.torch_steps",
         "tensorflow": "experiments.capabilities.recompilation.tf_steps"}


def run(framework: str, device: str, workload: str, mode: str, changes: list[str], keep_compile_caches: bool,
        **timed) -> dict:
    steps = importlib.import_module(STEPS[framework])
    trainer = steps.trainer(workload, mode, device, keep_compile_caches)
    return {"changes": timing.time_changes(trainer, workload, inputs.changes(workload, tuple(changes)), **timed)}


if __name__ == "__main__":
    protocol.serve(__doc__, {"run": run}, timing.REASON_CHARS)
