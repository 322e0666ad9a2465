"""Opening the DuckDB warehouse: migrations on the way in, reference rows seeded, views refreshed, clear
lock errors."""
from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import duckdb

SQL_DIR = resources.files("warehouse")
SEED_DIR = SQL_DIR / "seeds"
# Staging views clean one source each; marts, which the report and users read, build on them.
VIEW_LAYERS = ("staging", "marts")


class WarehouseError(Exception):
    pass


def connect(path: str | Path, read_only: bool = False, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse at `path`; read-write connections bring the schema, the reference
    rows and the views up to date."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `fwtrends run` (or `make run`) first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config or {})
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseError(
                f"the warehouse {path} is open for writing in another process; "
                f"wait for it to finish or stop it ({exc})"
            ) from exc
        raise
    if not read_only:
        migrate(con)
        load_seeds(con)
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


def load_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """Reference rows are data kept in the code: `seeds/<table>.csv` (header: column names) replaces the
    rows of <table> with the same primary key; rows that came from elsewhere stay."""
    for seed in _files(SEED_DIR, ".csv"):
        table = seed.name.removesuffix(".csv")
        # The table's column types, not the CSV sniffer's guesses, decide how each value is read.
        with resources.as_file(seed) as csv_path:
            con.execute(
                f'INSERT OR REPLACE INTO "{table}" BY NAME '
                "SELECT * FROM read_csv($path, header = true, all_varchar = true)",
                {"path": str(csv_path)},
            )


def refresh_views(con: duckdb.DuckDBPyConnection) -> None:
    """Macros and views are code, not data: recreate them from their files on every open, staging first."""
    con.execute((SQL_DIR / "macros.sql").read_text())
    for layer in VIEW_LAYERS:
        _create_views(con, view_files(layer))


def view_files(layer: str) -> list[Traversable]:
    """The SQL files of one layer of views (see VIEW_LAYERS), one view each, named for it."""
    return _files(SQL_DIR / "views" / layer, ".sql")


def _create_views(con: duckdb.DuckDBPyConnection, scripts: list[Traversable]) -> None:
    # A view may read another of its layer; creating them in dependency order means retrying the ones that wait.
    pending = scripts
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


def _files(folder: Traversable, suffix: str) -> list[Traversable]:
    return sorted((f for f in folder.iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)


def _numbered_sql(folder: str) -> list[Traversable]:
    files = [f for f in _files(SQL_DIR / folder, ".sql") if re.match(r"\d+_", f.name)]
    return sorted(files, key=lambda f: int(f.name.split("_", 1)[0]))
