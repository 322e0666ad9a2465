"""The user's training step (user_torch, user_keras) run once in one mode, the way each framework's guides
run it, so that its deliberate bug raises. Each function imports its framework when called: it runs in
that framework's process only."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Callable

from experiments import frameworks
from experiments.capabilities.debugging import tracebacks

USER_CODE = {"torch": "experiments.capabilities.debugging.user_torch",
             "tensorflow": "experiments.capabilities.debugging.user_keras"}
BATCH = 8
SEED = 0


def user_file(framework: str) -> Path:
    """The user's file, found without importing it (and so without importing its framework)."""
    return Path(importlib.util.find_spec(USER_CODE[framework]).origin)


def shown(framework: str, mode: str, device: str) -> dict:
    """What the error raised by the bug shows (tracebacks.shown). Raises RuntimeError if nothing raised."""
    if mode not in frameworks.MODES[framework]:
        raise ValueError(f"{framework} has no mode {mode!r}")
    step, arguments = STEPS[framework](mode, device)
    path = user_file(framework)
    try:
        step(*arguments)
    except Exception as error:  # the bug's error, whatever type the framework gives it
        return tracebacks.shown(error, path, tracebacks.bug_line(path))
    raise RuntimeError("the deliberate bug raised no error")


def torch_step(mode: str, device: str) -> tuple[Callable, tuple]:
    import torch

    from experiments.capabilities.debugging import user_torch as user
    torch.manual_seed(SEED)
    model = user.Classifier().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(BATCH, user.FEATURES, device=device)
    y = torch.randint(0, user.CLASSES, (BATCH,), device=device)
    step = torch.compile(user.train_step) if mode == "compile" else user.train_step
    return step, (model, optimizer, x, y)


def keras_step(mode: str, device: str) -> tuple[Callable, tuple]:
    import keras
    import tensorflow as tf

    from experiments.capabilities.debugging import user_keras as user
    keras.utils.set_random_seed(SEED)
    model = user.Classifier()
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    with tf.device("/GPU:0" if device == "cuda" else "/CPU:0"):
        x = tf.random.normal((BATCH, user.FEATURES))
        y = tf.random.uniform((BATCH,), maxval=user.CLASSES, dtype=tf.int64)
    step = user.train_step if mode == "eager" else tf.function(user.train_step, jit_compile=mode == "xla")
    return step, (model, optimizer, x, y)


STEPS = {"torch": torch_step, "tensorflow": keras_step}
