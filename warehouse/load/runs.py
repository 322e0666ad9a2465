"""Every flow run -> `runs` (written at its start, closed at its end, with what each source did), and the
items that failed -> `failures`, one row per item."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import duckdb
import pandas as pd

from warehouse.load import replace


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow: str, started_at: datetime, params: dict,
              host: str, pid: int) -> None:
    """The run, 'running' until `record_run` or `close_interrupted` closes it."""
    row = pd.DataFrame([{
        "run_id": run_id, "flow": flow, "started_at": started_at, "status": "running",
        "params": json.dumps(params, default=str), "host": host, "pid": pid,
    }])
    replace(con, "runs", row, ["run_id", "flow"])


def record_progress(con: duckdb.DuckDBPyConnection, run_id: str, counts: list[dict]) -> None:
    """What each source has done so far, kept on the running row so that a killed run leaves it."""
    con.execute("UPDATE runs SET counts = ? WHERE run_id = ? AND status = 'running'", [json.dumps(counts), run_id])


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, flow: str, started_at: datetime, status: str,
               params: dict, counts: list[dict]) -> None:
    """The run, finished now (its 'running' row replaced); `counts` holds one object per source (status,
    reason, fetched, failed, skipped)."""
    row = pd.DataFrame([{
        "run_id": run_id, "flow": flow, "started_at": started_at, "finished_at": datetime.now(timezone.utc),
        "status": status, "params": json.dumps(params, default=str), "counts": json.dumps(counts),
    }])
    replace(con, "runs", row, ["run_id", "flow"])


def discard_run(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])


def running(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None, int | None]]:
    """(run_id, host, pid) of every run still marked 'running'."""
    return con.execute("SELECT run_id, host, pid FROM runs WHERE status = 'running'").fetchall()


def close_interrupted(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> None:
    """Runs whose process ended without closing them."""
    if run_ids:
        con.execute("UPDATE runs SET status = 'interrupted' WHERE list_contains(?, run_id) AND status = 'running'",
                    [run_ids])


def record_failures(con: duckdb.DuckDBPyConnection, run_id: str, failures: list[dict]) -> None:
    """Failed items (source, item, url, reason, failed_at): one row per item, with its latest reason and run,
    when it first and last failed, and how many times."""
    if not failures:
        return
    frame = pd.DataFrame(failures).sort_values("failed_at")
    per_item = frame.groupby(["source", "item"], as_index=False).agg(
        url=("url", "last"), reason=("reason", "last"), first_failed_at=("failed_at", "first"),
        failed_at=("failed_at", "last"), attempts=("reason", "size"))
    con.register("new_failures", per_item.assign(run_id=run_id))
    try:
        con.execute("""
            MERGE INTO failures f USING new_failures n ON f.source = n.source AND f.item = n.item
            WHEN MATCHED THEN UPDATE SET url = n.url, reason = n.reason, failed_at = n.failed_at,
                                         attempts = f.attempts + n.attempts, run_id = n.run_id
            WHEN NOT MATCHED THEN INSERT BY NAME""")
    finally:
        con.unregister("new_failures")
