"""PyTorch in a measuring process: settings applied at start, the device, steps per mode, memory."""
from __future__ import annotations

import os
import tempfile
from contextlib import nullcontext
from functools import partial
from typing import Callable

import torch
import torch._inductor.utils

from experiments import machine
from experiments.frameworks import Unavailable
from experiments.models import data
from experiments.models import hparams as hp
from experiments.models import torch_models as tm
from experiments.timing.harness import Runnable
from experiments.timing.memory import RssPeak

# Inductor caches compiled graphs and kernels on disk and in memory: a variant's first call would
# skip work another variant (or an earlier run) did. Unless the profile keeps them, each variant
# compiles into its own empty folder.
COMPILE_CACHES = tempfile.TemporaryDirectory(prefix="fwtrends-inductor-")


def start(threads: int, interop_threads: int, device: str) -> None:
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(interop_threads)
    # fp32 means fp32: no TF32 in matmuls or cuDNN convolutions (PyTorch enables it for the latter).
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    # Every variant compiles its own graphs; past the recompile limit dynamo would quietly run eager.
    torch._dynamo.config.recompile_limit = 64
    torch._dynamo.config.fail_on_recompile_limit_hit = True
    if device == "cuda" and not torch.cuda.is_available():
        why = "it was built without CUDA" if torch.version.cuda is None else "it sees no CUDA device"
        raise Unavailable(f"torch {torch.__version__} cannot use the GPU: {why}")


def bf16_unsupported(device: str) -> str | None:
    """Why bf16 is not measured on `device`, or None when the hardware does bf16 natively."""
    if device == "cuda":
        if torch.cuda.is_bf16_supported(including_emulation=False):
            return None
        return f"{torch.cuda.get_device_name()} has no native bf16"
    return machine.cpu_bf16_unsupported()


class CudaPeak:
    source = "torch.cuda.max_memory_allocated"

    def reset(self) -> None:
        torch.cuda.reset_peak_memory_stats()

    def peak_mb(self) -> float:
        return torch.cuda.max_memory_allocated() / 2**20


def memory_probe(device: str):
    return CudaPeak() if device == "cuda" else RssPeak()


def sync_for(device: str) -> Callable[[], None]:
    return torch.cuda.synchronize if device == "cuda" else torch.cpu.synchronize


def prepare(spec: dict, device: str) -> Runnable:
    """The variant's step, ready to call: model, optimizer and one batch already on the device."""
    params = hp.from_dict(spec["workload"], spec["hparams"])
    target = torch.device(device)
    x, y = tm.inputs(params, *data.batch(spec["workload"], params, spec["batch_size"], spec["seed"]), target)
    torch.manual_seed(spec["seed"])
    model = tm.build(params).to(target)
    autocast = partial(torch.autocast, target.type, dtype=torch.bfloat16) if spec["precision"] == "bf16" \
        else nullcontext
    if spec["mode"] == "compile":
        if not spec["keep_compile_caches"]:
            os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(dir=COMPILE_CACHES.name)
            torch._inductor.utils.clear_caches()
        # Static shapes: each variant has one batch size, and dynamic shapes would change the code measured.
        compile_ = partial(torch.compile, dynamic=False)
    elif spec["mode"] == "eager":
        compile_ = lambda fn: fn  # noqa: E731
    else:
        raise ValueError(f"torch has no mode {spec['mode']!r}")
    if spec["phase"] == "train":
        opt = tm.optimizer(params.optimizer, model.train().parameters())
        # As PyTorch's tutorials compile training: the model with its loss (AOTAutograd compiles the
        # backward too) and, separately, the optimizer step; zero_grad and backward() stay eager.
        fn = tm.training_step(compile_(tm.loss_of(model, params, autocast)), opt, compile_(opt.step))
        args = (x, y)
    else:
        fn, args = compile_(tm.inference_step(model.eval(), autocast)), (x,)
    return Runnable(partial(fn, *args), sync_for(device))


def forget_compiled() -> None:
    """Drops compiled code once no variant uses it, so the next workload starts from empty caches."""
    torch._dynamo.reset()


def fingerprint(device: str) -> dict:
    on_gpu = device == "cuda"
    return {
        "framework": "torch",
        "version": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if on_gpu else None,
        "gpu": torch.cuda.get_device_name() if on_gpu else None,
        "intra_op_threads": torch.get_num_threads(),
        "inter_op_threads": torch.get_num_interop_threads(),
        "tf32_matmul": torch.backends.cuda.matmul.allow_tf32,
        "tf32_cudnn": torch.backends.cudnn.allow_tf32,
        "float32_matmul_precision": torch.get_float32_matmul_precision(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "compile": "torch.compile(dynamic=False), inductor",
        "bf16": "torch.autocast(bfloat16)",
    }
