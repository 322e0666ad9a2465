"""JSON lines between the measuring parent and its framework processes.

A child answers on its original stdout; everything else that writes to fd 1 (framework banners,
compiler output) is sent to stderr, so nothing can corrupt the answers."""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import TextIO

from experiments import frameworks


def channel() -> TextIO:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return answers


def send(answers: TextIO, message: dict) -> None:
    answers.write(json.dumps(message) + "\n")
    answers.flush()


def serve(description: str, handlers: dict[str, Callable[..., dict]], reason_chars: int = 2000) -> None:
    """The child's side for a framework process that answers ops: `--framework`, `--threads` and `--device`
    from the command line; the framework started and a hello ({"ok", "fingerprint"} or {"ok": false,
    "reason"}); then per request line `handlers[op](framework, device, **request)`, until {"op": "quit"}. A
    request that fails answers {"error": "<type>: <message>"} and the process carries on."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--framework", required=True, choices=frameworks.NAMES)
    parser.add_argument("--threads", required=True, type=int)
    parser.add_argument("--device", required=True, choices=["cpu", "cuda"])
    args = parser.parse_args()
    answers = channel()
    try:
        backend = frameworks.start(args.framework, args.threads, args.device)
    except frameworks.Unavailable as exc:
        send(answers, {"ok": False, "reason": str(exc)})
        return
    send(answers, {"ok": True, "fingerprint": backend.fingerprint(args.device)})
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        if op == "quit":
            return
        if op not in handlers:
            raise ValueError(f"unknown op {op!r}")
        try:
            answer = handlers[op](args.framework, args.device, **request)
        except Exception as exc:  # one failed request is reported; the parent decides what follows
            traceback.print_exc()
            answer = {"error": f"{type(exc).__name__}: {exc}"[:reason_chars]}
        send(answers, answer)
