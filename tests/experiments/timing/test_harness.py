"""The timing harness on steps of known duration, and the statistics it reports."""
import queue
import statistics
import threading
import time

import numpy as np
import pytest

from experiments.timing import harness, stats

STEP_S = 0.002


def busy_wait(seconds: float) -> None:
    # Spinning, not sleeping: sleep overshoots by a scheduler tick, which is what we would then measure.
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def no_sync() -> None:
    pass


def measure(step, sync, min_block_s=0.02, repeats=9):
    steps = harness.calibrate(step, sync, min_block_s, max_steps=10_000)
    return [harness.repeat(step, sync, steps) for _ in range(repeats)], steps


def test_a_step_of_known_duration_is_measured_within_5_percent():
    samples, _ = measure(lambda: busy_wait(STEP_S), no_sync)
    assert stats.summarize(samples)["median"] == pytest.approx(STEP_S, rel=0.05)


def test_first_call_is_timed_apart_from_the_steady_state():
    calls = []

    def step():
        calls.append(None)
        busy_wait(0.2 if len(calls) == 1 else STEP_S)  # the first call "compiles"

    first = harness.first_call(step, no_sync)
    samples, _ = measure(step, no_sync)
    assert first == pytest.approx(0.2, rel=0.05)
    assert stats.summarize(samples)["median"] == pytest.approx(STEP_S, rel=0.05)


class AsyncDevice:
    """Work is queued and done on another thread, as a GPU stream does; synchronize() waits for it."""

    def __init__(self):
        self.work = queue.Queue()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            seconds = self.work.get()
            busy_wait(seconds)
            self.work.task_done()

    def launch(self):
        self.work.put(STEP_S)

    def synchronize(self):
        self.work.join()


def test_steps_that_return_before_the_device_finishes_are_timed_by_their_work():
    device = AsyncDevice()
    samples, _ = measure(device.launch, device.synchronize)
    assert stats.summarize(samples)["median"] == pytest.approx(STEP_S, rel=0.05)


def test_blocks_are_calibrated_to_last_the_minimum_time():
    samples, steps = measure(lambda: busy_wait(0.0005), no_sync, min_block_s=0.02)
    assert steps * stats.summarize(samples)["median"] >= 0.02
    assert steps * 0.0005 < 0.02 * 2 + 0.0005  # doubled no further than needed


def test_percentiles_match_numpy():
    values = [3.0, 1.0, 4.0, 1.5, 9.0, 2.6, 5.3]
    ordered = sorted(values)
    for q in (0.0, 0.1, 0.5, 0.9, 1.0):
        assert stats.percentile(ordered, q) == pytest.approx(np.percentile(values, q * 100))


def test_summary_of_repeats():
    values = [1.0, 1.1, 0.9, 1.05, 0.95]
    summary = stats.summarize(values)
    assert summary["median"] == 1.0
    assert summary["cv"] == pytest.approx(statistics.stdev(values) / statistics.fmean(values))
    assert summary["p10"] < summary["median"] < summary["p90"]


def test_the_median_interval_narrows_with_more_repeats():
    rng = np.random.default_rng(0)
    few = list(1 + 0.05 * rng.standard_normal(5))
    many = list(1 + 0.05 * rng.standard_normal(200))
    assert stats.median_rel_error(many) < stats.median_rel_error(few)
    # 200 draws with sd 5 %: the median's 95 % half-width is about 1.25 * 1.96 * 5 % / sqrt(200).
    assert stats.median_rel_error(many) == pytest.approx(1.2533 * 1.96 * 0.05 / np.sqrt(200), rel=0.35)
    assert stats.median_rel_error([2.0] * 7) == 0


def test_a_process_hands_over_only_once_its_threads_stop_spinning():
    # As OpenMP workers do after a parallel region: one thread spins on for a while, then sleeps.
    spinner = threading.Thread(target=busy_wait, args=(0.1,))
    started = time.perf_counter()
    spinner.start()
    harness.wait_until_idle()
    assert time.perf_counter() - started >= 0.1
    spinner.join()
    started = time.perf_counter()
    harness.wait_until_idle()
    assert time.perf_counter() - started < 0.05
