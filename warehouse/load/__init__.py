"""Persistence: every write the flows make, and every read they need, one module per subject
(`papers`, `jobs`, `community`, `experiments`, `capabilities`, `runs`), each function taking the connection.

Loads are bulk and idempotent: rows replace the rows that share their key (`replace`)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, **relations) -> Iterator[None]:
    """One transaction, with `relations` (DataFrames or Arrow tables) registered under their names for its
    statements: committed at the end, rolled back on an error, the relations unregistered either way."""
    for name, relation in relations.items():
        con.register(name, relation)
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in relations:
            con.unregister(name)


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
    with transaction(con, incoming_keys=keys, incoming_rows=rows):
        con.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM incoming_keys k WHERE {match})")
        if not rows.empty:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
    return len(rows)
