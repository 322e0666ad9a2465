"""The frameworks compared, their execution modes, and how a process starts one of them."""
from __future__ import annotations

import importlib
from types import ModuleType

MODES = {
    "torch": ("eager", "compile"),  # eager, torch.compile (inductor)
    "tensorflow": ("eager", "function", "xla"),  # eager, tf.function, tf.function(jit_compile=True)
}
NAMES = tuple(MODES)
BACKENDS = {"torch": "experiments.timing.backends.torch_backend", "tensorflow": "experiments.timing.backends.tf_backend"}
# Intra-op threads are the ones that matter; inter-op is 1 on both sides, PyTorch's eager default.
INTEROP_THREADS = 1


class Unavailable(Exception):
    """This framework cannot run here (not installed, or cannot use the device): reported, not timed."""


def thread_env(threads: int) -> dict[str, str]:
    """Environment for a child process, read by the OpenMP, MKL and TensorFlow runtimes as they load,
    before any code can call their thread APIs."""
    return {
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "TF_NUM_INTRAOP_THREADS": str(threads),
        "TF_NUM_INTEROP_THREADS": str(INTEROP_THREADS),
        "KERAS_BACKEND": "tensorflow",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


def start(name: str, threads: int, device: str, interop_threads: int = INTEROP_THREADS) -> ModuleType:
    """Imports the framework, applies threads and precision settings before its runtime starts, checks
    it can use `device`; returns its backend module. Raises Unavailable with the reason."""
    if name not in BACKENDS:
        raise ValueError(f"unknown framework {name!r}: choose from {', '.join(NAMES)}")
    try:
        backend = importlib.import_module(BACKENDS[name])
    except ImportError as exc:
        raise Unavailable(f"{name} is not importable: {exc}") from exc
    backend.start(threads, interop_threads, device)
    return backend
