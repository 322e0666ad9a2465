"""TensorBoard written from TensorFlow: each feature with tf.summary, Keras' TensorBoard callback or
tf.profiler, then read back from the log directory by TensorBoard's own reader. Runs in the TensorFlow
process."""
from __future__ import annotations

from pathlib import Path

from experiments.capabilities.visualisation import tensorboard_events as tb
from experiments.capabilities.visualisation.features import (
    BATCH_SIZE,
    IMAGES,
    NOTE,
    SAMPLE_RATE,
    SEED,
    STEPS,
    WORKLOAD,
    attempt_all,
    tone,
)
from experiments.models import data
from experiments.models import hparams as hp

CALLBACK_RUN = "train"  # Keras' TensorBoard callback writes its training events under <log dir>/train


def features(log_dir: Path) -> list[dict]:
    import keras
    import tensorflow as tf

    from experiments.models import keras_models as km
    params = hp.WORKLOADS[WORKLOAD]()
    x, y = data.batch(WORKLOAD, params, BATCH_SIZE, SEED)
    keras.utils.set_random_seed(SEED)
    model = km.build(params, x)
    train = km.training_step(model, km.loss(params), km.optimizer(params.optimizer))
    step = tf.function(train)
    losses, weights = [], []
    for _ in range(STEPS):
        losses.append(float(step(x, y)))
        weights.append([(v.path, v.numpy()) for v in model.trainable_variables])
    writer = tf.summary.create_file_writer(str(log_dir))

    def logged(write):
        """Writes with this run's writer, then reads the whole log directory back."""
        with writer.as_default():
            write()
        writer.flush()
        return tb.accumulator(log_dir)

    def scalars():
        events = logged(lambda: [tf.summary.scalar("train/loss", v, step=i) for i, v in enumerate(losses)])
        return len(losses), tb.scalars(events, "train/loss", losses), None

    def graph():
        def trace():
            tf.summary.trace_on(graph=True)
            tf.function(train)(x, y)  # a new function, so traced now and its graph recorded
            tf.summary.trace_export("train_step", step=0)
        nodes = tb.graph_nodes(logged(trace))
        return 1, int(nodes > 0), f"{nodes} graph nodes"

    def histograms():
        events = logged(lambda: [tf.summary.histogram(f"weights/{name}", value, step=i)
                                 for i, snapshot in enumerate(weights) for name, value in snapshot])
        return STEPS * len(weights[0]), tb.histograms(events, "weights/"), f"{len(weights[0])} tensors x {STEPS} steps"

    def images():
        greyscale = x[:IMAGES, :, :, None]  # height x width x 1 channel
        events = logged(lambda: tf.summary.image("inputs", greyscale, step=0, max_outputs=IMAGES))
        return IMAGES, tb.images(events, "inputs", *x.shape[1:3]), None

    def text():
        events = logged(lambda: tf.summary.text("note", NOTE, step=0))
        return 1, tb.texts(events, "note", NOTE), None

    def audio():
        clip = tone()
        events = logged(lambda: tf.summary.audio("tone", clip[None, :, None], SAMPLE_RATE, step=0))
        return 1, tb.audio_clips(events, "tone", len(clip), SAMPLE_RATE), None

    def profiler_trace():
        tf.profiler.experimental.start(str(log_dir))
        try:
            step(x, y)
        finally:
            tf.profiler.experimental.stop()
        traces = tb.tensorflow_trace_events(log_dir)
        return 1, sum(1 for events in traces if events), f"{sum(traces)} trace events"

    def callbacks():
        model.compile(optimizer=km.optimizer(params.optimizer), loss=km.loss(params))
        board = keras.callbacks.TensorBoard(str(log_dir), write_graph=False)
        epoch_losses = model.fit(x, y, epochs=STEPS, batch_size=BATCH_SIZE, verbose=0,
                                 callbacks=[board]).history["loss"]
        events = tb.accumulator(Path(log_dir) / CALLBACK_RUN)
        return len(epoch_losses), tb.scalars(events, "epoch_loss", epoch_losses), "epoch_loss, one per epoch"

    try:
        return attempt_all({
            "scalars": ("tf.summary.scalar", scalars),
            "graph": ("tf.summary.trace_on(graph=True), trace_export", graph),
            "histograms": ("tf.summary.histogram", histograms),
            "images": ("tf.summary.image", images),
            "text": ("tf.summary.text", text),
            "audio": ("tf.summary.audio", audio),
            "profiler_trace": ("tf.profiler.experimental.start/stop", profiler_trace),
            "callbacks": ("keras.callbacks.TensorBoard in model.fit", callbacks),
        })
    finally:
        writer.close()
