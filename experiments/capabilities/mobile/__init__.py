"""The mobile measurement: the cnn workload converted to each framework's on-device format (TensorFlow
Lite; ExecuTorch for PyTorch), run on this CPU by the format's own runtime: file size, whether the
outputs equal the original model's, and latency at batch 1 against the original's."""
from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

from experiments.capabilities import rows as capability_rows
from experiments.capabilities.mobile import formats as mobile_formats
from experiments.capabilities.process import attempt

WORKLOAD = "cnn"
SEED = 0
TIMEOUT_S = 300


def measure(frameworks: list[str], root: Path, run_id: str, measured_at: datetime, threads: int,
            calls: int) -> list[dict]:
    """One mobile_export row per framework."""
    rows = []
    for framework in frameworks:
        common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device="cpu", threads=threads,
                      workload=WORKLOAD, format=mobile_formats.FORMATS[framework], calls=calls)
        directory = Path(root) / run_id / f"{framework}-{WORKLOAD}"
        directory.mkdir(parents=True, exist_ok=True)
        rows.append(attempt(common, mobile_formats.PACKAGES[framework], "mobile", TIMEOUT_S,
                            partial(_checked, common), workload=WORKLOAD, directory=str(directory), seed=SEED,
                            calls=calls))
    return rows


def _checked(common: dict, measured: dict, fingerprint: dict) -> dict:
    same = measured.pop("outputs_match")
    measured.pop("path")
    why = f"on-device outputs differ from the original's by {measured['output_diff']:.3g}"
    return capability_rows.row(**common, framework_fingerprint=fingerprint, status="ok" if same else "failed",
                               reason=None if same else why, outputs_match=same, **measured)
