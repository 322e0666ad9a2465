"""Every flow run -> `runs` (with what each source did), and the items that failed -> `failures`."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import duckdb
import pandas as pd

from warehouse.load import replace


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, flow: str, started_at: datetime, status: str,
               params: dict, counts: list[dict]) -> None:
    """The run, finished now; `counts` holds one object per source (status, reason, fetched, failed, skipped)."""
    row = pd.DataFrame([{
        "run_id": run_id,
        "flow": flow,
        "started_at": started_at,
        "finished_at": datetime.now(timezone.utc),
        "status": status,
        "params": json.dumps(params, default=str),
        "counts": json.dumps(counts),
    }])
    replace(con, "runs", row, ["run_id", "flow"])


def record_failures(con: duckdb.DuckDBPyConnection, run_id: str, failures: list[dict]) -> None:
    """Failed items (source, item, url, reason, failed_at), kept with every run that met them."""
    if failures:
        con.register("new_failures", pd.DataFrame(failures).assign(run_id=run_id))
        con.execute("INSERT INTO failures BY NAME SELECT * FROM new_failures")
        con.unregister("new_failures")
