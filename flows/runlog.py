"""What each source did in a run, the items that failed, and `flow_run`: the one wrapper every flow runs in,
which keeps both in the warehouse (`runs`, `failures`)."""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
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
    status: str = "ok"  # ok | partial (some items failed) | failed
    reason: str | None = None
    fetched: int = 0
    failed: int = 0
    skipped: int = 0

    def fail(self, reason: str) -> None:
        self.status, self.reason = "failed", reason

    def line(self, width: int = 24) -> str:
        """The source's line of a run's summary, its name padded to `width`."""
        counts = f"fetched {self.fetched}, failed {self.failed}, skipped {self.skipped}"
        why = f": {self.reason}" if self.reason else ""
        return f"{self.source:<{width}} {self.status:<7} {counts}{why}"


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
    """A flow run in progress: a line per source (`results`), the items that failed (`failures`), and short
    read-write connections to the warehouse (`warehouse()`), one per load, so that readers and other runs get
    in between loads of a scrape that lasts hours."""

    def __init__(self, db_path: Path):
        self.id = current_run_id()
        self.started_at = now()
        self.results: list[SourceResult] = []
        self.failures: list[Failure] = []
        self.recorded = True  # a dry run leaves no record
        self._db_path = db_path
        self._set_up = False
        self._failures_kept = 0

    @contextmanager
    def warehouse(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection for one load, closed after it; the failures met since the last load are kept
        first, with what each source has done so far, so that a killed run loses neither."""
        con = db.connect(self._db_path, setup=not self._set_up)
        self._set_up = True
        try:
            if self.recorded:
                self._keep_progress(con)
            yield con
        finally:
            con.close()

    def _keep_progress(self, con: duckdb.DuckDBPyConnection) -> None:
        runs.record_failures(con, self.id, [asdict(f) for f in self.failures[self._failures_kept:]])
        self._failures_kept = len(self.failures)
        runs.record_progress(con, self.id, [asdict(r) for r in self.results])

    def attempt(self, result: SourceResult, item: str, fetch: Callable[..., T], *args) -> T | None:
        """`fetch(*args)`, or None when it raises: the exception becomes a failure of `item`, counted on
        `result`, and the run goes on with the other items and sources."""
        try:
            return fetch(*args)
        except Exception as exc:  # a changed page, an unreachable host: recorded with its reason
            self.fail(result, item, exc)
            return None

    def fail(self, result: SourceResult, item: str, error: Exception) -> None:
        """`item` failed with `error`: counted on `result`, and kept with its reason to be tried again next run."""
        result.failed += 1
        result.reason = str(error)
        self.failures.append(Failure(result.source, item, getattr(error, "url", None), str(error)))

    def status(self) -> str:
        if all(r.status == "ok" for r in self.results):
            return "ok"
        return "failed" if all(r.status == "failed" for r in self.results) else "partial"

    def settle(self) -> None:
        """A source whose every item failed is failed; one with some failed items is partial."""
        for result in self.results:
            if result.failed and result.status == "ok":
                result.status = "partial" if result.fetched else "failed"


@contextmanager
def flow_run(flow: str, params: dict, *, db_path: str | Path | None = None, report: bool = False) -> Iterator[Run]:
    """Runs the block as one run of `flow`: a 'running' row at the start (closing as 'interrupted' any run whose
    process is gone), and at the end the sources settled, the failures and the run recorded, and with `report`
    the report built. A block that raises closes its run as 'interrupted', keeping the failures met."""
    run = Run(Path(db_path or settings.db_path()))
    with run.warehouse() as con:
        runs.close_interrupted(con, [run_id for run_id, host, pid in runs.running(con) if not alive(host, pid)])
        runs.start_run(con, run.id, flow, run.started_at, params, socket.gethostname(), os.getpid())
    try:
        yield run
    except BaseException:
        with suppress(db.WarehouseError), run.warehouse() as con:
            runs.close_interrupted(con, [run.id])
        raise
    run.settle()
    with run.warehouse() as con:
        if run.recorded:
            runs.record_run(con, run.id, flow, run.started_at, run.status(), params, [asdict(r) for r in run.results])
        else:
            runs.discard_run(con, run.id)
    if report and run.recorded:
        report_flow()


def alive(host: str | None, pid: int | None) -> bool:
    """Whether the process that started a run still runs; one on another machine is taken to."""
    if host is None or pid is None:
        return False
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
