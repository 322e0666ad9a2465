"""The TensorBoard measurement: each framework trains a workload for a few steps and logs its loss with
its own writer under one log directory; TensorBoard's reader must give back every value written."""
from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

import numpy as np

from experiments.capabilities import rows as capability_rows
from experiments.capabilities.process import attempt
from experiments.capabilities.tensorboard import logs as tensorboard_logs

WORKLOAD = "mlp"
STEPS = 20
BATCH_SIZE = 32
TIMEOUT_S = 300


def measure(frameworks: list[str], root: Path, run_id: str, measured_at: datetime, threads: int) -> list[dict]:
    """One tensorboard_logging row per framework."""
    rows = []
    for framework in frameworks:
        log_dir = tensorboard_logs.run_dir(root, run_id, framework, WORKLOAD)
        common = dict(run_id=run_id, measured_at=measured_at, framework=framework, device="cpu", threads=threads,
                      workload=WORKLOAD, log_dir=str(log_dir))
        # Both writers (torch.utils.tensorboard and tf.summary) and the reader live in this package.
        rows.append(attempt(common, "tensorboard", "tensorboard", TIMEOUT_S, partial(_checked, common, log_dir),
                            log_dir=str(log_dir), workload=WORKLOAD, steps=STEPS, batch_size=BATCH_SIZE))
    return rows


def _checked(common: dict, log_dir: Path, written: dict, fingerprint: dict) -> dict:
    read = tensorboard_logs.read_back(log_dir)
    # float32 in the event file: the values come back rounded to single precision.
    same = len(read) == len(written["losses"]) and np.allclose(read, written["losses"], rtol=1e-6)
    return capability_rows.row(
        **common, framework_fingerprint=fingerprint,
        status="ok" if same else "failed",
        reason=None if same else (f"wrote {written['events_written']} loss values, TensorBoard read back "
                                  f"{len(read)}{'' if len(read) != len(written['losses']) else ' different ones'}"),
        events_written=written["events_written"], events_read_back=len(read), write_s=written["write_s"],
    )
