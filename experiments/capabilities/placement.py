"""Manual device placement (D2): the expressions that put a model, a tensor or an operation on a device by
hand, counted in the code each data-parallel strategy of `experiments.capabilities.distributed` runs: the
functions distribution adds (`Strategy.setup_code`) and its framework's trainer. Read from the source, so
counting needs neither framework.

Counted: `tf.device(...)`, `.to(<a device>)`, `.cuda(...)`, `torch.cuda.set_device(...)`, and the
arguments `device_ids=`, `output_device=` (DistributedDataParallel's devices) and `devices=` (a strategy's
device list). The launcher (`distributed._launch`) is left out: it stands in for torchrun or a cluster
manager and gives each process its GPUs alike for every strategy. How TensorFlow 1.x placed towers, the
way the article describes, is a sourced fact (placement.toml)."""
from __future__ import annotations

import ast
import importlib.util
import tomllib
from datetime import datetime
from pathlib import Path

from experiments.capabilities.distributed import STRATEGIES, Strategy

FACTS = Path(__file__).with_name("placement.toml")
# The trainer of each framework's strategies (experiments.capabilities.distributed.worker), and where it
# puts the batch on its device.
TRAINERS = {
    "torch": (("experiments.capabilities.distributed.worker", ("TorchTrainer",)),
              ("experiments.models.torch_models", ("inputs",))),
    "tensorflow": (("experiments.capabilities.distributed.worker", ("KerasTrainer",)),),
}
PLACING_METHODS = ("cuda", "set_device")
PLACING_KEYWORDS = ("device_ids", "output_device", "devices")
DEVICE_STRINGS = ("cpu", "cuda", "mps")


def placing(tree: ast.AST) -> list[ast.AST]:
    """The calls and keyword arguments under `tree` that place something on a device, in source order."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in PLACING_KEYWORDS:
            found.append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, owner = node.func.attr, node.func.value
            if (method == "device" and isinstance(owner, ast.Name) and owner.id == "tf") or method in PLACING_METHODS:
                found.append(node)
            elif method == "to" and any(map(_is_device, [*node.args, *(k.value for k in node.keywords)])):
                found.append(node)
    return sorted(found, key=lambda node: (node.lineno, node.col_offset))


def _is_device(value: ast.AST) -> bool:
    """A device given to `.to()`: a name or attribute that says device, a device string, or torch.device()."""
    if isinstance(value, ast.Name):
        return "device" in value.id
    if isinstance(value, ast.Attribute):
        return "device" in value.attr
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value.split(":")[0] in DEVICE_STRINGS
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "device"


def statements(module: str, names: tuple[str, ...]) -> list[str]:
    """'file:line: code' of each placing expression in the named functions or classes of `module`."""
    path = Path(importlib.util.find_spec(module).origin)
    source = path.read_text()
    found = {node.name: node for node in ast.walk(ast.parse(source))
             if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    missing = [name for name in names if name not in found]
    if missing:
        raise LookupError(f"{module} has no function or class {', '.join(missing)}")
    shown = "/".join(path.parts[-(module.count(".") + (path.name == "__init__.py") + 1):])  # from the project root
    return [f"{shown}:{node.lineno}: {ast.get_source_segment(source, node)}"
            for name in names for node in placing(found[name])]


def measure(frameworks: list[str], run_id: str, measured_at: datetime) -> list[dict]:
    """One placement_counts row per strategy of `frameworks` counted in our code, then the sourced facts."""
    rows = [_counted(strategy, run_id, measured_at) for strategy in STRATEGIES if strategy.framework in frameworks]
    return rows + [{"run_id": run_id, "measured_at": measured_at, "kind": "documented", "status": "ok",
                    "reason": None, "code": None, **fact} for fact in facts() if fact["framework"] in frameworks]


def _counted(strategy: Strategy, run_id: str, measured_at: datetime) -> dict:
    units = [strategy.setup_code, *TRAINERS[strategy.framework]]
    row = {"run_id": run_id, "measured_at": measured_at, "framework": strategy.framework,
           "strategy": strategy.key, "name": strategy.names["cpu"].split(" (")[0],  # the same code on every device
           "kind": "code", "code": [f"{module}.{name}" for module, names in units for name in names],
           "fact": None, "source": None, "read_on": None}
    try:
        found = [statement for module, names in units for statement in statements(module, names)]
    except LookupError as exc:
        return {**row, "status": "failed", "reason": str(exc), "placements": None, "statements": None}
    return {**row, "status": "ok", "reason": None, "placements": len(found), "statements": found}


def facts(path: Path = FACTS) -> list[dict]:
    """The TensorFlow 1.x facts, each with its source page and the day it was read."""
    fields = ("strategy", "framework", "name", "placements", "statements", "fact", "source", "read_on")
    read = tomllib.loads(Path(path).read_text())["facts"]
    missing = [(f.get("strategy", "?"), field) for f in read for field in fields if field not in f]
    if missing:
        raise ValueError(f"{path}: facts lack fields: {missing}")
    return [{field: fact[field] for field in fields} for fact in read]
