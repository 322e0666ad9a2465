"""Servers a measurement runs as processes of its own on 127.0.0.1 (Visdom, TorchServe): a free port,
waiting until one is ready (or has died, or is out of time) with the tail of its log as the reason, and
stopping it."""
from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

HOST = "127.0.0.1"
LOG_TAIL_CHARS = 1500
POLL_S = 0.2


class DidNotStart(Exception):
    """The server exited, or was not ready in time."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=POLL_S).close()
        return True
    except OSError:
        return False


def wait_until_ready(ready: Callable[[], bool], process: subprocess.Popen, timeout_s: float, log: Path) -> float:
    """Seconds until `ready()`; raises DidNotStart when `process` exits first or `timeout_s` passes."""
    started = time.perf_counter()
    while not ready():
        if process.poll() is not None:
            raise DidNotStart(f"exited with status {process.returncode}; its last output: {log_tail(log)}")
        if time.perf_counter() - started > timeout_s:
            raise DidNotStart(f"not ready within {timeout_s:g} s; its last output: {log_tail(log)}")
        time.sleep(POLL_S)
    return time.perf_counter() - started


def stop(process: subprocess.Popen, timeout_s: float) -> None:
    """Asks the process to end, then kills it if it has not within `timeout_s`."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def log_tail(log: Path) -> str:
    text = Path(log).read_text(errors="replace") if Path(log).exists() else ""
    return text[-LOG_TAIL_CHARS:].strip() or "(none)"
