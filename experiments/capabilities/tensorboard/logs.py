"""TensorBoard event files from both frameworks under one log directory, and reading them back with
TensorBoard's own event reader.

Each writer imports its framework when called: it runs in that framework's process only."""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from experiments.models import data
from experiments.models import hparams as hp

TAG = "train/loss"


def run_dir(root: Path, run_id: str, framework: str, workload: str) -> Path:
    """<root>/<run id>/<framework>-<workload>: one run per folder, so TensorBoard lists them side by side."""
    return Path(root) / run_id / f"{framework}-{workload}"


def log_losses(framework: str, log_dir: Path, losses: list[float]) -> int:
    """Writes one scalar per step under TAG with the framework's own writer; returns events written."""
    writers = {"torch": _write_torch, "tensorflow": _write_tensorflow}
    if framework not in writers:
        raise ValueError(f"no TensorBoard writer for {framework!r}")
    Path(log_dir).mkdir(parents=True, exist_ok=True)
    writers[framework](Path(log_dir), losses)
    return len(losses)


def training_losses(framework: str, workload: str, steps: int, batch_size: int, seed: int = 0) -> list[float]:
    """The loss of each of `steps` training steps of `workload`, trained in `framework`."""
    params = hp.WORKLOADS[workload]()
    x, y = data.batch(workload, params, batch_size, seed)
    if framework == "torch":
        import torch

        from experiments.models import torch_models as tm
        torch.manual_seed(seed)
        model = tm.build(params).train()
        opt = tm.optimizer(params.optimizer, model.parameters())
        step = tm.training_step(tm.loss_of(model, params, nullcontext), opt)
        tx, ty = tm.inputs(params, x, y, "cpu")
        return [float(step(tx, ty)) for _ in range(steps)]
    import keras

    from experiments.models import keras_models as km
    keras.utils.set_random_seed(seed)
    model = km.build(params, x)
    step = km.training_step(model, km.loss(params), km.optimizer(params.optimizer))
    return [float(step(x, y)) for _ in range(steps)]


def _write_torch(log_dir: Path, losses: list[float]) -> None:
    from torch.utils.tensorboard import SummaryWriter
    with SummaryWriter(log_dir=str(log_dir)) as writer:
        for step, value in enumerate(losses):
            writer.add_scalar(TAG, value, step)


def _write_tensorflow(log_dir: Path, losses: list[float]) -> None:
    import tensorflow as tf
    writer = tf.summary.create_file_writer(str(log_dir))
    with writer.as_default():
        for step, value in enumerate(losses):
            tf.summary.scalar(TAG, value, step=step)
    writer.close()


def read_back(log_dir: Path) -> list[float]:
    """The TAG values in `log_dir`'s event files, in step order, as TensorBoard itself reads them."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.util import tensor_util
    events = EventAccumulator(str(log_dir), size_guidance={"scalars": 0, "tensors": 0})
    events.Reload()
    tags = events.Tags()
    if TAG in tags.get("scalars", []):
        return [e.value for e in sorted(events.Scalars(TAG), key=lambda e: e.step)]
    # TF2's tf.summary.scalar writes tensor events, which TensorBoard lists under tensors.
    if TAG in tags.get("tensors", []):
        return [float(tensor_util.make_ndarray(e.tensor_proto))
                for e in sorted(events.Tensors(TAG), key=lambda e: e.step)]
    return []


def how_to_open(root: Path) -> str:
    """What `fwtrends experiments --tensorboard` prints."""
    return (f"TensorBoard event files from both frameworks are under {root}\n"
            f"Open them with:  tensorboard --logdir {root} --host 127.0.0.1\n"
            f"then browse http://127.0.0.1:6006 (each run is a folder <run id>/<framework>-<workload>).")
