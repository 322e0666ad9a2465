"""Analytic floating-point operations per step, from the hyper-parameters alone.

A multiply-add counts as 2 FLOPs; only matrix products and convolutions count (element-wise work,
normalisation, pooling and embedding look-ups are comparatively negligible). Attention counts its
full T x T score matrix, causal mask or not, as the usual model-FLOPs convention does. A training
step counts 3x the forward pass, also the usual convention (the backward pass computes gradients
for inputs and for weights, each a forward's worth)."""
from __future__ import annotations

import math

from experiments.models import hparams as hp

TRAINING_FACTOR = 3


def forward_per_sample(params) -> float:
    if isinstance(params, hp.Linear):
        return 2 * params.features * params.outputs
    if isinstance(params, hp.MLP):
        sizes = [math.prod(params.image_shape), *params.hidden, params.classes]
        return sum(2 * a * b for a, b in zip(sizes, sizes[1:]))
    if isinstance(params, hp.CNN):
        return _resnet(params)
    if isinstance(params, hp.LSTM):
        gates = 4 * params.hidden
        per_step = 2 * gates * (params.embed + params.hidden)
        return params.seq_len * per_step + 2 * params.hidden * params.classes
    if isinstance(params, hp.Transformer):
        d, t = params.d_model, params.seq_len
        per_token_per_layer = (
            2 * d * 3 * d  # q, k, v projections
            + 2 * t * d  # scores q . k over t positions
            + 2 * t * d  # weighted sum of t values
            + 2 * d * d  # output projection
            + 2 * 2 * d * params.ff  # feed-forward up and down
        )
        return t * (params.layers * per_token_per_layer + 2 * d * params.vocab)
    raise TypeError(f"no FLOP count for {type(params).__name__}")


def _resnet(p: hp.CNN) -> float:
    height, width, channels = p.image_shape

    def conv(c_in, c_out, kernel, h, w):
        return 2 * h * w * c_in * c_out * kernel * kernel

    total = conv(channels, p.widths[0], 3, height, width)
    c_in = p.widths[0]
    for stage, c_out in enumerate(p.widths):
        if stage > 0:  # stride 2 with padding 1 halves (rounding up)
            height, width = (height + 1) // 2, (width + 1) // 2
        total += conv(c_in, c_out, 3, height, width) + conv(c_out, c_out, 3, height, width)
        if stage > 0 or c_in != c_out:
            total += conv(c_in, c_out, 1, height, width)
        c_in = c_out
    return total + 2 * c_in * p.classes


def per_step(params, phase: str, batch_size: int) -> float:
    factor = TRAINING_FACTOR if phase == "train" else 1
    return factor * batch_size * forward_per_sample(params)
