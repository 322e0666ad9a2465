"""The analytic FLOP counts agree with PyTorch's own counter on the real models."""
import pytest

from experiments.models import data
from experiments.models import hparams as hp
from experiments.timing import flops

torch = pytest.importorskip("torch")
from torch.nn.attention import SDPBackend, sdpa_kernel  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from experiments.models import torch_models as tm  # noqa: E402

BATCH = 3


def counted_forward(model, inputs) -> int:
    # The counter sees attention only as the plain math path's batched products, and nn.MultiheadAttention
    # takes a fused path in eval mode: training mode with the math backend shows every product.
    with sdpa_kernel(SDPBackend.MATH), FlopCounterMode(display=False) as counter, torch.no_grad():
        model.train()(inputs)
    return counter.get_total_flops()


def counted_training(model, params, inputs, targets) -> int:
    """Forward and backward of a training step (the optimizer's update has no products)."""
    with sdpa_kernel(SDPBackend.MATH), FlopCounterMode(display=False) as counter:
        tm.loss(params, model.train()(inputs), targets).backward()
    return counter.get_total_flops()


def batch(workload):
    params = hp.defaults()[workload]
    return params, *tm.inputs(params, *data.batch(workload, params, BATCH, seed=0), "cpu")


@pytest.mark.parametrize("workload", ["linear", "mlp", "cnn", "transformer"])
def test_forward_flops_match_pytorchs_counter(workload):
    params, inputs, _ = batch(workload)
    assert flops.per_step(params, "infer", BATCH) == counted_forward(tm.build(params), inputs)


@pytest.mark.parametrize("workload", ["linear", "mlp", "cnn", "transformer"])
def test_training_flops_match_pytorchs_counter(workload):
    params, inputs, targets = batch(workload)
    assert flops.per_step(params, "train", BATCH) == counted_training(tm.build(params), params, inputs, targets)


def test_lstm_flops_match_an_unrolled_cell():
    # The counter cannot see inside the fused LSTM op; the same recurrence step by step it can.
    params = hp.defaults()["lstm"]
    cell = torch.nn.LSTMCell(params.embed, params.hidden)
    head = torch.nn.Linear(params.hidden, params.classes)
    inputs = torch.randn(BATCH, params.seq_len, params.embed)
    h = c = torch.zeros(BATCH, params.hidden)
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        for t in range(params.seq_len):
            h, c = cell(inputs[:, t], (h, c))
        head(h)
    assert flops.per_step(params, "infer", BATCH) == counter.get_total_flops()


def test_lstm_training_flops_match_an_unrolled_cell():
    params, tokens, targets = batch("lstm")
    embedding = torch.nn.Embedding(params.vocab, params.embed)
    cell = torch.nn.LSTMCell(params.embed, params.hidden)
    head = torch.nn.Linear(params.hidden, params.classes)
    with FlopCounterMode(display=False) as counter:
        inputs = embedding(tokens)
        h = c = torch.zeros(BATCH, params.hidden)
        for t in range(params.seq_len):
            h, c = cell(inputs[:, t], (h, c))
        tm.loss(params, head(h), targets).backward()
    assert flops.per_step(params, "train", BATCH) == counter.get_total_flops()


def test_the_first_layer_of_the_mlp_needs_no_input_gradient():
    # 784-512-256-10 at batch 64: 3x the forward pass would be 205 M; the counter finds 154 M.
    assert flops.per_step(hp.MLP(), "train", 64) == pytest.approx(154.1e6, rel=1e-3)
