"""One framework's process for the debugging measurement, driven by the parent over JSON lines:

    python -m experiments.capabilities.debugging.worker --framework torch --threads 1 --device cpu

It first answers {"ok": true, "fingerprint"} or {"ok": false, "reason"}. Then, per request:
  {"op": "debug", "modes"} -> {"modes": [per mode, `provoke.shown`'s answer, or {"error"} when the bug
                                         could not be provoked in that mode]}
  {"op": "quit"}"""
from __future__ import annotations

import traceback

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


if __name__ == "__main__":
    protocol.serve(__doc__, {"debug": debug}, REASON_CHARS)
