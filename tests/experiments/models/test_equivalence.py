"""The PyTorch and Keras twins of every workload are the same model, and the check would notice if not."""
import dataclasses

import numpy as np
import pytest

from experiments import processes
from experiments.models import equivalence
from experiments.models import hparams as hp

torch = pytest.importorskip("torch")
pytest.importorskip("tensorflow")

from experiments.models import data, weight_copy  # noqa: E402
from experiments.models import keras_models as km
from experiments.models import torch_models as tm


@pytest.mark.parametrize("direction", equivalence.DIRECTIONS)
@pytest.mark.parametrize("workload", list(hp.WORKLOADS))
def test_every_workload_is_the_same_model_in_both_frameworks(workload, direction):
    result = equivalence.check(workload, hp.defaults()[workload], direction)
    assert result.passed, result.reason
    assert result.torch_params == result.keras_params > 0
    assert result.output_diff <= equivalence.FP32_TOLERANCE
    assert result.loss_diff <= equivalence.FP32_TOLERANCE
    # Two training steps that moved the model: the second loss is not the first.
    assert result.torch_losses[0] != pytest.approx(result.torch_losses[1], abs=1e-6)


def copied_pair(workload, keras_params=None):
    params = hp.defaults()[workload]
    x, y = data.batch(workload, params, 4, seed=3)
    t_model = tm.build(params).eval()
    k_model = km.build(keras_params or params, x)
    weight_copy.torch_to_keras(t_model, k_model)
    with torch.no_grad():
        t_out = t_model(tm.inputs(params, x, y, "cpu")[0]).numpy()
    return t_model, k_model, x, t_out


def test_a_kernel_copied_without_its_layout_change_is_caught():
    t_model, k_model, x, t_out = copied_pair("cnn")
    conv = t_model.stem_conv.weight.detach().numpy()
    k_model.stem_conv.kernel.assign(conv.reshape(k_model.stem_conv.kernel.shape))  # OIHW read as HWIO
    assert equivalence.scaled_diff(t_out, k_model(x, training=False)) > equivalence.FP32_TOLERANCE


def test_keras_default_batch_norm_epsilon_would_be_caught():
    keras_default = dataclasses.replace(hp.defaults()["cnn"], bn_eps=1e-3)
    _, k_model, x, t_out = copied_pair("cnn", keras_default)
    assert equivalence.scaled_diff(t_out, k_model(x, training=False)) > equivalence.FP32_TOLERANCE


def test_models_that_do_not_pair_layer_for_layer_are_refused():
    params = hp.defaults()["mlp"]
    x, _ = data.batch("mlp", params, 2, seed=0)
    narrower = km.build(dataclasses.replace(params, hidden=params.hidden[:1]), x)
    with pytest.raises(ValueError, match="hidden.1"):
        weight_copy.torch_to_keras(tm.build(params), narrower)


def test_copying_covers_every_weight_of_both_models_once():
    params = hp.defaults()["transformer"]
    x, _ = data.batch("transformer", params, 2, seed=0)
    t_model, k_model = tm.build(params), km.build(params, x)
    ties = weight_copy.ties(t_model, k_model)
    assert len(ties) == len(k_model.weights)
    assert sum(t.numel() for tie in ties for t in tie.torch) == sum(p.numel() for p in t_model.parameters())


def test_the_lstm_trains_one_bias_as_keras_does():
    model = tm.build(hp.defaults()["lstm"])
    assert not model.lstm.bias_hh_l0.requires_grad
    assert torch.count_nonzero(model.lstm.bias_hh_l0) == 0


def test_the_check_runs_in_its_own_process_and_reports_per_workload():
    small = {"linear": hp.to_dict(hp.Linear())}
    results = processes.check_equivalence(small, threads=1, timeout_s=300)
    assert results["linear"]["passed"] is True
    assert results["linear"]["direction"] == "torch_to_keras"
    assert np.isfinite(results["linear"]["loss_diff"])
