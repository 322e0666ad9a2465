"""Source health: what each `fwtrends sources check` found -> `source_checks`."""
from __future__ import annotations

import duckdb
import pandas as pd


def load_source_checks(con: duckdb.DuckDBPyConnection, checks: list[dict]) -> None:
    """Each check is kept: the mart `source_health` shows the latest per source."""
    if checks:
        con.register("incoming_checks", pd.DataFrame(checks))
        con.execute("INSERT INTO source_checks BY NAME SELECT * FROM incoming_checks")
        con.unregister("incoming_checks")
