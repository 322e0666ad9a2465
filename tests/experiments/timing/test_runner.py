"""The measuring run end to end on tiny sizes: real framework processes, real equivalence checks."""
import dataclasses

import pytest

from experiments import machine
from experiments.frameworks import MODES
from experiments.models import hparams as hp
from experiments.timing import pairs, plan, runner
from experiments.timing.plan import Variant

pytest.importorskip("torch")
pytest.importorskip("tensorflow")

pytestmark = pytest.mark.slow

TINY = plan.Profile(
    name="test",
    batch_sizes={name: (4,) for name in hp.WORKLOADS},
    warmup_steps=1,
    min_block_s=0.005,
    max_block_steps=1000,
    min_repeats=3,
    max_repeats=3,
    target_ratio_error=1.0,
    target_rel_error=1.0,
    precisions=("fp32",),
)


def by_key(rows, precision="fp32"):
    return {(r["framework"], r["mode"], r["phase"]): r for r in rows if r["precision"] == precision}


@pytest.fixture
def tensorflow_missing(tmp_path, monkeypatch):
    """An environment where `import tensorflow` fails, as where it was never installed."""
    shadow = tmp_path / "shadow" / "tensorflow"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("No module named \'tensorflow\' (hidden by the test)")\n')
    monkeypatch.setenv("PYTHONPATH", str(shadow.parent))


def test_a_missing_framework_is_reported_and_the_other_still_measured(tensorflow_missing):
    both = dataclasses.replace(TINY, precisions=plan.PRECISIONS)
    _, all_rows = runner.run(both, workloads=["linear"], modes=["eager"], device="cpu", threads=1, log=print)
    rows = by_key(all_rows)
    for phase in plan.PHASES:
        tf_row = rows["tensorflow", "eager", phase]
        assert tf_row["status"] == "not_run"
        assert "tensorflow is not importable" in tf_row["reason"]
        assert tf_row.get("step_ms_median") is None
        torch_row = rows["torch", "eager", phase]
        assert torch_row["status"] == "ok"
        assert torch_row["step_ms_median"] > 0
        # Unchecked, not failed: there was nothing to compare against.
        assert torch_row["equivalent"] is None
        assert "unchecked" in torch_row["equivalence_reason"]
        # bf16 runs where the CPU does it natively, and is otherwise listed as not run, with the reason.
        bf16 = by_key(all_rows, "bf16")["torch", "eager", phase]
        if machine.cpu_bf16_flags():
            assert bf16["status"] == "ok"
        else:
            assert bf16["status"] == "not_run" and "no native bf16" in bf16["reason"]


@pytest.mark.skipif(bool(machine.nvidia_gpus()), reason="this machine has a GPU")
def test_without_a_gpu_cuda_runs_are_recorded_as_not_run_never_as_cpu_numbers():
    _, rows = runner.run(TINY, workloads=["linear"], modes=["eager"], device="cuda", threads=1, log=print)
    rows = by_key(rows).values()
    assert {r["framework"] for r in rows} == {"torch", "tensorflow"}
    for row in rows:
        assert row["device"] == "cuda"
        assert row["status"] == "not_run"
        assert "cannot use the GPU" in row["reason"]
        assert "step_ms_median" not in row


def test_a_workload_whose_models_differ_is_reported_and_never_timed():
    # PyTorch refuses a width its heads do not divide; Keras builds it: the check cannot pass.
    broken = hp.Transformer(d_model=30, heads=4, layers=1, ff=16, vocab=50, seq_len=8)
    _, rows = runner.run(TINY, workloads=["transformer"], modes=["eager"], device="cpu", threads=1,
                         hparams={"transformer": broken}, log=print)
    rows = by_key(rows).values()
    assert rows
    for row in rows:
        assert row["status"] == "failed"
        assert row["equivalent"] is False
        assert "not equivalent" in row["reason"]
        assert "step_ms_median" not in row


@pytest.fixture(scope="module")
def linear_every_mode():
    """One run of `linear` in every mode of both frameworks, which the tests below read."""
    _, rows = runner.run(TINY, workloads=["linear"], device="cpu", threads=1, log=print)
    return rows


def test_compiled_modes_report_their_compile_apart_from_steady_steps(linear_every_mode):
    rows = by_key(linear_every_mode)
    assert all(r["status"] == "ok" for r in rows.values()), [r["reason"] for r in rows.values()]
    for key in [("torch", "compile", "train"), ("tensorflow", "xla", "train")]:
        row = rows[key]
        assert row["equivalent"] is True
        assert row["first_call_s"] > 10 * row["step_ms_median"] / 1e3, key
        # A block per round at least; more where a mode sits next to several of the other framework's in a round.
        assert row["repeats"] == len(row["samples_ms"]) >= TINY.max_repeats
        assert row["step_ms_p10"] <= row["step_ms_median"] <= row["step_ms_p90"]
        assert row["throughput"] == pytest.approx(4 / (row["step_ms_median"] / 1e3))
        assert row["peak_mem_mb"] > 0
    fingerprint = rows["torch", "compile", "train"]["fingerprint"]
    assert '"tf32_matmul": false' in fingerprint and '"intra_op_threads": 1' in fingerprint


def test_the_frameworks_take_turns_so_that_adjacent_blocks_give_ratios(linear_every_mode):
    blocks = {phase: [] for phase in plan.PHASES}
    for row in (r for r in linear_every_mode if r["status"] == "ok"):
        variant = Variant(row["workload"], row["framework"], row["mode"], row["phase"], row["precision"],
                          row["batch_size"])
        blocks[row["phase"]] += [(position, variant, ms / 1e3)
                                 for position, ms in zip(row["samples_seq"], row["samples_ms"])]
    for phase, timed in blocks.items():
        framework_at = {position: variant.framework for position, variant, _ in timed}
        assert all(framework_at[p] != framework_at[p + 1] for p in framework_at if p + 1 in framework_at), phase
        ratios = pairs.ratios(timed)
        # Every TensorFlow mode was timed next to every PyTorch mode.
        assert set((tf.mode, torch.mode) for tf, torch in ratios) == {
            (tf_mode, torch_mode) for tf_mode in MODES["tensorflow"] for torch_mode in MODES["torch"]}
        assert all(len(r) >= TINY.max_repeats for r in ratios.values())
