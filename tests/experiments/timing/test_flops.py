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


@pytest.mark.parametrize("workload", ["linear", "mlp", "cnn", "transformer"])
def test_forward_flops_match_pytorchs_counter(workload):
    params = hp.defaults()[workload]
    x, y = data.batch(workload, params, BATCH, seed=0)
    inputs, _ = tm.inputs(params, x, y, "cpu")
    assert flops.per_step(params, "infer", BATCH) == counted_forward(tm.build(params), inputs)


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


def test_a_training_step_counts_three_forward_passes():
    params = hp.defaults()["mlp"]
    assert flops.per_step(params, "train", 8) == 3 * flops.per_step(params, "infer", 8)
