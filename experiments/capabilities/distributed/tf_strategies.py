"""TensorFlow data-parallel training: what a single-process Keras script adds to run its step on N
replicas, in two ways. MultiWorkerMirroredStrategy: one process per worker, ring all-reduce on CPU,
NCCL on GPUs. MirroredStrategy: one process driving N devices, its GPUs or, on the CPU, N logical devices
the CPU is split into first (`split_cpu`), the stand-in for one GPU per replica. Keras 3's `fit` is broken under the
multi-worker strategy (keras-team/keras#20585), so the step is a custom loop for both: `strategy.run` of
a replica step whose loss is averaged over the global batch. Imported only in a TensorFlow process."""
from __future__ import annotations

import json
import os

import numpy as np
import tensorflow as tf

HOST = "127.0.0.1"
COLLECTIVES = {"cpu": "RING", "cuda": "NCCL"}


def configure(rank: int, ports: list[int]) -> None:
    """TF_CONFIG names every worker and this one; the strategy reads it when it is built."""
    os.environ["TF_CONFIG"] = json.dumps({
        "cluster": {"worker": [f"{HOST}:{port}" for port in ports]},
        "task": {"type": "worker", "index": rank},
    })


def multi_worker_strategy(device: str) -> tf.distribute.Strategy:
    implementation = tf.distribute.experimental.CommunicationImplementation[COLLECTIVES[device]]
    options = tf.distribute.experimental.CommunicationOptions(implementation=implementation)
    return tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)


def split_cpu(replicas: int) -> None:
    """N logical CPU devices sharing the one physical CPU and its thread pools. Must precede anything
    that starts the runtime."""
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * replicas)


def mirrored_strategy(device: str) -> tf.distribute.Strategy:
    # Named explicitly: without GPUs MirroredStrategy would take the first CPU alone.
    kind = "GPU" if device == "cuda" else "CPU"
    return tf.distribute.MirroredStrategy(devices=[d.name for d in tf.config.list_logical_devices(kind)])


def replica_batches(strategy, x: np.ndarray, y: np.ndarray):
    """The global batch split into one consecutive slice per replica, each on its replica's device."""
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(len(x))
    return next(iter(strategy.experimental_distribute_dataset(dataset)))


def distributed_step(strategy, model, loss_fn, optimizer, global_batch: int):
    """A tf.function running one training step on every replica; gradients are summed across them, so
    each replica's mean loss is weighted by its share of the global batch."""
    def replica_step(x, y):
        with tf.GradientTape() as tape:
            share = tf.cast(tf.shape(x)[0], tf.float32) / global_batch
            # loss_fn.call: the unreduced losses. Calling the Loss object itself in a replica context
            # would also divide by the number of replicas.
            loss = tf.reduce_mean(loss_fn.call(y, model(x, training=True))) * share
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    @tf.function
    def step(x, y):
        return strategy.run(replica_step, args=(x, y))
    return step
