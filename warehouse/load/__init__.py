"""Persistence: every write the flows make, and every read they need, one module per subject
(`papers`, `jobs`, `community`, `experiments`, `capabilities`, `runs`), each function taking the connection.

Loads are bulk and idempotent: rows replace the rows that share their key (`replace`)."""
from __future__ import annotations

import duckdb
import pandas as pd


def replace(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: pd.DataFrame,
    key: list[str],
    keys: pd.DataFrame | None = None,
) -> int:
    """Delete the rows of `table` whose `key` matches `keys` (default: the keys of `rows`), then insert
    `rows` by column name, in one transaction. Loading the same rows twice leaves the same table.

    Pass `keys` when a key may lose all its rows, e.g. a paper re-read with no mentions left."""
    keys = (rows if keys is None else keys)[key].drop_duplicates()
    if keys.empty and rows.empty:
        return 0
    match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM k.{k}" for k in key)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("incoming_keys", keys)
        con.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM incoming_keys k WHERE {match})")
        if not rows.empty:
            con.register("incoming_rows", rows)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("incoming_keys")
        con.unregister("incoming_rows")
    return len(rows)
