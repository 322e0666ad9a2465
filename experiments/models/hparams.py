"""The one hyper-parameter definition both frameworks build their models and optimizers from."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Optimizer:
    name: str  # sgd | adam
    lr: float
    momentum: float = 0.0
    beta1: float = 0.9
    beta2: float = 0.999
    # Keras defaults to 1e-7, PyTorch to 1e-8: both get this one. Keras adds it to sqrt(v) before the
    # bias correction, PyTorch after; for gradients far above eps the updates agree.
    eps: float = 1e-10


@dataclass(frozen=True)
class Linear:
    """y = w x + b: the article's example, nearly no arithmetic, so the step time is framework overhead."""
    features: int = 1
    outputs: int = 1
    optimizer: Optimizer = Optimizer("sgd", lr=0.01)


@dataclass(frozen=True)
class MLP:
    image_shape: tuple[int, ...] = (28, 28)  # MNIST
    hidden: tuple[int, ...] = (512, 256)
    classes: int = 10
    optimizer: Optimizer = Optimizer("sgd", lr=0.01, momentum=0.9)


@dataclass(frozen=True)
class CNN:
    """A small ResNet: a 3x3 stem, then one basic block per stage, each later stage halving the size."""
    image_shape: tuple[int, ...] = (32, 32, 3)  # CIFAR, height x width x channels
    widths: tuple[int, ...] = (16, 32, 64)
    classes: int = 10
    # running = decay * running + (1 - decay) * batch: Keras calls decay `momentum`, PyTorch's momentum is 1 - decay.
    bn_decay: float = 0.9
    bn_eps: float = 1e-5
    optimizer: Optimizer = Optimizer("sgd", lr=0.01, momentum=0.9)


@dataclass(frozen=True)
class LSTM:
    vocab: int = 5000
    seq_len: int = 64
    embed: int = 64
    hidden: int = 128
    classes: int = 2
    optimizer: Optimizer = Optimizer("adam", lr=1e-3)


@dataclass(frozen=True)
class Transformer:
    """A decoder-only language model: pre-norm blocks of causal self-attention and a GELU feed-forward."""
    vocab: int = 2000
    seq_len: int = 64
    d_model: int = 128
    heads: int = 4
    layers: int = 2
    ff: int = 512
    ln_eps: float = 1e-5
    optimizer: Optimizer = Optimizer("adam", lr=1e-3)


WORKLOADS: dict[str, type] = {
    "linear": Linear,
    "mlp": MLP,
    "cnn": CNN,
    "lstm": LSTM,
    "transformer": Transformer,
}


def defaults() -> dict[str, object]:
    return {name: cls() for name, cls in WORKLOADS.items()}


def to_dict(hp) -> dict:
    return asdict(hp)


def from_dict(workload: str, values: dict):
    """Rebuilds a workload's hyper-parameters from `to_dict` output (how they travel to worker processes)."""
    cls = WORKLOADS[workload]
    kwargs = {}
    for f in fields(cls):
        value = values[f.name]
        if f.name == "optimizer":
            value = Optimizer(**value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)
