"""TensorBoard written from PyTorch: each feature with torch.utils.tensorboard's SummaryWriter, the
profiler's TensorBoard trace handler or a module hook, then read back from the log directory by
TensorBoard's own reader. Runs in the PyTorch process."""
from __future__ import annotations

from pathlib import Path

from experiments.capabilities.visualisation import tensorboard_events as tb
from experiments.capabilities.visualisation import torch_run
from experiments.capabilities.visualisation.features import IMAGES, NOTE, SAMPLE_RATE, STEPS, attempt_all, tone


def features(log_dir: Path) -> list[dict]:
    import torch
    from torch.utils.tensorboard import SummaryWriter
    run = torch_run.trained()
    writer = SummaryWriter(log_dir=str(log_dir))

    def logged(write):
        """Writes with this run's writer, then reads the whole log directory back."""
        write()
        writer.flush()
        return tb.accumulator(log_dir)

    def scalars():
        events = logged(lambda: [writer.add_scalar("train/loss", v, i) for i, v in enumerate(run.losses)])
        return len(run.losses), tb.scalars(events, "train/loss", run.losses), None

    def graph():
        nodes = tb.graph_nodes(logged(lambda: writer.add_graph(run.model, run.inputs)))
        return 1, int(nodes > 0), f"{nodes} graph nodes"

    def histograms():
        events = logged(lambda: [writer.add_histogram(f"weights/{name}", value, i)
                                 for i, snapshot in enumerate(run.weights) for name, value in snapshot])
        tensors = len(run.weights[0])
        return STEPS * tensors, tb.histograms(events, "weights/"), f"{tensors} tensors x {STEPS} steps"

    def images():
        # add_images would tile them into one picture: one image per step, as tf.summary.image keeps them.
        events = logged(lambda: [writer.add_image("inputs", image, i, dataformats="HW")
                                 for i, image in enumerate(run.inputs[:IMAGES])])
        return IMAGES, tb.images(events, "inputs", *run.inputs.shape[1:3]), None

    def text():
        events = logged(lambda: writer.add_text("note", NOTE, 0))
        return 1, tb.texts(events, "note", NOTE), None

    def audio():
        clip = tone()
        events = logged(lambda: writer.add_audio("tone", torch.from_numpy(clip), 0, sample_rate=SAMPLE_RATE))
        return 1, tb.audio_clips(events, "tone", len(clip), SAMPLE_RATE), None

    def profiler_trace():
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU],
                                    on_trace_ready=torch.profiler.tensorboard_trace_handler(str(log_dir))):
            run.step(run.inputs, run.targets)
        traces = tb.torch_trace_ops(log_dir)
        return 1, sum(1 for ops in traces if ops), f"{sum(traces)} operator events"

    def callbacks():
        # PyTorch has no callback API of its own; a forward hook is its way to run code at each call.
        means = []

        def log_output(module, inputs, output):
            means.append(float(output.mean()))
            writer.add_scalar("hook/logits_mean", means[-1], len(means) - 1)
        hook = run.model.head.register_forward_hook(log_output)
        try:
            with torch.no_grad():
                for _ in range(STEPS):
                    run.model(run.inputs)
        finally:
            hook.remove()
        events = logged(lambda: None)
        return len(means), tb.scalars(events, "hook/logits_mean", means), "the head's mean output, one per forward call"

    try:
        return attempt_all({
            "scalars": ("SummaryWriter.add_scalar", scalars),
            "graph": ("SummaryWriter.add_graph", graph),
            "histograms": ("SummaryWriter.add_histogram", histograms),
            "images": ("SummaryWriter.add_image", images),
            "text": ("SummaryWriter.add_text", text),
            "audio": ("SummaryWriter.add_audio", audio),
            "profiler_trace": ("torch.profiler.tensorboard_trace_handler", profiler_trace),
            "callbacks": ("nn.Module.register_forward_hook + SummaryWriter.add_scalar", callbacks),
        })
    finally:
        writer.close()
