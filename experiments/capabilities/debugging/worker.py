"""One framework's process for the debugging measurement, driven by the parent over JSON lines:

    python -m experiments.capabilities.debugging.worker --framework torch --threads 1 --device cpu

It first answers {"ok": true, "fingerprint"} or {"ok": false, "reason"}. Then, per request:
  {"op": "debug", "modes"} -> {"modes": [per mode, `provoke.shown`'s answer, or {"error"} when the bug
                                         could not be provoked in that mode]}
  {"op": "quit"}"""
from __future__ import annotations

import argparse
import json
import sys
import traceback

from experiments import frameworks
from experiments.capabilities.debugging import provoke
from experiments.processes import protocol

REASON_CHARS = 2000


def debug(framework: str, device: str, modes: list[str]) -> dict:
    answers = []
    for mode in modes:
        try:
            answers.append(provoke.shown(framework, mode, device))
        except Exception as exc:  # the mode could not be built, or the bug raised nothing
            traceback.print_exc()
            answers.append({"error": f"{type(exc).__name__}: {exc}"[:REASON_CHARS]})
    return {"modes": answers}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--framework", required=True, choices=frameworks.NAMES)
    parser.add_argument("--threads", required=True, type=int)
    parser.add_argument("--device", required=True, choices=["cpu", "cuda"])
    args = parser.parse_args(argv)
    answers = protocol.channel()
    try:
        backend = frameworks.start(args.framework, args.threads, args.device)
    except frameworks.Unavailable as exc:
        protocol.send(answers, {"ok": False, "reason": str(exc)})
        return
    protocol.send(answers, {"ok": True, "fingerprint": backend.fingerprint(args.device)})
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        if op == "quit":
            return
        if op != "debug":
            raise ValueError(f"unknown op {op!r}")
        protocol.send(answers, debug(args.framework, args.device, **request))


if __name__ == "__main__":
    main()
