"""Opening the DuckDB warehouse: migrations on the way in, views refreshed, clear lock errors."""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import duckdb

SQL_DIR = resources.files("warehouse")


class WarehouseError(Exception):
    pass


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse at `path`; read-write connections bring the schema up to date."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `fwtrends run` (or `make run`) first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseError(
                f"the warehouse {path} is open for writing in another process; "
                f"wait for it to finish or stop it ({exc})"
            ) from exc
        raise
    if not read_only:
        migrate(con)
        refresh_views(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply `migrations/NNN_name.sql` in order, each once and in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations("
        "name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())"
    )
    applied = {name for (name,) in con.execute("SELECT name FROM schema_migrations").fetchall()}
    done = []
    for script in _numbered_sql("migrations"):
        if script.name in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(script.read_text())
            con.execute("INSERT INTO schema_migrations(name) VALUES (?)", [script.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        done.append(script.name)
    return done


def refresh_views(con: duckdb.DuckDBPyConnection) -> None:
    """Macros and views are code, not data: recreate them from their files on every open."""
    con.execute((SQL_DIR / "macros.sql").read_text())
    # A view may read another; creating them in dependency order means retrying the ones that wait.
    pending = sorted(_sql_files("views"), key=lambda f: f.name)
    while pending:
        failed = []
        for script in pending:
            try:
                con.execute(script.read_text())
            except duckdb.CatalogException:
                failed.append(script)
        if len(failed) == len(pending):
            con.execute(failed[0].read_text())  # raises the real error
        pending = failed


def _sql_files(folder: str):
    return [f for f in (SQL_DIR / folder).iterdir() if f.name.endswith(".sql")]


def _numbered_sql(folder: str):
    files = [f for f in _sql_files(folder) if re.match(r"\d+_", f.name)]
    return sorted(files, key=lambda f: int(f.name.split("_", 1)[0]))
