"""Users' own SQL on the warehouse: one statement, on a connection that can read the warehouse and
nothing else (no file reads or writes, no ATTACH, no extensions, settings locked), by DuckDB's own
configuration rather than by inspecting the text."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from warehouse import db

LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}


class QueryRefused(Exception):
    """The query is not one statement, or asked for something the locked-down connection refuses."""


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    return db.connect(path, read_only=True, config=LOCKED_DOWN)


def run(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame | None:
    """The statement's rows (None for a statement without any); a refusal or a SQL error raises
    `QueryRefused` with DuckDB's one-line reason."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(_first_line(exc)) from exc
    if len(statements) != 1:
        raise QueryRefused(f"one statement at a time, please (got {len(statements)})")
    try:
        relation = con.sql(sql)
        return relation.df() if relation is not None else None
    except duckdb.PermissionException as exc:
        raise QueryRefused(f"{_first_line(exc)} (fwtrends sql reads the warehouse only)") from exc
    except duckdb.Error as exc:
        raise QueryRefused(_first_line(exc)) from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]
