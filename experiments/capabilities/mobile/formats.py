"""A workload's model converted to each framework's on-device format and run by that format's own
runtime: TensorFlow Lite (LiteRT) flatbuffers, and ExecuTorch programs lowered to XNNPACK. Inputs are
the datasets' layout, as for `exports`. Each function imports its framework when called: it runs in
that framework's process only."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from experiments.capabilities.serving import exports
from experiments.models import hparams as hp

FORMATS = {"torch": "executorch", "tensorflow": "tflite"}
PACKAGES = {"torch": "executorch", "tensorflow": "tensorflow"}


def convert(framework: str, workload: str, model, sample: np.ndarray, directory: Path) -> Path:
    """Converts `model` for a batch of `sample`'s shape; returns the on-device file."""
    if framework == "torch":
        import torch
        from executorch.backends.xnnpack.partition.xnnpack_partitioner import XnnpackPartitioner
        from executorch.exir import to_edge_transform_and_lower
        example = exports.torch_layout(hp.WORKLOADS[workload](), torch.from_numpy(sample))
        program = to_edge_transform_and_lower(torch.export.export(model, (example,)),
                                              partitioner=[XnnpackPartitioner()]).to_executorch()
        path = Path(directory) / "model.pte"
        path.write_bytes(program.buffer)
        return path
    import tensorflow as tf
    saved = exports.save(framework, workload, model, sample, Path(directory), "savedmodel")
    path = Path(directory) / "model.tflite"
    path.write_bytes(tf.lite.TFLiteConverter.from_saved_model(str(saved)).convert())
    return path


def load(framework: str, workload: str, path: Path) -> exports.Predictor:
    """The on-device file run by its own runtime, as a predictor for batches of the converted shape."""
    if framework == "torch":
        import torch
        from executorch.runtime import Runtime
        method = Runtime.get().load_program(Path(path)).load_method("forward")
        params = hp.WORKLOADS[workload]()
        return lambda x: method.execute([exports.torch_layout(params, torch.from_numpy(x))])[0].numpy()
    import tensorflow as tf
    interpreter = tf.lite.Interpreter(model_path=str(path))
    runner = interpreter.get_signature_runner()
    (name,) = runner.get_input_details()

    def predict(x: np.ndarray) -> np.ndarray:
        (output,) = runner(**{name: x}).values()
        return output
    return predict
