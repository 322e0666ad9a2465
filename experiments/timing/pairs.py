"""TensorFlow's step time over PyTorch's, from blocks timed one right after the other.

Both frameworks' processes stay alive and take turns, one timed block at a time. Two adjacent blocks
of different frameworks ran under the same machine conditions, so their ratio is free of the drift in
the machine's speed that the two frameworks' own step times carry. The warehouse view
`framework_speed_ratio` pairs the stored blocks by the same rule."""
from __future__ import annotations

from itertools import pairwise

from experiments.timing.plan import Variant

NUMERATOR, DENOMINATOR = "tensorflow", "torch"
# (position in the run's sequence of timed blocks, the variant timed, seconds per step)
Block = tuple[int, Variant, float]


def order(variants: list[Variant]) -> list[Variant]:
    """One round of a configuration's blocks: the frameworks alternate, and every TensorFlow mode comes
    next to every PyTorch mode, walking the grid of pairs as a snake does (p0 t0 p1 t1 p0 t2 p1 for two
    PyTorch and three TensorFlow modes). Variants of one framework only are each timed once."""
    tops = [v for v in variants if v.framework == NUMERATOR]
    bottoms = [v for v in variants if v.framework == DENOMINATOR]
    if not tops or not bottoms:
        return list(variants)
    blocks = [bottoms[0]]
    for i, top in enumerate(tops):
        row = bottoms if i % 2 == 0 else bottoms[::-1]  # each row starts where the last one ended
        for bottom in row[1:] or row:
            blocks += [top, bottom]
    return blocks


def ratios(blocks: list[Block]) -> dict[tuple[Variant, Variant], list[float]]:
    """Per (TensorFlow variant, PyTorch variant) of one configuration: the ratio of every two of its
    blocks timed one right after the other."""
    out: dict[tuple[Variant, Variant], list[float]] = {}
    ordered = sorted(blocks, key=lambda block: block[0])
    for (position, a, a_s), (next_position, b, b_s) in pairwise(ordered):
        if next_position != position + 1 or a.framework == b.framework:
            continue
        (top, top_s), (bottom, bottom_s) = ((a, a_s), (b, b_s)) if a.framework == NUMERATOR else ((b, b_s), (a, a_s))
        out.setdefault((top, bottom), []).append(top_s / bottom_s)
    return out
