"""Lines of code a framework needs to set something up, counted from the functions that do it: the
non-blank, non-comment lines of their bodies, docstrings left out. Read from the source files, so
counting needs neither framework."""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path


def count(module: str, functions: tuple[str, ...]) -> int:
    path = Path(importlib.util.find_spec(module).origin)
    source = path.read_text()
    lines = source.splitlines()
    found = {node.name: node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef)}
    missing = [name for name in functions if name not in found]
    if missing:
        raise LookupError(f"{module} has no function {', '.join(missing)}")
    total = 0
    for name in functions:
        body = found[name].body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and len(body) > 1:
            body = body[1:]  # the docstring
        for number in range(body[0].lineno, body[-1].end_lineno + 1):
            text = lines[number - 1].strip()
            if text and not text.startswith("#"):
                total += 1
    return total
