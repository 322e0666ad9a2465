"""The parent's side of the framework processes: starting them with their thread settings, talking
JSON lines to them with time limits, and telling why one stopped answering."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading

from experiments import frameworks

START_TIMEOUT_S = 300  # importing TensorFlow from a cold disk cache is slow
STDERR_TAIL_CHARS = 1500


class ProcessDied(Exception):
    """The process exited, or did not answer in time (then it is killed)."""


class Child:
    """A `python -m <module>` process with the run's thread settings, answering one JSON line per request."""

    def __init__(self, module: str, args: list[str], threads: int):
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
            env={**os.environ, **frameworks.thread_env(threads)},
        )
        self._answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read_answers, daemon=True).start()

    def _read_answers(self) -> None:
        for line in self._proc.stdout:
            self._answers.put(line)
        self._answers.put(None)  # end of output: the process has exited

    def send(self, message: dict) -> None:
        try:
            self._proc.stdin.write(json.dumps(message) + "\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise ProcessDied(self._why(f"could not send a request ({exc})")) from exc

    def receive(self, timeout_s: float) -> dict:
        try:
            line = self._answers.get(timeout=timeout_s)
        except queue.Empty:
            self._proc.kill()
            raise ProcessDied(self._why(f"no answer within {timeout_s:g} s, killed")) from None
        if line is None:
            self._proc.wait()
            raise ProcessDied(self._why(f"exited with status {self._proc.returncode}"))
        return json.loads(line)

    def request(self, message: dict, timeout_s: float) -> dict:
        self.send(message)
        return self.receive(timeout_s)

    def stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")[-STDERR_TAIL_CHARS:]

    def _why(self, what: str) -> str:
        return f"{what}; its last output: {self.stderr_tail().strip() or '(none)'}"

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                self.send({"op": "quit"})
                self._proc.wait(timeout=30)
            except (ProcessDied, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._stderr.close()


class Worker(Child):
    """One framework's measuring process (`experiments.timing.worker`). `unavailable` holds why it cannot run."""

    def __init__(self, framework: str, device: str, threads: int):
        super().__init__("experiments.timing.worker",
                         ["--framework", framework, "--device", device, "--threads", str(threads)], threads)
        self.framework = framework
        hello = self.receive(START_TIMEOUT_S)
        self.unavailable: str | None = None if hello["ok"] else hello["reason"]
        self.fingerprint: dict = hello.get("fingerprint", {})


def check_equivalence(hparams: dict[str, dict], threads: int, timeout_s: float) -> dict[str, dict]:
    """Runs `experiments.models.equivalence` on the given workloads ({name: hparams dict}); returns each
    workload's result, or {"passed": None, "reason"} when it could not be checked."""
    child = Child("experiments.models.equivalence", [], threads)
    results: dict[str, dict] = {}
    try:
        child.send({"threads": threads, "workloads": hparams})
        for _ in hparams:
            answer = child.receive(timeout_s)
            if "unavailable" in answer:
                return {w: {"passed": None, "reason": f"unchecked: {answer['unavailable']}"} for w in hparams}
            results[answer["workload"]] = answer
    except ProcessDied as exc:
        for workload in hparams:
            results.setdefault(workload, {"passed": False, "reason": f"the check did not finish: {exc}"})
    finally:
        child.close()
    return results
