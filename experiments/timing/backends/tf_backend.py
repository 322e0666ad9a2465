"""TensorFlow/Keras in a measuring process: settings applied at start, the device, steps per mode, memory."""
from __future__ import annotations

import os
from functools import partial

import keras
import tensorflow as tf

from experiments import machine
from experiments.frameworks import Unavailable
from experiments.models import data
from experiments.models import hparams as hp
from experiments.models import keras_models as km
from experiments.timing.harness import Runnable
from experiments.timing.memory import RssPeak

# Ampere (8.0) and later do bf16 natively.
BF16_COMPUTE_CAPABILITY = (8, 0)


def start(threads: int, interop_threads: int, device: str) -> None:
    # Must precede anything that initialises the runtime: TensorFlow refuses these calls afterwards.
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(interop_threads)
    gpus = tf.config.list_physical_devices("GPU")
    if device == "cuda":
        if not gpus:
            why = "it sees no GPU" if tf.test.is_built_with_cuda() else "this build has no CUDA support"
            raise Unavailable(f"tensorflow {tf.__version__} cannot use the GPU: {why}")
        for gpu in gpus:
            # By default TensorFlow takes nearly all GPU memory at start, starving the PyTorch process.
            tf.config.experimental.set_memory_growth(gpu, True)
    elif gpus:
        tf.config.set_visible_devices([], "GPU")
    # TensorFlow turns TF32 on by default on Ampere and later; fp32 here means fp32.
    tf.config.experimental.enable_tensor_float_32_execution(False)
    if keras.backend.backend() != "tensorflow":
        raise Unavailable(f"Keras runs on {keras.backend.backend()}, not TensorFlow (KERAS_BACKEND)")


def bf16_unsupported(device: str) -> str | None:
    """Why bf16 is not measured on `device`, or None when the hardware does bf16 natively."""
    if device == "cuda":
        details = tf.config.experimental.get_device_details(tf.config.list_physical_devices("GPU")[0])
        if details.get("compute_capability", (0, 0)) >= BF16_COMPUTE_CAPABILITY:
            return None
        return f"{details.get('device_name', 'this GPU')} has no native bf16"
    return machine.cpu_bf16_unsupported()


class GpuPeak:
    source = "tf.config.experimental.get_memory_info"

    def reset(self) -> None:
        tf.config.experimental.reset_memory_stats("GPU:0")

    def peak_mb(self) -> float:
        return tf.config.experimental.get_memory_info("GPU:0")["peak"] / 2**20


def memory_probe(device: str):
    return GpuPeak() if device == "cuda" else RssPeak()


def sync_devices() -> None:
    tf.test.experimental.sync_devices()


def prepare(spec: dict, device: str) -> Runnable:
    """The variant's step, ready to call: model, optimizer and one batch already on the device."""
    params = hp.from_dict(spec["workload"], spec["hparams"])
    with tf.device("/GPU:0" if device == "cuda" else "/CPU:0"):  # the batch lives where the model runs
        x, y = (tf.identity(a) for a in data.batch(spec["workload"], params, spec["batch_size"], spec["seed"]))
    keras.utils.set_random_seed(spec["seed"])
    policy = "mixed_bfloat16" if spec["precision"] == "bf16" else "float32"
    model = km.build(params, x, policy)
    if spec["phase"] == "train":
        opt = km.optimizer(params.optimizer)
        opt.build(model.trainable_variables)  # slots made now: variables cannot be created inside XLA
        fn, args = km.training_step(model, km.loss(params), opt), (x, y)
    else:
        fn, args = km.inference_step(model), (x,)
    if spec["mode"] == "function":
        fn = tf.function(fn)
    elif spec["mode"] == "xla":
        fn = tf.function(fn, jit_compile=True)
    elif spec["mode"] != "eager":
        raise ValueError(f"tensorflow has no mode {spec['mode']!r}")
    return Runnable(partial(fn, *args), sync_devices)


def forget_compiled() -> None:
    """Drops Keras' global state once no variant uses it, so the next workload starts clean."""
    keras.backend.clear_session()


def fingerprint(device: str) -> dict:
    build = tf.sysconfig.get_build_info()
    on_gpu = device == "cuda"
    return {
        "framework": "tensorflow",
        "version": tf.__version__,
        "keras": keras.__version__,
        "cuda": build.get("cuda_version"),
        "cudnn": build.get("cudnn_version"),
        "gpu": tf.config.experimental.get_device_details(tf.config.list_physical_devices("GPU")[0]).get(
            "device_name") if on_gpu else None,
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
        "tf32": tf.config.experimental.tensor_float_32_execution_enabled(),
        "xla_auto_jit": tf.config.optimizer.get_jit() or None,
        "TF_XLA_FLAGS": os.environ.get("TF_XLA_FLAGS"),
        "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
        "bf16": "Keras mixed_bfloat16 policy",
    }
