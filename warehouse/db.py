"""Opening the DuckDB warehouse: migrations on the way in, reference rows seeded, views refreshed, clear
lock errors."""
from __future__ import annotations

import re
import sys
import time
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import duckdb

SQL_DIR = resources.files("warehouse")
SEED_DIR = SQL_DIR / "seeds"
# Staging views clean one source each; marts, which the report and users read, build on them.
VIEW_LAYERS = ("staging", "marts")
# DuckDB lets one process write a file, or several read it: a connection that meets another's lock waits,
# retrying with backoff, says so on stderr after SAY_WAITING_AFTER_S, and gives up after its limit.
WRITER_WAIT_S = 60.0
READER_WAIT_S = 30.0
SAY_WAITING_AFTER_S = 2.0


class WarehouseError(Exception):
    pass


def connect(path: str | Path, read_only: bool = False, config: dict | None = None,
            setup: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse at `path`; read-write connections bring the schema, the reference
    rows and the views up to date, unless `setup` is False (a run that did it once already)."""
    path = Path(path)
    if path.is_dir():
        raise WarehouseError(f"the warehouse {path} is a directory: name a file, e.g. {path / 'fwtrends.duckdb'}")
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `fwtrends run` (or `make run`) first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"cannot create the folder of the warehouse {path}: {exc.strerror}") from exc
    con = _open_waiting(path, read_only, config or {})
    if read_only:
        return con
    try:
        check_schema(con, path)
        if setup:
            migrate(con)
            load_seeds(con)
            refresh_views(con)
    except BaseException:
        con.close()
        raise
    return con


def _open_waiting(path: Path, read_only: bool, config: dict) -> duckdb.DuckDBPyConnection:
    limit = READER_WAIT_S if read_only else WRITER_WAIT_S
    started = time.monotonic()
    pause, said = 0.05, False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            reason = str(exc)
            if "lock" not in reason.lower():
                raise WarehouseError(f"cannot open the warehouse {path}: {_first_line(reason)}") from exc
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open the warehouse {path}: {_first_line(str(exc))}") from exc
        waited = time.monotonic() - started
        holder = _lock_holder(reason)
        if waited >= limit:
            raise WarehouseError(f"the warehouse {path} is still in use by {holder} after {limit:.0f} s; "
                                 "try again when it is done")
        if waited >= SAY_WAITING_AFTER_S and not said:
            print(f"waiting for the warehouse {path}: in use by {holder}", file=sys.stderr)
            said = True
        time.sleep(min(pause, limit - waited))
        pause = min(pause * 2, 1.0)


def _lock_holder(reason: str) -> str:
    """'another process (PID n)' from DuckDB's "Conflicting lock is held in <program> (PID n)"."""
    found = re.search(r"\(PID (\d+)\)", reason)
    return f"another process (PID {found.group(1)})" if found else "another process"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0]


def check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a warehouse migrated by newer code: its tables may not be what this code reads and writes."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'").fetchone()[0]:
        return
    applied = [name for (name,) in con.execute("SELECT name FROM schema_migrations").fetchall()]
    newest_applied = max((_number(name) for name in applied), default=0)
    newest_here = max(_number(script.name) for script in _numbered_sql("migrations"))
    if newest_applied > newest_here:
        raise WarehouseError(f"the warehouse {path} has schema version {newest_applied}, newer than this code's "
                             f"{newest_here}: update fwtrends")


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
    return sorted(files, key=lambda f: _number(f.name))


def _number(name: str) -> int:
    return int(name.split("_", 1)[0])
