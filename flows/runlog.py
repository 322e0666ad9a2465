"""What each source did in a run, the items that failed, and `flow_run`: the one wrapper every flow runs in,
which keeps both in the warehouse (`runs`, `failures`)."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import duckdb
from prefect.runtime import flow_run as prefect_flow_run

from flows import settings
from flows.report import report_flow
from warehouse import db
from warehouse.load import runs

T = TypeVar("T")


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
    return prefect_flow_run.get_id() or uuid.uuid4().hex


class Run:
    """A flow run in progress: a line per source (`results`), the items that failed (`failures`), and the
    warehouse connection, opened on first use so that a run that measures for minutes before it loads
    does not hold the warehouse meanwhile."""

    def __init__(self, db_path: Path):
        self.id = current_run_id()
        self.started_at = now()
        self.results: list[SourceResult] = []
        self.failures: list[Failure] = []
        self.recorded = True  # a dry run leaves no record
        self._db_path = db_path
        self._con: duckdb.DuckDBPyConnection | None = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = db.connect(self._db_path)
        return self._con

    def attempt(self, result: SourceResult, item: str, fetch: Callable[..., T], *args) -> T | None:
        """`fetch(*args)`, or None when it raises: the exception becomes a failure of `item`, counted on
        `result`, and the run goes on with the other items and sources."""
        try:
            return fetch(*args)
        except Exception as exc:  # a changed page, an unreachable host: recorded with its reason
            result.failed += 1
            result.reason = str(exc)
            self.failures.append(Failure(result.source, item, getattr(exc, "url", None), str(exc)))
            return None

    def status(self) -> str:
        if all(r.status == "ok" for r in self.results):
            return "ok"
        return "failed" if all(r.status == "failed" for r in self.results) else "partial"

    def close(self) -> None:
        if self._con is not None:
            self._con.close()


@contextmanager
def flow_run(flow: str, params: dict, *, db_path: str | Path | None = None, report: bool = False) -> Iterator[Run]:
    """Runs the block as one run of `flow`: at the end a source whose every item failed is failed, the
    failures and the run are recorded, the connection is closed, and with `report` the report is built."""
    run = Run(Path(db_path or settings.db_path()))
    try:
        yield run
        for result in run.results:
            if result.failed and not result.fetched:
                result.status = "failed"
        if run.recorded:
            runs.record_failures(run.con, run.id, [asdict(f) for f in run.failures])
            runs.record_run(run.con, run.id, flow, run.started_at, run.status(), params,
                            [asdict(r) for r in run.results])
    finally:
        run.close()
    if report and run.recorded:
        report_flow()
