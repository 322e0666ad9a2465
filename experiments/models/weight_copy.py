"""Copying weights between a PyTorch module and its Keras twin, in either direction.

Layers pair by attribute path (`blocks.1.conv1` in both models); each pair of layers ties Keras
variables to PyTorch tensors with the layout change between them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from torch import nn


@dataclass
class Tie:
    keras: object  # a keras.Variable
    torch: list[torch.Tensor]  # parameters, buffers, or views of them
    to_keras: Callable[..., np.ndarray]  # torch arrays -> the Keras array
    to_torch: Callable[[np.ndarray], list[np.ndarray]]  # the Keras array -> torch arrays


def same(*arrays):
    return arrays[0]


def as_list(array):
    return [array]


def transposed(array):
    return array.T


def transposed_list(array):
    return [array.T]


def dense(t: nn.Linear, k) -> list[Tie]:
    # nn.Linear.weight is (out, in); a Dense kernel is (in, out).
    ties = [Tie(k.kernel, [t.weight], transposed, transposed_list)]
    if t.bias is not None:
        ties.append(Tie(k.bias, [t.bias], same, as_list))
    return ties


def conv2d(t: nn.Conv2d, k) -> list[Tie]:
    # PyTorch kernels are (out, in, height, width); Keras kernels are (height, width, in, out).
    ties = [Tie(k.kernel, [t.weight], lambda w: w.transpose(2, 3, 1, 0), lambda w: [w.transpose(3, 2, 0, 1)])]
    if t.bias is not None:
        ties.append(Tie(k.bias, [t.bias], same, as_list))
    return ties


def batch_norm(t: nn.BatchNorm2d, k) -> list[Tie]:
    pairs = [(k.gamma, t.weight), (k.beta, t.bias), (k.moving_mean, t.running_mean),
             (k.moving_variance, t.running_var)]
    return [Tie(kv, [tv], same, as_list) for kv, tv in pairs]


def layer_norm(t: nn.LayerNorm, k) -> list[Tie]:
    return [Tie(k.gamma, [t.weight], same, as_list), Tie(k.beta, [t.bias], same, as_list)]


def embedding(t: nn.Embedding, k) -> list[Tie]:
    return [Tie(k.embeddings, [t.weight], same, as_list)]


def lstm(t: nn.LSTM, k) -> list[Tie]:
    # Both order the gates i, f, g (cell), o; Keras has one bias where PyTorch adds b_ih and b_hh.
    if t.num_layers != 1 or t.bidirectional:
        raise ValueError("only single-layer, one-way LSTMs pair with one Keras LSTM layer")
    cell = k.cell
    return [
        Tie(cell.kernel, [t.weight_ih_l0], transposed, transposed_list),
        Tie(cell.recurrent_kernel, [t.weight_hh_l0], transposed, transposed_list),
        Tie(cell.bias, [t.bias_ih_l0, t.bias_hh_l0], lambda b_ih, b_hh: b_ih + b_hh,
            lambda b: [b, np.zeros_like(b)]),
    ]


def attention(t: nn.MultiheadAttention, k) -> list[Tie]:
    # PyTorch stacks the q, k, v projections as rows of one (3d, d) matrix; Keras keeps one EinsumDense
    # per projection with kernel (d, heads, head_dim), and the output kernel as (heads, head_dim, d).
    d, heads = t.embed_dim, t.num_heads
    head_dim = d // heads
    ties = []
    for i, projection in enumerate((k.query_dense, k.key_dense, k.value_dense)):
        rows = slice(i * d, (i + 1) * d)
        ties.append(Tie(projection.kernel, [t.in_proj_weight[rows]],
                        lambda w: w.T.reshape(d, heads, head_dim), lambda w: [w.reshape(d, d).T]))
        ties.append(Tie(projection.bias, [t.in_proj_bias[rows]],
                        lambda b: b.reshape(heads, head_dim), lambda b: [b.reshape(d)]))
    out = k.output_dense
    ties.append(Tie(out.kernel, [t.out_proj.weight],
                    lambda w: w.T.reshape(heads, head_dim, d), lambda w: [w.reshape(d, d).T]))
    ties.append(Tie(out.bias, [t.out_proj.bias], same, as_list))
    return ties


# Checked in order: MultiheadAttention owns a Linear (out_proj) that must not pair on its own.
LAYER_TIES: list[tuple[type, Callable]] = [
    (nn.MultiheadAttention, attention),
    (nn.LSTM, lstm),
    (nn.Linear, dense),
    (nn.Conv2d, conv2d),
    (nn.BatchNorm2d, batch_norm),
    (nn.LayerNorm, layer_norm),
    (nn.Embedding, embedding),
]


def torch_layers(module: nn.Module, prefix: str = ""):
    """(path, layer) for every layer with weights, outermost first, not descending into paired layers."""
    for name, child in module.named_children():
        path = prefix + name
        if isinstance(child, tuple(kind for kind, _ in LAYER_TIES)):
            yield path, child
        else:
            yield from torch_layers(child, path + ".")


def keras_layer(model, path: str):
    layer = model
    try:
        for part in path.split("."):
            layer = layer[int(part)] if part.isdigit() else getattr(layer, part)
    except (AttributeError, IndexError):
        raise ValueError(f"the PyTorch layer {path} has no Keras counterpart") from None
    return layer


def ties(torch_model: nn.Module, keras_model) -> list[Tie]:
    """Every tie between the two models; raises unless they cover all weights of both exactly once."""
    found = []
    for path, t_layer in torch_layers(torch_model):
        make = next(make for kind, make in LAYER_TIES if isinstance(t_layer, kind))
        found += make(t_layer, keras_layer(keras_model, path))
    keras_tied = [tie.keras for tie in found]
    if {id(v) for v in keras_tied} != {id(v) for v in keras_model.weights} or len(keras_tied) != len(
            keras_model.weights):
        raise ValueError("the pairing leaves Keras weights untied or ties one twice")
    torch_tied = sum(t.numel() for tie in found for t in tie.torch)
    torch_total = sum(p.numel() for p in torch_model.parameters()) + sum(
        b.numel() for name, b in torch_model.named_buffers() if name.endswith(("running_mean", "running_var")))
    if torch_tied != torch_total:
        raise ValueError(f"the pairing ties {torch_tied} of {torch_total} PyTorch weights")
    for tie in found:
        expected = tuple(tie.keras.shape)
        got = tie.to_keras(*[t.detach().cpu().numpy() for t in tie.torch]).shape
        if got != expected:
            raise ValueError(f"layout mismatch: Keras {tie.keras.path} is {expected}, PyTorch gives {got}")
    return found


def torch_to_keras(torch_model: nn.Module, keras_model) -> None:
    for tie in ties(torch_model, keras_model):
        tie.keras.assign(tie.to_keras(*[t.detach().cpu().numpy() for t in tie.torch]))


@torch.no_grad()
def keras_to_torch(keras_model, torch_model: nn.Module) -> None:
    for tie in ties(torch_model, keras_model):
        for target, array in zip(tie.torch, tie.to_torch(np.asarray(tie.keras.numpy()))):
            target.copy_(torch.from_numpy(np.ascontiguousarray(array)))
