"""Proof that a workload's PyTorch and Keras models are the same model, before anything is timed.

Weights are copied from one model into the other; then parameter counts, inference outputs and the
losses of two consecutive training steps (the second shows the optimizers moved both alike) must agree.
Run as `python -m experiments.models.equivalence` it reads one line {"threads", "workloads": {name: hparams}}
on stdin and answers one JSON line per workload: both frameworks load in this one process, never in a worker."""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from dataclasses import asdict, dataclass

import numpy as np

from experiments import frameworks
from experiments.models import data
from experiments.models import hparams as hp
from experiments.processes import protocol

# fp32 on CPU, TF32 off: max |difference| allowed, relative to the larger of 1 and the compared values'
# magnitude. Reassociated float32 sums differ by ~1e-6 here; a wrong layout or convention by far more.
FP32_TOLERANCE = 1e-5
BATCH_SIZE = 8
TRAINING_STEPS = 2
DIRECTIONS = ("torch_to_keras", "keras_to_torch")


@dataclass
class Equivalence:
    workload: str
    direction: str
    passed: bool
    torch_params: int
    keras_params: int
    output_diff: float  # max |torch - keras| over the outputs, scaled as scaled_diff says
    loss_diff: float
    tolerance: float
    torch_losses: list[float]
    keras_losses: list[float]
    reason: str | None = None


def scaled_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b|, divided by max |b| where that exceeds 1: absolute for small values, relative for large."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(1.0, float(np.max(np.abs(b)))))


def check(workload: str, params, direction: str = "torch_to_keras", seed: int = 0) -> Equivalence:
    # Imported here, not at the top: `main` must be able to report a framework that is missing.
    import torch

    from experiments.models import keras_models as km
    from experiments.models import torch_models as tm
    from experiments.models import weight_copy

    x, y = data.batch(workload, params, BATCH_SIZE, seed)
    stats_x, stats_y = data.batch(workload, params, BATCH_SIZE, seed + 1)
    tx, ty = tm.inputs(params, x, y, "cpu")
    torch.manual_seed(seed)
    t_model = tm.build(params)
    k_model = km.build(params, x)
    # One training-mode forward pass on the source model first, so that batch-norm running statistics
    # are not their trivial initial values and copying them is really exercised.
    if direction == "torch_to_keras":
        with torch.no_grad():
            t_model.train()(tm.inputs(params, stats_x, stats_y, "cpu")[0])
        weight_copy.torch_to_keras(t_model, k_model)
    elif direction == "keras_to_torch":
        k_model(stats_x, training=True)
        weight_copy.keras_to_torch(k_model, t_model)
    else:
        raise ValueError(f"direction must be one of {DIRECTIONS}")

    fp32 = nullcontext  # no autocast: both run plain float32
    t_out = tm.inference_step(t_model.eval(), fp32)(tx).numpy()
    k_out = np.asarray(km.inference_step(k_model)(x))
    t_model.train()
    t_step = tm.training_step(tm.loss_of(t_model, params, fp32), tm.optimizer(params.optimizer, t_model.parameters()))
    k_step = km.training_step(k_model, km.loss(params), km.optimizer(params.optimizer))
    t_losses = [float(t_step(tx, ty)) for _ in range(TRAINING_STEPS)]
    k_losses = [float(k_step(x, y)) for _ in range(TRAINING_STEPS)]

    counts = (tm.parameter_count(t_model), km.parameter_count(k_model))
    out_diff = scaled_diff(t_out, k_out)
    loss_diff = scaled_diff(t_losses, k_losses)
    problems = []
    if counts[0] != counts[1]:
        problems.append(f"parameter counts differ: torch {counts[0]}, keras {counts[1]}")
    if not out_diff <= FP32_TOLERANCE:
        problems.append(f"outputs differ by {out_diff:.3g} > {FP32_TOLERANCE:g}")
    if not loss_diff <= FP32_TOLERANCE:
        problems.append(f"training losses differ by {loss_diff:.3g} > {FP32_TOLERANCE:g}")
    return Equivalence(workload, direction, not problems, *counts, out_diff, loss_diff, FP32_TOLERANCE,
                       t_losses, k_losses, "; ".join(problems) or None)


def main() -> None:
    request = json.loads(sys.stdin.readline())
    channel = protocol.channel()
    try:
        frameworks.start("torch", request["threads"], "cpu")
        frameworks.start("tensorflow", request["threads"], "cpu")
    except frameworks.Unavailable as exc:
        protocol.send(channel, {"unavailable": str(exc)})
        return
    for workload, values in request["workloads"].items():
        try:
            result = asdict(check(workload, hp.from_dict(workload, values)))
        except Exception as exc:  # one broken workload is reported as such; the others are still checked
            result = {"workload": workload, "passed": False, "reason": f"check crashed: {exc!r}"}
        protocol.send(channel, result)


if __name__ == "__main__":
    main()
