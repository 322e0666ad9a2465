"""The machine's own steadiness, the reference for every timing target: one fixed pure-Python loop timed again
and again for about half a minute on an otherwise idle machine. On a shared virtual machine its time can vary
twofold within a minute (the host's other guests, frequency changes), which no pairing of measurements cancels
below that scale; a spread near 1.0x means timings here are the code's."""
from __future__ import annotations

import os
import statistics
import time

LOOP = 2_000_000
SAMPLES = 40
PAUSE_S = 0.5


def loop_seconds() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(LOOP):
        total += i
    return time.perf_counter() - started


def main() -> None:
    load = os.getloadavg()[0]
    samples = []
    for _ in range(SAMPLES):
        samples.append(loop_seconds())
        time.sleep(PAUSE_S)
    fastest, slowest = min(samples), max(samples)
    print(f"machine: a fixed loop of {LOOP:,} additions, {SAMPLES} times over {sum(samples) + SAMPLES * PAUSE_S:.0f} s "
          f"(load average {load:.1f} at the start): {fastest * 1e3:.0f} ms fastest, "
          f"{statistics.median(samples) * 1e3:.0f} ms median, {slowest * 1e3:.0f} ms slowest, "
          f"a {slowest / fastest:.2f}x spread (1.00x: a steady machine)")


if __name__ == "__main__":
    main()
