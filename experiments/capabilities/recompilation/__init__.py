"""The recompilation measurement (E2, E3, TF-2, PT+2): a workload's training step fed one change of input
after another (`inputs.changes`: batch size, sequence length, dtype), in eager and in every graph or
compiled mode. Per change: how many traces or compilations the framework's own counter records, the
first call, what the first calls took beyond steady steps, and the steady step at the new input. The
view `recompilation_cost` sets each mode against eager of the same run: after how many steps at the new
input compiling has paid for itself, if ever."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from experiments.capabilities import rows as capability_rows
from experiments.capabilities.process import CapabilityProcess, RequestFailed
from experiments.capabilities.recompilation import inputs
from experiments.processes import ProcessDied

WORKER = "experiments.capabilities.recompilation.worker"
MODES = {
    "torch": ("eager", "compile", "compile_dynamic"),  # torch.compile's default (dynamic=None), and dynamic=True
    "tensorflow": ("eager", "function", "xla"),  # tf.function, and tf.function(jit_compile=True)
}
COUNTERS = {  # read in the framework's process: see torch_steps and tf_steps
    "torch": 'torch._dynamo.utils.counters["frames"]["ok"]',
    "tensorflow": "tf.function experimental_get_tracing_count()",
}
COMPILED_WITH_CACHES = ("compile", "compile_dynamic")  # inductor's on-disk caches matter to these only


@dataclass(frozen=True)
class Profile:
    workloads: tuple[str, ...]
    changes: tuple[str, ...]  # kinds of change (inputs.KINDS) made after the first input
    first_calls: int  # timed one by one after each change
    min_block_s: float  # steady steps are timed in blocks at least this long
    max_block_steps: int
    repeats: int  # blocks; the steady step is their median
    # True: inductor's on-disk caches are kept, as PyTorch keeps them, so an input compiled in an earlier
    # run compiles from them; False: each mode starts from empty caches, so every compile is cold.
    keep_compile_caches: bool
    timeout_s: float  # one workload in one mode, every change


# Quick leaves the cnn out: its compiles (XLA 12-25 s a change, a cold inductor build minutes) would take most
# of the quick capability budget, and mlp and lstm already show batch, sequence and dtype changes.
QUICK = Profile(workloads=("mlp", "lstm"), changes=("batch_size", "batch_size_again", "seq_len", "dtype"),
                first_calls=2, min_block_s=0.02, max_block_steps=1000, repeats=3,
                keep_compile_caches=True, timeout_s=900)
FULL = Profile(workloads=("mlp", "cnn", "lstm", "transformer"), changes=inputs.KINDS, first_calls=3, min_block_s=0.1,
               max_block_steps=10_000, repeats=7, keep_compile_caches=False, timeout_s=3600)


def measure(frameworks: list[str], run_id: str, measured_at: datetime, threads: int, profile: Profile,
            device: str = "cpu") -> list[dict]:
    """One recompilation_runs row per framework, workload, mode and change. Each framework runs in a process
    of its own, started again if one dies."""
    rows = []
    for framework in frameworks:
        process = None
        try:
            for workload in profile.workloads:
                for mode in MODES[framework]:
                    process = process or CapabilityProcess(framework, threads, WORKER, ("--device", device))
                    common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device=device,
                                  threads=threads, workload=workload, mode=mode, counter=COUNTERS[framework],
                                  compile_caches=_caches(mode, profile))
                    changes = inputs.changes(workload, profile.changes)
                    if process.unavailable:
                        rows += _rows(common, changes, {}, [{"not_run": process.unavailable}] * len(changes))
                        continue
                    try:
                        answer = process.ask("run", profile.timeout_s, workload=workload, mode=mode,
                                             changes=profile.changes,
                                             keep_compile_caches=profile.keep_compile_caches,
                                             first_calls=profile.first_calls, min_block_s=profile.min_block_s,
                                             max_block_steps=profile.max_block_steps, repeats=profile.repeats)
                    except (RequestFailed, ProcessDied) as exc:
                        rows += _rows(common, changes, process.fingerprint, [{"error": str(exc)}] * len(changes))
                        if isinstance(exc, ProcessDied):
                            process.close()
                            process = None
                        continue
                    rows += _rows(common, changes, process.fingerprint, answer["changes"])
        finally:
            if process is not None:
                process.close()
    return rows


def _caches(mode: str, profile: Profile) -> str | None:
    if mode not in COMPILED_WITH_CACHES:
        return None
    return "kept" if profile.keep_compile_caches else "empty"


def _rows(common: dict, changes: list[inputs.Change], fingerprint: dict, measured: list[dict]) -> list[dict]:
    rows = []
    for order, (change, result) in enumerate(zip(changes, measured, strict=True)):
        described = dict(**common, change_order=order, change=change.name, batch_size=change.input.batch_size,
                         seq_len=change.input.seq_len, dtype=change.input.dtype)
        if "not_run" in result:
            rows.append(capability_rows.row(**described, framework_fingerprint={}, status="not_run",
                                            reason=result["not_run"]))
        elif "error" in result:
            rows.append(capability_rows.row(**described, framework_fingerprint=fingerprint, status="failed",
                                            reason=result["error"]))
        else:
            rows.append(capability_rows.row(**described, framework_fingerprint=fingerprint, status="ok", **result))
    return rows
