"""The visualisation feature matrix (the article's V1-V3, PT-1): TensorBoard written from TensorFlow,
TensorBoard written from PyTorch, and Visdom given the PyTorch run each try every feature the article lists
(features.FEATURES). A feature counts as supported only when what was written is read back, by TensorBoard's
own reader or through Visdom's own API; one the tool has no way to express is unsupported, with the reason.
Visdom's server is started on 127.0.0.1 for the measurement and stopped after it."""
from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path

from experiments.capabilities import local_server
from experiments.capabilities import rows as capability_rows
from experiments.capabilities.process import CapabilityProcess, RequestFailed
from experiments.capabilities.visualisation import visdom_server
from experiments.capabilities.visualisation.features import FEATURES, STATUSES
from experiments.processes import ProcessDied

# The tools each framework's process writes to.
TOOLS = {"tensorflow": ("TensorBoard",), "torch": ("TensorBoard", "Visdom")}
PACKAGES = {"TensorBoard": "tensorboard", "Visdom": "visdom"}
TIMEOUT_S = 300


def measure(frameworks: list[str], root: Path, run_id: str, measured_at: datetime, threads: int) -> list[dict]:
    """One visualisation_features row per tool, framework and feature. TensorBoard logs go to
    <root>/<run id>/tensorboard-<framework>; Visdom's server keeps its state in <root>/<run id>/visdom-torch."""
    rows = []
    for framework in frameworks:
        process = CapabilityProcess(framework, threads)
        try:
            for tool in TOOLS[framework]:
                directory = Path(root) / run_id / f"{tool.lower()}-{framework}"
                common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device="cpu",
                              threads=threads, tool=tool, log_dir=str(directory) if tool == "TensorBoard" else None)
                rows += _tool(process, common, directory)
        finally:
            process.close()
    return rows


def _tool(process: CapabilityProcess, common: dict, directory: Path) -> list[dict]:
    package = PACKAGES[common["tool"]]
    if importlib.util.find_spec(package) is None:
        return _every_feature(common, "not_run", f"the {package} package is not installed")
    if process.unavailable:
        return _every_feature(common, "not_run", process.unavailable)
    if common["tool"] == "TensorBoard":
        return _asked(process, common, log_dir=str(directory))
    try:
        with visdom_server.running(directory) as port:
            return _asked(process, common, port=port)
    except local_server.DidNotStart as exc:
        return _every_feature(common, "not_run", f"Visdom's server did not start: {exc}")


def _asked(process: CapabilityProcess, common: dict, **arguments) -> list[dict]:
    """The framework's process writes every feature with the tool and reads it back."""
    try:
        answer = process.ask("visualise", TIMEOUT_S, tool=common["tool"], **arguments)
    except (RequestFailed, ProcessDied) as exc:
        return _every_feature(common, "failed", str(exc), process.fingerprint)
    return [capability_rows.row(**common, framework_fingerprint=process.fingerprint, statuses=STATUSES, **feature)
            for feature in answer["features"]]


def _every_feature(common: dict, status: str, reason: str, fingerprint: dict | None = None) -> list[dict]:
    return [capability_rows.row(**common, framework_fingerprint=fingerprint or {}, status=status, reason=reason,
                                statuses=STATUSES, feature=feature) for feature in FEATURES]
