"""Frameworks taking turns block by block, the ratios of adjacent blocks, and the `framework_speed_ratio` view."""
import math
import statistics
from datetime import datetime, timezone
from itertools import pairwise

import numpy as np
import pytest

from experiments.models import hparams as hp
from experiments.timing import pairs, plan, results, stats
from experiments.timing.plan import Variant
from warehouse import db
from warehouse.load.experiments import load_results

TF_MODES = ("eager", "function", "xla")
TORCH_MODES = ("eager", "compile")


def variant(framework, mode, phase="train"):
    return Variant("mlp", framework, mode, phase, "fp32", 64)


@pytest.mark.parametrize("tf_modes, torch_modes", [(TF_MODES, TORCH_MODES), (TF_MODES, ("eager",)),
                                                   (("eager",), TORCH_MODES), (("eager", "xla"), TORCH_MODES),
                                                   (("xla",), ("compile",))])
def test_a_round_alternates_the_frameworks_and_puts_every_mode_next_to_every_other(tf_modes, torch_modes):
    tf = [variant("tensorflow", m) for m in tf_modes]
    torch = [variant("torch", m) for m in torch_modes]
    chain = pairs.order(tf + torch)
    assert all(a.framework != b.framework for a, b in pairwise(chain))
    assert {frozenset(p) for p in pairwise(chain)} == {frozenset((t, p)) for t in tf for p in torch}
    assert set(chain) == set(tf + torch)


def test_the_full_set_of_modes_takes_seven_blocks_a_round():
    assert len(pairs.order([variant("tensorflow", m) for m in TF_MODES] +
                           [variant("torch", m) for m in TORCH_MODES])) == 7


def test_one_framework_alone_is_timed_once_per_variant():
    alone = [variant("torch", m) for m in TORCH_MODES]
    assert pairs.order(alone) == alone


def test_only_blocks_timed_one_right_after_the_other_give_a_ratio():
    tf, torch, torch_compiled = variant("tensorflow", "eager"), variant("torch", "eager"), variant("torch", "compile")
    blocks = [(0, torch, 1.0), (1, tf, 3.0), (2, torch_compiled, 2.0),  # two pairs
              (4, tf, 5.0),  # 3 was another configuration's block: no pair across the gap
              (5, tf, 4.0),  # same framework: no pair
              (6, torch, 2.0)]
    assert pairs.ratios(blocks) == {(tf, torch): [3.0, 2.0], (tf, torch_compiled): [1.5]}


def drifting_run(rounds=40, seed=0):
    """Blocks of a machine whose speed drifts by +-30 % over the run with 2 % noise per block, where
    TensorFlow's eager step takes twice PyTorch's and its XLA step half."""
    rng = np.random.default_rng(seed)
    true_ms = {variant("tensorflow", "eager"): 2.0, variant("tensorflow", "xla"): 0.5, variant("torch", "eager"): 1.0}
    chain = pairs.order(list(true_ms))
    timed = {v: [] for v in true_ms}
    position = 0
    for round_ in range(rounds):
        for v in chain if round_ % 2 == 0 else chain[::-1]:
            speed = 1 + 0.3 * math.sin(position / 15)
            timed[v].append((position, true_ms[v] * speed * (1 + 0.02 * rng.standard_normal()) / 1e3))
            position += 1
    return timed


def test_the_ratios_hold_while_the_machine_drifts():
    timed = drifting_run()
    ratios = pairs.ratios([(position, v, s) for v, blocks in timed.items() for position, s in blocks])
    eager = ratios[variant("tensorflow", "eager"), variant("torch", "eager")]
    assert statistics.median(eager) == pytest.approx(2.0, rel=0.02)
    assert stats.median_rel_error(eager) < 0.03
    assert statistics.median(ratios[variant("tensorflow", "xla"), variant("torch", "eager")]) == pytest.approx(
        0.5, rel=0.02)
    torch_steps = [s for _, s in timed[variant("torch", "eager")]]
    assert stats.summarize(torch_steps)["cv"] > 0.15  # while each framework's own step time drifts


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def test_the_view_pairs_the_stored_blocks_as_the_runner_does(con, tmp_path):
    timed = drifting_run(rounds=25)
    ctx = results.RunContext("run-1", datetime(2026, 11, 1, tzinfo=timezone.utc), plan.QUICK, "cpu", "Test CPU", 2,
                             {})
    prepared = {"first_call_s": 0.1, "block_steps": 10, "peak_mem_mb": 100.0, "mem_source": "rss"}
    rows = [results.row(ctx, v, hp.MLP(), "ok", None, {"passed": True}, prepared=prepared,
                        samples_s=[s for _, s in blocks], samples_seq=[p for p, _ in blocks])
            for v, blocks in timed.items()]
    load_results(con, results.read(results.write(rows, tmp_path, ctx)))
    view = con.execute("SELECT tensorflow_mode, torch_mode, phase, ratio, ci_low, ci_high, rel_error, pairs "
                       "FROM framework_speed_ratio ORDER BY tensorflow_mode").fetchall()
    expected = []
    for (tf, torch), ratios in sorted(pairs.ratios([(p, v, s) for v, blocks in timed.items() for p, s in blocks]
                                                   ).items(), key=lambda item: item[0][0].mode):
        low, high = stats.median_interval(ratios)
        expected.append((tf.mode, torch.mode, "train", pytest.approx(statistics.median(ratios)), pytest.approx(low),
                         pytest.approx(high), pytest.approx(stats.median_rel_error(ratios)), len(ratios)))
    assert view == expected
