"""What a run measures: every mode of each framework, and skips that carry their reason."""
import pytest

from experiments.frameworks import MODES
from experiments.timing import plan


def test_the_full_profile_measures_every_mode_of_each_framework_in_both_phases_and_precisions():
    planned = plan.variants(plan.FULL)
    assert all(skip is None for _, skip in planned)
    for framework, modes in MODES.items():
        assert {v.mode for v, _ in planned if v.framework == framework} == set(modes)
    assert {v.phase for v, _ in planned} == {"train", "infer"}
    assert {v.precision for v, _ in planned} == {"fp32", "bf16"}
    assert all(len(sizes) > 1 for sizes in plan.FULL.batch_sizes.values())


def test_quick_measures_every_mode_and_lists_its_skips_with_their_reason():
    planned = plan.variants(plan.QUICK, workloads=["linear", "cnn"], frameworks=["torch"])
    measured = {(v.workload, v.mode, v.precision) for v, skip in planned if not skip}
    assert measured == {("linear", "eager", "fp32"), ("linear", "compile", "fp32"), ("cnn", "eager", "fp32"),
                        ("cnn", "compile", "fp32")}
    reasons = {(v.mode, v.precision): skip for v, skip in planned if skip and v.workload == "cnn"}
    assert "measures fp32 only" in reasons["eager", "bf16"]
    assert "measures fp32 only" in reasons["compile", "bf16"]


def test_a_mode_filter_applies_to_every_framework_that_has_it():
    planned = plan.variants(plan.QUICK, workloads=["mlp"], modes=["eager", "xla"])
    assert {(v.framework, v.mode) for v, _ in planned} == {("torch", "eager"), ("tensorflow", "eager"),
                                                           ("tensorflow", "xla")}


@pytest.mark.parametrize("selection", [{"workloads": ["resnet50"]}, {"frameworks": ["jax"]}, {"modes": ["jit"]}])
def test_unknown_names_are_refused_with_the_choices(selection):
    with pytest.raises(ValueError, match="choose from"):
        plan.variants(plan.QUICK, **selection)
