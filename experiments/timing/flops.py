"""Analytic floating-point operations per step, from the hyper-parameters alone, counted as PyTorch's
own counter (`torch.utils.flop_counter`) counts them: the tests hold the two equal.

A multiply-add counts as 2 FLOPs; only matrix products and convolutions count (element-wise work,
normalisation, pooling and embedding look-ups are comparatively negligible). Attention counts its
full T x T score matrix, causal mask or not, as the usual model-FLOPs convention does. The backward
pass of a product computes its weights' gradient (a forward's worth) and its input's gradient (another),
except where the input needs none: the data itself, or a constant such as the LSTM's zero initial state.
So a training step is 3x the forward pass less those input gradients, not the usual flat 3x."""
from __future__ import annotations

import math

from experiments.models import hparams as hp


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


def without_input_gradient_per_sample(params) -> float:
    """Forward FLOPs of the products whose input needs no gradient: their backward skips it."""
    if isinstance(params, hp.Linear):
        return forward_per_sample(params)  # its one product reads the data
    if isinstance(params, hp.MLP):
        return 2 * math.prod(params.image_shape) * params.hidden[0]  # the first layer reads the images
    if isinstance(params, hp.CNN):
        height, width, channels = params.image_shape
        return _conv(channels, params.widths[0], 3, height, width)  # the stem reads the images
    if isinstance(params, hp.LSTM):
        return 2 * 4 * params.hidden * params.hidden  # the first step's recurrence reads the zero state
    if isinstance(params, hp.Transformer):
        return 0  # every product reads the embeddings or what they became
    raise TypeError(f"no FLOP count for {type(params).__name__}")


def _conv(c_in, c_out, kernel, h, w):
    return 2 * h * w * c_in * c_out * kernel * kernel


def _resnet(p: hp.CNN) -> float:
    height, width, channels = p.image_shape
    total = _conv(channels, p.widths[0], 3, height, width)
    c_in = p.widths[0]
    for stage, c_out in enumerate(p.widths):
        if stage > 0:  # stride 2 with padding 1 halves (rounding up)
            height, width = (height + 1) // 2, (width + 1) // 2
        total += _conv(c_in, c_out, 3, height, width) + _conv(c_out, c_out, 3, height, width)
        if stage > 0 or c_in != c_out:
            total += _conv(c_in, c_out, 1, height, width)
        c_in = c_out
    return total + 2 * c_in * p.classes


def per_step(params, phase: str, batch_size: int) -> float:
    forward = forward_per_sample(params)
    if phase == "infer":
        return batch_size * forward
    return batch_size * (3 * forward - without_input_gradient_per_sample(params))
