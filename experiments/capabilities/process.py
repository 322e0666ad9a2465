"""Starting a capability process (`experiments.capabilities.worker`) and asking it for one thing."""
from __future__ import annotations

import importlib.util
from collections.abc import Callable

from experiments.capabilities import rows as capability_rows
from experiments.processes import START_TIMEOUT_S, Child, ProcessDied


class RequestFailed(Exception):
    """The process answered with an error instead of a result."""


class CapabilityProcess(Child):
    """A framework's capability process: `experiments.capabilities.worker`, or another `module` that answers
    alike, given `args` beyond the framework and threads. `unavailable` holds why the framework cannot run here."""

    def __init__(self, framework: str, threads: int, module: str = "experiments.capabilities.worker",
                 args: tuple[str, ...] = ()):
        super().__init__(module, ["--framework", framework, "--threads", str(threads), *args], threads)
        self.framework = framework
        hello = self.receive(START_TIMEOUT_S)
        self.unavailable: str | None = None if hello["ok"] else hello["reason"]
        self.fingerprint: dict = hello.get("fingerprint", {})

    def ask(self, op: str, timeout_s: float, **arguments) -> dict:
        answer = self.request({"op": op, **arguments}, timeout_s)
        if "error" in answer:
            raise RequestFailed(answer["error"])
        return answer


def attempt(common: dict, package: str, op: str, timeout_s: float, judge: Callable[[dict, dict], dict],
            **arguments) -> dict:
    """One capability row for `common["framework"]`: not run when `package` is missing or the framework
    cannot start here; failed when its process answers `op` with an error or dies; else
    `judge(answer, fingerprint)`."""
    if importlib.util.find_spec(package) is None:
        return capability_rows.row(**common, framework_fingerprint={}, status="not_run",
                                   reason=f"the {package} package is not installed")
    process = CapabilityProcess(common["framework"], common["threads"])
    try:
        if process.unavailable:
            return capability_rows.row(**common, framework_fingerprint={}, status="not_run",
                                       reason=process.unavailable)
        try:
            answer = process.ask(op, timeout_s, **arguments)
        except (RequestFailed, ProcessDied) as exc:
            return capability_rows.row(**common, framework_fingerprint=process.fingerprint, status="failed",
                                       reason=str(exc))
        return judge(answer, process.fingerprint)
    finally:
        process.close()
