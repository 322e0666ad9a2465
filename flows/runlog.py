"""What each source did in a run, and the `runs` / `failures` rows that keep it."""
from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

import pandas as pd
from prefect.runtime import flow_run

from warehouse.load import replace


@dataclass
class SourceResult:
    source: str
    status: str = "ok"  # ok | failed
    reason: str | None = None
    fetched: int = 0
    failed: int = 0
    skipped: int = 0

    def fail(self, reason: str) -> None:
        self.status, self.reason = "failed", reason

    def line(self) -> str:
        counts = f"fetched {self.fetched}, failed {self.failed}, skipped {self.skipped}"
        why = f": {self.reason}" if self.reason else ""
        return f"{self.source:<24} {self.status:<7} {counts}{why}"


@dataclass
class Failure:
    source: str
    item: str
    url: str | None
    reason: str
    failed_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


def now() -> datetime:
    return datetime.now(timezone.utc)


def current_run_id() -> str:
    return flow_run.get_id() or uuid.uuid4().hex


def record_run(con, flow: str, started_at: datetime, params: dict, results: list[SourceResult]) -> str:
    run_id = current_run_id()
    status = "ok" if all(r.status == "ok" for r in results) else (
        "failed" if all(r.status == "failed" for r in results) else "partial"
    )
    row = pd.DataFrame([{
        "run_id": run_id,
        "flow": flow,
        "started_at": started_at,
        "finished_at": now(),
        "status": status,
        "params": json.dumps(params, default=str),
        "counts": json.dumps([asdict(r) for r in results]),
    }])
    replace(con, "runs", row, ["run_id", "flow"])
    return run_id


def record_failures(con, failures: list[Failure]) -> None:
    if failures:
        rows = pd.DataFrame([asdict(f) for f in failures]).assign(run_id=current_run_id())
        con.register("new_failures", rows)
        con.execute("INSERT INTO failures BY NAME SELECT * FROM new_failures")
        con.unregister("new_failures")
