"""Visdom given the PyTorch run: each feature written through Visdom's Python client to a running server,
then read back through the same API (`get_window_data`); callbacks answered by a handler registered with
`register_event_handler`, the event sent the way Visdom's web page sends one. Runs in the PyTorch process."""
from __future__ import annotations

import base64
import io
import json
import re
import time
import wave

import numpy as np

from experiments.capabilities import local_server
from experiments.capabilities.visualisation import torch_run
from experiments.capabilities.visualisation.features import (
    IMAGES,
    NOTE,
    SAMPLE_RATE,
    Unsupported,
    attempt_all,
    tone,
)

ENV = "fwtrends"
EVENT_WAIT_S = 10
UNSUPPORTED = {
    "graph": "Visdom has no view of a model's graph: Visdom.graph draws a node and edge list that the caller "
             "builds",
    "profiler_trace": "Visdom has no profiler view and reads no trace format",
}


def features(port: int) -> list[dict]:
    import visdom
    run = torch_run.trained()
    head_weights = [dict(snapshot)["head.weight"].numpy() for snapshot in run.weights]
    viz = visdom.Visdom(server=f"http://{local_server.HOST}", port=port, env=ENV, raise_exceptions=True)
    try:
        return attempt_all({
            "scalars": ("Visdom.line(update='append')", lambda: _scalars(viz, run.losses)),
            "histograms": ("Visdom.histogram", lambda: _histograms(viz, head_weights)),
            "images": ("Visdom.image", lambda: _images(viz, run.inputs[:IMAGES])),
            "text": ("Visdom.text", lambda: _text(viz)),
            "audio": ("Visdom.audio", lambda: _audio(viz)),
            "callbacks": ("Visdom.register_event_handler", lambda: _callbacks(viz, port)),
        }, UNSUPPORTED)
    finally:
        viz.use_socket = False  # ends the client's socket thread after its current connection


def _window(viz, win: str) -> dict:
    data = viz.get_window_data(win, ENV)
    if not data:
        raise LookupError(f"Visdom has no window {win!r}")
    return json.loads(data)


def _scalars(viz, losses: list[float]) -> tuple[int, int, None]:
    for step, value in enumerate(losses):
        viz.line(Y=[value], X=[step], win="loss", env=ENV, update="append" if step else None)
    read = _window(viz, "loss")["content"]["data"][0]["y"]
    same = len(read) == len(losses) and np.allclose(read, losses)
    return len(losses), len(read) if same else 0, None


def _histograms(viz, snapshots: list) -> tuple[int, int, str]:
    """One tensor's histogram at each step, drawn where a user watches it change: one window."""
    for step, weights in enumerate(snapshots):
        viz.histogram(weights.ravel(), win="histogram", env=ENV, opts={"title": f"head.weight, step {step}"})
    bars = [trace["y"] for trace in _window(viz, "histogram")["content"]["data"]]
    last = np.histogram(snapshots[-1].ravel(), bins=len(bars[0]) if bars else 1)[0]
    if len(bars) == 1 and np.array_equal(bars[0], last) and len(snapshots) > 1:
        raise Unsupported(f"Visdom.histogram draws one distribution per window and the next call replaces it: "
                          f"of {len(snapshots)} steps written to one window, only the last is kept (no view of a "
                          f"distribution over steps)", written=len(snapshots), read_back=1)
    return len(snapshots), len(bars), "head.weight"


def _images(viz, images) -> tuple[int, int, None]:
    from PIL import Image
    for i, image in enumerate(images):
        viz.image(image[None], win=f"input{i}", env=ENV)
    read = 0
    for i, image in enumerate(images):
        src = _window(viz, f"input{i}")["content"]["src"]
        decoded = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        read += decoded.size == (image.shape[1], image.shape[0])
    return len(images), read, None


def _text(viz) -> tuple[int, int, None]:
    viz.text(NOTE, win="note", env=ENV)
    return 1, int(_window(viz, "note")["content"] == NOTE), None


def _audio(viz) -> tuple[int, int, None]:
    clip = tone()
    viz.audio(tensor=clip, win="tone", env=ENV, opts={"sample_frequency": SAMPLE_RATE})
    found = re.search(r'src="data:audio/wav;base64,([^"]+)"', _window(viz, "tone")["content"])
    if not found:
        return 1, 0, None
    with wave.open(io.BytesIO(base64.b64decode(found.group(1)))) as wav:
        return 1, int((wav.getnframes(), wav.getframerate()) == (len(clip), SAMPLE_RATE)), None


def _callbacks(viz, port: int) -> tuple[int, int, str]:
    """A key pressed on a text window, as the web page reports it, must reach the registered handler."""
    import websocket
    received = []
    viz.text("press a key", win="keys", env=ENV)
    viz.register_event_handler(received.append, "keys")
    page = websocket.create_connection(f"ws://{local_server.HOST}:{port}/socket", timeout=EVENT_WAIT_S)
    try:
        page.send(json.dumps({"cmd": "forward_to_vis",
                              "data": {"event_type": "KeyPress", "target": "keys", "eid": ENV, "key": "a"}}))
        deadline = time.monotonic() + EVENT_WAIT_S
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        page.close()
    keys = [e for e in received if e.get("event_type") == "KeyPress" and e.get("key") == "a"]
    return 1, len(keys), "a KeyPress event on a text window"
