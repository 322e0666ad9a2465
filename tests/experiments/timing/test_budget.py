"""Repeating a configuration's rounds: at least min_repeats, then until its ratios are known to the target, the
repeat limit, or the profile's time budget for a configuration, whichever comes first."""
import dataclasses
import time
from types import SimpleNamespace

import pytest

from experiments.timing import plan, runner
from experiments.timing.plan import Variant

BLOCK_S = 0.005
NEVER_SETTLES = dataclasses.replace(plan.QUICK, min_repeats=3, max_repeats=400, target_ratio_error=0.0,
                                    target_rel_error=0.0)


class SteadyWorker:
    """A framework process whose every block takes BLOCK_S and reports a slightly different step time."""

    def __init__(self):
        self.blocks = 0

    def request(self, message, timeout_s):
        time.sleep(BLOCK_S)
        self.blocks += 1
        return {"step_s": 0.001 * (1 + 0.01 * (self.blocks % 7))}


def rounds(profile: plan.Profile) -> int:
    session = runner.Session(SimpleNamespace(profile=profile), {}, 0, print)
    session.workers = {"torch": SteadyWorker(), "tensorflow": SteadyWorker()}
    live = {Variant("mlp", framework, "eager", "train", "fp32", 64): {} for framework in ("torch", "tensorflow")}
    timed = session.repeat(live, {})
    tensorflow, = (blocks for variant, blocks in timed.items() if variant.framework == "tensorflow")
    return len(tensorflow)  # a block a round; PyTorch's one variant is timed on both sides of it


def test_a_configuration_stops_once_its_rounds_have_taken_the_budget():
    assert 3 < rounds(dataclasses.replace(NEVER_SETTLES, max_configuration_s=0.1)) < 40


def test_the_budget_never_cuts_below_the_minimum_rounds():
    assert rounds(dataclasses.replace(NEVER_SETTLES, max_configuration_s=0.0)) == 3


@pytest.mark.parametrize("budget", [float("inf"), 60.0])
def test_without_reaching_the_budget_the_repeat_limit_ends_it(budget):
    assert rounds(dataclasses.replace(NEVER_SETTLES, max_repeats=6, max_configuration_s=budget)) == 6
