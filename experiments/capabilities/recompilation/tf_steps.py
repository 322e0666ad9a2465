"""The workloads' TensorFlow (Keras) training step in each recompilation mode. Imported only in a
TensorFlow process.

The count is TensorFlow's own: the tf.function's `experimental_get_tracing_count()`. Its traces have the
static shapes of the inputs they were made for, so XLA (jit_compile=True) compiles once per trace. Eager
traces nothing: its count is 0."""
from __future__ import annotations

import keras
import tensorflow as tf

from experiments.capabilities.recompilation import inputs
from experiments.capabilities.recompilation.timing import Trainer
from experiments.models import data
from experiments.models import hparams as hp
from experiments.models import keras_models as km
from experiments.timing.backends import tf_backend

SEED = 0
JIT_COMPILE = {"function": False, "xla": True}


def trainer(workload: str, mode: str, device: str, keep_compile_caches: bool) -> Trainer:
    """The step as the experiments run it (experiments.timing.backends.tf_backend). TensorFlow keeps no
    compiled code across processes by default, so `keep_compile_caches` changes nothing here."""
    if mode != "eager" and mode not in JIT_COMPILE:
        raise ValueError(f"tensorflow has no recompilation mode {mode!r}")
    tf_backend.forget_compiled()
    params = hp.WORKLOADS[workload]()
    placement = "/GPU:0" if device == "cuda" else "/CPU:0"
    keras.utils.set_random_seed(SEED)
    model = km.build(params, data.batch(workload, params, 1, SEED)[0])
    opt = km.optimizer(params.optimizer)
    opt.build(model.trainable_variables)  # slots made now: variables cannot be created inside XLA
    train = km.training_step(model, km.loss(params), opt)
    model_dtype = tf.as_dtype(inputs.model_dtype(workload))

    def step(x, y):
        return train(tf.cast(x, model_dtype), y)  # inside the traced code: a new input dtype is a new trace

    if mode != "eager":
        step = tf.function(step, jit_compile=JIT_COMPILE[mode])

    def bind(x, y):
        with tf.device(placement):
            tx, ty = tf.identity(x), tf.identity(y)
        return lambda: step(tx, ty)
    compiles = step.experimental_get_tracing_count if mode != "eager" else (lambda: 0)
    return Trainer(bind, tf_backend.sync_devices, compiles)
