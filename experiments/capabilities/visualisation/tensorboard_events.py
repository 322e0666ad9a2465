"""Reading a log directory back the way TensorBoard does: its plugin event accumulator, which turns every
summary (TensorFlow's tensor summaries and PyTorch's legacy ones alike) into tensors tagged with the plugin
that shows them; and the profiler plugins' trace files. Each reader returns how many of the things written
came back intact."""
from __future__ import annotations

import gzip
import io
import json
import wave
from pathlib import Path

import numpy as np

# TensorFlow's trace_export stores a traced function's graph as run metadata for the graphs plugin.
RUN_METADATA_GRAPH_PLUGIN = "graph_run_metadata_graph"
# torch.profiler.tensorboard_trace_handler writes Chrome traces that the torch-tb-profiler plugin lists.
TORCH_TRACES = ("*.pt.trace.json", "*.pt.trace.json.gz")
# tf.profiler writes XSpace protos where TensorBoard's profile plugin looks for them.
TF_TRACES = "plugins/profile/*/*.xplane.pb"


def accumulator(log_dir: Path):
    """Every event of the event files directly in `log_dir`, nothing sampled away."""
    from tensorboard.backend.event_processing import plugin_event_accumulator
    events = plugin_event_accumulator.EventAccumulator(str(log_dir), size_guidance={"tensors": 0})
    events.Reload()
    return events


def tensors(events, plugin: str, tag_prefix: str) -> list[np.ndarray]:
    """The values of `plugin`'s tags that start with `tag_prefix`, each tag in step order."""
    from tensorboard.util import tensor_util
    return [tensor_util.make_ndarray(e.tensor_proto)
            for tag in sorted(plugin_tags(events, plugin)) if tag.startswith(tag_prefix)
            for e in sorted(events.Tensors(tag), key=lambda e: e.step)]


def plugin_tags(events, plugin: str) -> list[str]:
    """The tags `plugin` shows; none when nothing in the log is for it."""
    return list(events.PluginTagToContent(plugin)) if plugin in events.ActivePlugins() else []


def scalars(events, tag: str, written: list[float]) -> int:
    """Values read back equal to those written, in order (float32 in the file: single precision)."""
    read = [float(v) for v in tensors(events, "scalars", tag)]
    return int(sum(np.isclose(a, b, rtol=1e-6) for a, b in zip(read, written))) if len(read) == len(written) else 0


def histograms(events, tag_prefix: str) -> int:
    """Histograms (one per tensor and step) with at least one bucket."""
    return sum(1 for h in tensors(events, "histograms", tag_prefix) if h.ndim == 2 and h.shape[0] > 0)


def images(events, tag: str, height: int, width: int) -> int:
    """PNG images of the given size: each logged value is [width, height, png, png, ...]."""
    return sum(len(v) - 2 for v in tensors(events, "images", tag) if (int(v[0]), int(v[1])) == (width, height))


def texts(events, tag_prefix: str, text: str) -> int:
    """Logged strings equal to `text` (PyTorch's add_text appends /text_summary to the tag)."""
    return sum(1 for v in tensors(events, "text", tag_prefix) for s in np.ravel(v) if s.decode() == text)


def audio_clips(events, tag: str, samples: int, sample_rate: int) -> int:
    """WAV clips with the samples and rate written; labels, when stored beside them, are skipped."""
    clips = [b for v in tensors(events, "audio", tag) for b in np.ravel(v) if b.startswith(b"RIFF")]
    return sum(1 for clip in clips if _wav_shape(clip) == (samples, sample_rate))


def graph_nodes(events) -> int:
    """Nodes of the graphs in the log: a GraphDef (PyTorch's add_graph) or traced functions' run metadata
    (TensorFlow's trace_export), both shown by TensorBoard's graphs plugin."""
    from tensorboard.compat.proto import config_pb2
    nodes = len(events.Graph().node) if events.Tags()["graph"] else 0
    for tag in plugin_tags(events, RUN_METADATA_GRAPH_PLUGIN):
        for event in events.Tensors(tag):
            metadata = config_pb2.RunMetadata.FromString(event.tensor_proto.string_val[0])
            nodes += sum(len(f.pre_optimization_graph.node) for f in metadata.function_graphs)
    return nodes


def torch_trace_ops(log_dir: Path) -> list[int]:
    """For each PyTorch profiler trace in `log_dir`: its CPU operator events."""
    counts = []
    for pattern in TORCH_TRACES:
        for path in sorted(Path(log_dir).glob(pattern)):
            text = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            counts.append(sum(1 for e in json.loads(text).get("traceEvents", []) if e.get("cat") == "cpu_op"))
    return counts


def tensorflow_trace_events(log_dir: Path) -> list[int]:
    """For each TensorFlow profiler trace under `log_dir`: its events, read with TensorFlow's XSpace proto
    (the format TensorBoard's profile plugin reads); needs TensorFlow."""
    from tensorflow.tsl.profiler.protobuf import xplane_pb2
    counts = []
    for path in sorted(Path(log_dir).glob(TF_TRACES)):
        space = xplane_pb2.XSpace.FromString(path.read_bytes())
        counts.append(sum(len(line.events) for plane in space.planes for line in plane.lines))
    return counts


def _wav_shape(clip: bytes) -> tuple[int, int]:
    with wave.open(io.BytesIO(clip)) as wav:
        return wav.getnframes(), wav.getframerate()
