"""`fwtrends sql`: a query on a read-only connection, printed as a table, CSV or JSON."""
from __future__ import annotations

import sys

import duckdb

from flows import settings
from warehouse import db


def run_query(query: str, fmt: str = "table") -> int:
    try:
        con = db.connect(settings.db_path(), read_only=True)
    except db.WarehouseError as exc:
        print(f"fwtrends sql: {exc}", file=sys.stderr)
        return 2
    try:
        relation = con.sql(query)
        frame = relation.df() if relation is not None else None
    except duckdb.Error as exc:
        print(f"fwtrends sql: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    if frame is None:
        print("(statement returned no rows)")
    elif fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        print(frame.to_json(orient="records", date_format="iso"))
    else:
        print(frame.to_string(index=False, max_colwidth=60) if len(frame) else "(no rows)")
    return 0
