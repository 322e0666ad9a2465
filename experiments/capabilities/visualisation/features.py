"""The features the article lists for TensorBoard and Visdom (V2, V3), what each tool is asked to show, and
how one feature's attempt becomes a result: supported only when what was written is read back.

Runs in a framework's process (no framework imported here)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

# In the article's order: metrics, the computational graph, weights over time, images, text, audio,
# profiling (V2); callbacks (V3).
FEATURES = ("scalars", "graph", "histograms", "images", "text", "audio", "profiler_trace", "callbacks")
STATUSES = ("supported", "unsupported", "failed", "not_run")

# What every tool logs: a few training steps of the mlp workload, whose inputs are greyscale images.
WORKLOAD = "mlp"
STEPS = 5
BATCH_SIZE = 8
IMAGES = 4
SEED = 0
NOTE = "fwtrends: a few training steps of the mlp workload"
SAMPLE_RATE = 16_000
TONE_HZ = 440.0
TONE_S = 0.25


def tone() -> np.ndarray:
    """A quarter-second 440 Hz sine in [-1, 1], float32: the audio every tool is given."""
    t = np.arange(int(SAMPLE_RATE * TONE_S), dtype=np.float32) / SAMPLE_RATE
    return (0.5 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)


# Writes a feature and reads it back: (things written, things read back intact, what was read).
Attempt = Callable[[], tuple[int, int, str | None]]


class Unsupported(Exception):
    """The tool cannot express the feature: raised with the reason, and what was written and read back
    when trying showed it."""

    def __init__(self, reason: str, written: int | None = None, read_back: int | None = None):
        super().__init__(reason)
        self.written, self.read_back = written, read_back


def attempt_all(attempts: dict[str, tuple[str, Attempt]], unsupported: dict[str, str] | None = None) -> list[dict]:
    """One result per feature of FEATURES, in order: `unsupported` maps a feature the tool has no API for
    to the reason; every other feature is attempted (its API, attempt) and counts as supported only when
    all it wrote was read back. One feature failing does not stop the others."""
    unsupported = unsupported or {}
    results = []
    for feature in FEATURES:
        if feature in unsupported:
            results.append(_result(feature, None, "unsupported", unsupported[feature]))
            continue
        api, attempt = attempts[feature]
        try:
            written, read_back, detail = attempt()
        except Unsupported as exc:
            results.append(_result(feature, api, "unsupported", str(exc), exc.written, exc.read_back))
        except Exception as exc:  # this feature failed; the others still run
            results.append(_result(feature, api, "failed", f"{type(exc).__name__}: {exc}"[:500]))
        else:
            ok = written > 0 and read_back == written
            results.append(_result(feature, api, "supported" if ok else "failed",
                                   None if ok else f"wrote {written}, read back {read_back}",
                                   written, read_back, detail))
    return results


def _result(feature: str, api: str | None, status: str, reason: str | None, written: int | None = None,
            read_back: int | None = None, detail: str | None = None) -> dict:
    return {"feature": feature, "api": api, "status": status, "reason": reason, "written": written,
            "read_back": read_back, "detail": detail}
