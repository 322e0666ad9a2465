"""JSON lines between the measuring parent and its framework processes.

A child answers on its original stdout; everything else that writes to fd 1 (framework banners,
compiler output) is sent to stderr, so nothing can corrupt the answers."""
from __future__ import annotations

import json
import os
import sys
from typing import TextIO


def channel() -> TextIO:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return answers


def send(answers: TextIO, message: dict) -> None:
    answers.write(json.dumps(message) + "\n")
    answers.flush()
