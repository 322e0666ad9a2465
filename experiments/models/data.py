"""Synthetic batches of the real datasets' shapes, as NumPy arrays both frameworks start from.

Images are height x width x channels, as the datasets ship; each framework puts them in its own layout."""
from __future__ import annotations

import numpy as np

from experiments.models import hparams as hp

# The line the `linear` workload recovers, as in the article's example.
TRUE_W = 3.0
TRUE_B = 2.0


def batch(workload: str, params, batch_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) for one step: float32 features or int64 token ids, float32 or int64 targets."""
    rng = np.random.default_rng(seed)
    if isinstance(params, hp.Linear):
        x = rng.standard_normal((batch_size, params.features), dtype=np.float32)
        noise = 0.1 * rng.standard_normal((batch_size, params.outputs), dtype=np.float32)
        y = TRUE_W * x.sum(axis=1, keepdims=True) + TRUE_B + noise
        return x, y.astype(np.float32)
    if isinstance(params, (hp.MLP, hp.CNN)):
        # Pixel intensities in [0, 1], as after the usual /255 scaling.
        x = rng.random((batch_size, *params.image_shape), dtype=np.float32)
        return x, rng.integers(0, params.classes, size=batch_size, dtype=np.int64)
    if isinstance(params, hp.LSTM):
        tokens = rng.integers(0, params.vocab, size=(batch_size, params.seq_len), dtype=np.int64)
        return tokens, rng.integers(0, params.classes, size=batch_size, dtype=np.int64)
    if isinstance(params, hp.Transformer):
        # Next-token prediction: targets are the inputs shifted left by one.
        tokens = rng.integers(0, params.vocab, size=(batch_size, params.seq_len + 1), dtype=np.int64)
        return tokens[:, :-1].copy(), tokens[:, 1:].copy()
    raise TypeError(f"no data source for {type(params).__name__}")
