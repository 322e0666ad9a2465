"""TorchServe's handler for a workload saved with torch.export: packed into the model archive beside the
model and its spec, and imported by TorchServe's Python worker from the unpacked archive. Each request's
JSON body {"inputs": [...]} is answered with {"outputs": [...]}."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from experiments.capabilities.serving import exports

SPEC = "serving.json"  # {"workload", "dtype"}: which workload the model is, and its inputs' dtype


class WorkloadHandler:
    def initialize(self, context) -> None:
        model_dir = Path(context.system_properties["model_dir"])
        spec = json.loads((model_dir / SPEC).read_text())
        self.dtype = spec["dtype"]
        self.predict = exports.load("torch", spec["workload"], model_dir / exports.FILES["torch_export"],
                                    "torch_export")

    def handle(self, requests: list[dict], context) -> list[dict]:
        return [{"outputs": self.predict(np.asarray(request["body"]["inputs"], dtype=self.dtype)).tolist()}
                for request in requests]
