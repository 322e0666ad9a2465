"""The workloads as PyTorch modules (NCHW images), with their loss and optimizer.

Attribute names match `keras_models` one for one: weight copying pairs layers by these names."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from experiments.models import hparams as hp


class Linear(nn.Module):
    def __init__(self, p: hp.Linear):
        super().__init__()
        self.linear = nn.Linear(p.features, p.outputs)

    def forward(self, x):
        return self.linear(x)


class MLP(nn.Module):
    def __init__(self, p: hp.MLP):
        super().__init__()
        sizes = [math.prod(p.image_shape), *p.hidden]
        self.hidden = nn.ModuleList(nn.Linear(n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:]))
        self.head = nn.Linear(sizes[-1], p.classes)

    def forward(self, images):
        x = images.flatten(1)
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.head(x)


def batch_norm(channels: int, p: hp.CNN) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=p.bn_eps, momentum=1 - p.bn_decay)


class BasicBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int, p: hp.CNN):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, padding=1, bias=False)
        self.bn1 = batch_norm(c_out, p)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, padding=1, bias=False)
        self.bn2 = batch_norm(c_out, p)
        self.projection = stride != 1 or c_in != c_out
        if self.projection:
            self.shortcut_conv = nn.Conv2d(c_in, c_out, 1, stride, bias=False)
            self.shortcut_bn = batch_norm(c_out, p)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = self.shortcut_bn(self.shortcut_conv(x)) if self.projection else x
        return F.relu(out + shortcut)


class ResNet(nn.Module):
    def __init__(self, p: hp.CNN):
        super().__init__()
        self.stem_conv = nn.Conv2d(p.image_shape[-1], p.widths[0], 3, padding=1, bias=False)
        self.stem_bn = batch_norm(p.widths[0], p)
        c_in, blocks = p.widths[0], []
        for stage, width in enumerate(p.widths):
            blocks.append(BasicBlock(c_in, width, 1 if stage == 0 else 2, p))
            c_in = width
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Linear(c_in, p.classes)

    def forward(self, images):
        x = F.relu(self.stem_bn(self.stem_conv(images)))
        for block in self.blocks:
            x = block(x)
        return self.head(x.mean(dim=(2, 3)))


class LSTMClassifier(nn.Module):
    def __init__(self, p: hp.LSTM):
        super().__init__()
        self.embedding = nn.Embedding(p.vocab, p.embed)
        self.lstm = nn.LSTM(p.embed, p.hidden, batch_first=True)
        # PyTorch adds two biases (b_ih + b_hh) where Keras has one: training both would move their sum
        # twice as fast. b_hh stays zero and frozen, so both models train the same single bias.
        self.lstm.bias_hh_l0.requires_grad_(False)
        with torch.no_grad():
            self.lstm.bias_hh_l0.zero_()
        self.head = nn.Linear(p.hidden, p.classes)

    def forward(self, tokens):
        states, _ = self.lstm(self.embedding(tokens))
        return self.head(states[:, -1])


class DecoderBlock(nn.Module):
    def __init__(self, p: hp.Transformer):
        super().__init__()
        self.ln1 = nn.LayerNorm(p.d_model, eps=p.ln_eps)
        self.attn = nn.MultiheadAttention(p.d_model, p.heads, batch_first=True)
        self.ln2 = nn.LayerNorm(p.d_model, eps=p.ln_eps)
        self.ff1 = nn.Linear(p.d_model, p.ff)
        self.ff2 = nn.Linear(p.ff, p.d_model)

    def forward(self, x, causal_mask):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=causal_mask, need_weights=False, is_causal=True)[0]
        return x + self.ff2(F.gelu(self.ff1(self.ln2(x))))


class DecoderLM(nn.Module):
    def __init__(self, p: hp.Transformer):
        super().__init__()
        self.token_embedding = nn.Embedding(p.vocab, p.d_model)
        self.position_embedding = nn.Embedding(p.seq_len, p.d_model)
        self.blocks = nn.ModuleList(DecoderBlock(p) for _ in range(p.layers))
        self.ln_f = nn.LayerNorm(p.d_model, eps=p.ln_eps)
        self.head = nn.Linear(p.d_model, p.vocab)
        # True above the diagonal: position t attends to positions <= t only.
        self.register_buffer("causal_mask", torch.ones(p.seq_len, p.seq_len, dtype=torch.bool).triu(1),
                             persistent=False)

    def forward(self, tokens):
        length = tokens.shape[1]
        positions = torch.arange(length, device=tokens.device)
        x = self.token_embedding(tokens) + self.position_embedding(positions)
        mask = self.causal_mask[:length, :length]
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.ln_f(x))


MODELS = {
    hp.Linear: Linear,
    hp.MLP: MLP,
    hp.CNN: ResNet,
    hp.LSTM: LSTMClassifier,
    hp.Transformer: DecoderLM,
}


def build(params) -> nn.Module:
    return MODELS[type(params)](params)


def inputs(params, x, y, device) -> tuple[torch.Tensor, torch.Tensor]:
    """NumPy batch -> tensors on `device`; images go from height x width x channels to NCHW."""
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    if isinstance(params, hp.CNN):
        x = x.permute(0, 3, 1, 2).contiguous()
    return x.to(device), y.to(device)


def loss(params, outputs, targets):
    if isinstance(params, hp.Linear):
        return F.mse_loss(outputs, targets)
    return F.cross_entropy(outputs.flatten(0, -2), targets.flatten())


def optimizer(spec: hp.Optimizer, parameters) -> torch.optim.Optimizer:
    if spec.name == "sgd":
        return torch.optim.SGD(parameters, lr=spec.lr, momentum=spec.momentum)
    if spec.name == "adam":
        return torch.optim.Adam(parameters, lr=spec.lr, betas=(spec.beta1, spec.beta2), eps=spec.eps)
    raise ValueError(f"unknown optimizer {spec.name!r}")


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def loss_of(model: nn.Module, params, autocast):
    """forward(x, y) -> loss; `autocast()` sets the precision (a null context for plain float32)."""
    def forward(x, y):
        with autocast():
            return loss(params, model(x), y)
    return forward


def training_step(forward, opt: torch.optim.Optimizer, update=None):
    """step(x, y) -> loss: forward, backward and one optimizer update (`update`, default `opt.step`)."""
    update = update or opt.step

    def step(x, y):
        opt.zero_grad(set_to_none=True)
        value = forward(x, y)
        value.backward()
        update()
        return value.detach()
    return step


def inference_step(model: nn.Module, autocast):
    def step(x):
        with torch.no_grad(), autocast():
            return model(x)
    return step
