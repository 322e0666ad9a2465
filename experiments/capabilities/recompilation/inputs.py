"""The inputs a recompilation run feeds one training step, one change after another: a new batch size, a
second one, a new sequence length (sequence workloads), a new dtype, and at last the first input again.
Each change keeps the ones before it, as a user changing things in one session would."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from experiments.models import data
from experiments.models import hparams as hp

SEQUENCE_WORKLOADS = ("lstm", "transformer")
FIRST_BATCH_SIZES = {"linear": 64, "mlp": 32, "cnn": 8, "lstm": 8, "transformer": 8}
# The data arrives in another dtype and the step casts it to the model's: NumPy's default float for
# features, 32-bit ids (as many tokenizers give) for tokens.
CHANGED_DTYPES = {"float32": "float64", "int64": "int32"}
# The kinds of change, in the order they are made; each keeps the changes before it.
KINDS = ("batch_size", "batch_size_again", "seq_len", "dtype", "first_input_again")


@dataclass(frozen=True)
class Input:
    batch_size: int
    seq_len: int | None  # sequence workloads only
    dtype: str  # NumPy's name for the dtype of the inputs (the targets keep theirs)


@dataclass(frozen=True)
class Change:
    name: str
    input: Input


def model_dtype(workload: str) -> str:
    """The dtype the workload's model takes its inputs in."""
    x, _ = data.batch(workload, hp.WORKLOADS[workload](), 1, 0)
    return str(x.dtype)


def changes(workload: str, kinds: tuple[str, ...] = KINDS) -> list[Change]:
    """The first input (named `initial`), then one per kind of change in KINDS' order; `seq_len` is made
    for the sequence workloads only."""
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kinds of change {unknown}: choose from {', '.join(KINDS)}")
    params = hp.WORKLOADS[workload]()
    first = Input(FIRST_BATCH_SIZES[workload], params.seq_len if workload in SEQUENCE_WORKLOADS else None,
                  model_dtype(workload))
    made = [Change("initial", first)]
    for kind in KINDS:
        if kind in kinds and (kind != "seq_len" or first.seq_len is not None):
            made.append(Change(kind, _changed(kind, made[-1].input, first)))
    return made


def _changed(kind: str, now: Input, first: Input) -> Input:
    if kind == "batch_size":
        return dataclasses.replace(now, batch_size=2 * first.batch_size)
    if kind == "batch_size_again":
        return dataclasses.replace(now, batch_size=first.batch_size // 2)
    if kind == "seq_len":  # shorter: the transformer's position embedding covers seq_len positions at most
        return dataclasses.replace(now, seq_len=first.seq_len // 2)
    if kind == "dtype":
        return dataclasses.replace(now, dtype=CHANGED_DTYPES[first.dtype])
    return first  # first_input_again


def batch(workload: str, given: Input, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) of the given input's shape, the inputs in its dtype."""
    params = hp.WORKLOADS[workload]()
    if given.seq_len is not None:
        params = dataclasses.replace(params, seq_len=given.seq_len)
    x, y = data.batch(workload, params, given.batch_size, seed)
    return x.astype(given.dtype), y
