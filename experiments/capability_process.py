"""Starting a capability process (`experiments.capability_worker`) and asking it for one thing."""
from __future__ import annotations

from experiments.processes import START_TIMEOUT_S, Child


class RequestFailed(Exception):
    """The process answered with an error instead of a result."""


class CapabilityProcess(Child):
    """A framework's capability process. `unavailable` holds why the framework cannot run here."""

    def __init__(self, framework: str, threads: int):
        super().__init__("experiments.capability_worker", ["--framework", framework, "--threads", str(threads)],
                         threads)
        self.framework = framework
        hello = self.receive(START_TIMEOUT_S)
        self.unavailable: str | None = None if hello["ok"] else hello["reason"]
        self.fingerprint: dict = hello.get("fingerprint", {})

    def ask(self, op: str, timeout_s: float, **arguments) -> dict:
        answer = self.request({"op": op, **arguments}, timeout_s)
        if "error" in answer:
            raise RequestFailed(answer["error"])
        return answer
