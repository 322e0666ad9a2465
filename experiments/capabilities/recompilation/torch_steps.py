"""The workloads' PyTorch training step in each recompilation mode. Imported only in a PyTorch process.

The count is dynamo's own: `torch._dynamo.utils.counters["frames"]["ok"]`, the frames it has compiled
(a first compile or a recompile; a graph break adds a frame). Eager never enters dynamo, so it stays put."""
from __future__ import annotations

import os
import tempfile
from contextlib import nullcontext
from functools import partial

import torch
import torch._inductor.utils
from torch._dynamo.utils import counters

from experiments.capabilities.recompilation import inputs
from experiments.capabilities.recompilation.timing import Trainer
from experiments.models import hparams as hp
from experiments.models import torch_models as tm
from experiments.timing.backends import torch_backend

SEED = 0
COMPILE_OPTIONS = {
    "compile": {},  # the default, dynamic=None: static shapes first, a dimension made dynamic once it changes
    "compile_dynamic": {"dynamic": True},
}


def compiled_frames() -> int:
    return counters["frames"]["ok"]


def trainer(workload: str, mode: str, device: str, keep_compile_caches: bool) -> Trainer:
    """The step compiled as the experiments compile it (experiments.timing.backends.torch_backend): the
    model with its loss, and the optimizer step apart."""
    if mode != "eager" and mode not in COMPILE_OPTIONS:
        raise ValueError(f"torch has no recompilation mode {mode!r}")
    torch._dynamo.reset()  # nothing compiled for an earlier mode or workload is reused
    if mode != "eager" and not keep_compile_caches:
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(dir=torch_backend.COMPILE_CACHES.name)
        torch._inductor.utils.clear_caches()
    params = hp.WORKLOADS[workload]()
    target = torch.device(device)
    torch.manual_seed(SEED)
    model = tm.build(params).to(target).train()
    opt = tm.optimizer(params.optimizer, model.parameters())
    loss = tm.loss_of(model, params, nullcontext)
    model_dtype = getattr(torch, inputs.model_dtype(workload))

    def forward(x, y):
        return loss(x.to(model_dtype), y)  # inside the compiled code: a new input dtype is a new graph

    compile_ = partial(torch.compile, **COMPILE_OPTIONS[mode]) if mode != "eager" else (lambda fn: fn)
    step = tm.training_step(compile_(forward), opt, compile_(opt.step))

    def bind(x, y):
        tx, ty = tm.inputs(params, x, y, target)
        return lambda: step(tx, ty)
    return Trainer(bind, torch_backend.sync_for(device), compiled_frames)
