"""The short PyTorch training run that both PyTorch tools (TensorBoard, Visdom) are given to show."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from experiments.capabilities.visualisation.features import BATCH_SIZE, SEED, STEPS, WORKLOAD
from experiments.models import data
from experiments.models import hparams as hp


@dataclass
class Run:
    model: object      # the trained nn.Module
    step: object       # step(inputs, targets) -> loss: one more training step
    inputs: object     # the batch as the model takes it
    targets: object
    losses: list[float]
    weights: list[list[tuple[str, object]]]  # per step: (name, tensor) of every parameter after it


def trained() -> Run:
    import torch

    from experiments.models import torch_models as tm
    params = hp.WORKLOADS[WORKLOAD]()
    x, y = data.batch(WORKLOAD, params, BATCH_SIZE, SEED)
    torch.manual_seed(SEED)
    model = tm.build(params).train()
    step = tm.training_step(tm.loss_of(model, params, nullcontext), tm.optimizer(params.optimizer, model.parameters()))
    inputs, targets = tm.inputs(params, x, y, "cpu")
    losses, weights = [], []
    for _ in range(STEPS):
        losses.append(float(step(inputs, targets)))
        weights.append([(name, p.detach().clone()) for name, p in model.named_parameters()])
    return Run(model, step, inputs, targets, losses, weights)
