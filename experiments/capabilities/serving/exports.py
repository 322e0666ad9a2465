"""A workload's model saved in a serving format and loaded back as a NumPy-in, NumPy-out predictor:
the framework's own format (TensorFlow SavedModel, torch.export), and ONNX run by ONNX Runtime.

Inputs are the datasets' own layout (images height x width x channels) for both frameworks, as a
client would send them; each loader turns them into its model's layout. Each function imports its
framework when called: it runs in that framework's process only."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from experiments.models import hparams as hp

# Inputs and the original model's outputs, saved beside an export for the process that loads it.
REFERENCE = "reference.npz"

FORMATS = {"torch": ("torch_export", "onnx"), "tensorflow": ("savedmodel", "onnx")}
# Packages a format needs beyond the framework: the ONNX exporter and runtime.
PACKAGES = {
    ("torch", "onnx"): ("onnxscript", "onnxruntime"),
    ("tensorflow", "onnx"): ("tf2onnx", "onnxruntime"),
}
FILES = {"torch_export": "model.pt2", "savedmodel": "savedmodel", "onnx": "model.onnx"}
# torch.export specialises a traced size of 0 or 1; a sample batch of 2 keeps the batch size free.
TRACE_BATCH = 2
Predictor = Callable[[np.ndarray], np.ndarray]


def build(framework: str, workload: str, sample: np.ndarray, seed: int):
    """The workload's model with seeded weights, ready for inference; and its in-process predictor."""
    params = hp.WORKLOADS[workload]()
    if framework == "torch":
        import torch

        from experiments.models import torch_models as tm
        torch.manual_seed(seed)
        model = tm.build(params).eval()
        return model, _torch_predictor(model, params)
    import keras

    from experiments.models import keras_models as km
    keras.utils.set_random_seed(seed)
    model = km.build(params, sample)
    return model, lambda x: model(x, training=False).numpy()


def save(framework: str, workload: str, model, sample: np.ndarray, directory: Path, format: str) -> Path:
    """Saves `model` in `format` under `directory`, any batch size allowed; returns the saved path."""
    path = Path(directory) / FILES[format]
    if framework == "torch":
        import torch
        example = (torch_layout(hp.WORKLOADS[workload](), torch.from_numpy(sample[:TRACE_BATCH])),)
        batch = ({0: torch.export.Dim("batch")},)
        if format == "torch_export":
            torch.export.save(torch.export.export(model, example, dynamic_shapes=batch), path)
        else:
            torch.onnx.export(model, example, dynamo=True, dynamic_shapes=batch).save(str(path))
        return path
    import tensorflow as tf
    spec = tf.TensorSpec((None, *sample.shape[1:]), tf.as_dtype(sample.dtype), name="inputs")
    if format == "savedmodel":
        model.export(str(path), format="tf_saved_model", input_signature=[spec], verbose=False)
    else:
        import tf2onnx
        tf2onnx.convert.from_function(tf.function(lambda inputs: model(inputs, training=False)),
                                      input_signature=[spec], output_path=str(path))
    return path


def load(framework: str, workload: str, path: Path, format: str) -> Predictor:
    """The saved model at `path` as a predictor, with nothing of the original model in this process."""
    params = hp.WORKLOADS[workload]()
    if format == "onnx":
        return _onnx_predictor(path, params if framework == "torch" else None)
    if framework == "torch":
        import torch
        return _torch_predictor(torch.export.load(path).module(), params)
    import tensorflow as tf
    loaded = tf.saved_model.load(str(path))
    return lambda x: loaded.serve(x).numpy()


def size_bytes(path: Path) -> int:
    path = Path(path)
    return path.stat().st_size if path.is_file() else sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def torch_layout(params, x):
    # Images arrive height x width x channels; PyTorch's convolutions take channels first.
    return x.permute(0, 3, 1, 2).contiguous() if isinstance(params, hp.CNN) else x


def _torch_predictor(module, params) -> Predictor:
    import torch

    def predict(x: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return module(torch_layout(params, torch.from_numpy(x))).numpy()
    return predict


def _onnx_predictor(path: Path, channels_first_params) -> Predictor:
    """`channels_first_params`: the workload's parameters when the graph came from PyTorch (images go
    channels first), None when it takes the datasets' layout."""
    import onnxruntime
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    to_nchw = isinstance(channels_first_params, hp.CNN)

    def predict(x: np.ndarray) -> np.ndarray:
        if to_nchw:
            x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
        return session.run(None, {name: x})[0]
    return predict
