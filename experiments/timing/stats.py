"""Summaries of repeated step-time samples, and how precisely they pin down the median."""
from __future__ import annotations

import math
import statistics

Z95 = 1.959964


def percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (NumPy's default), q in [0, 1]."""
    position = q * (len(sorted_values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def median_interval(values: list[float]) -> tuple[float, float]:
    """The distribution-free 95 % confidence interval of the median, from order statistics: needs no
    assumption about the shape of the timing distribution."""
    n = len(values)
    ordered = sorted(values)
    half = Z95 * math.sqrt(n) / 2
    low = max(round(n / 2 - half), 1)
    high = min(round(n / 2 + 1 + half), n)
    return ordered[low - 1], ordered[high - 1]


def median_rel_error(values: list[float]) -> float:
    """Half-width of the median's 95 % confidence interval, relative to the median."""
    low, high = median_interval(values)
    return (high - low) / 2 / statistics.median(values)


def summarize(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    mean = statistics.fmean(ordered)
    return {
        "median": statistics.median(ordered),
        "p10": percentile(ordered, 0.10),
        "p90": percentile(ordered, 0.90),
        "cv": statistics.stdev(ordered) / mean if len(ordered) > 1 else math.nan,
        "rel_error": median_rel_error(ordered),
    }
