"""`fwtrends sql`: one statement on the locked-down read-only connection (warehouse/query.py), printed as a
table, CSV or JSON; a refusal or an error is one line on stderr and exit status 2."""
from __future__ import annotations

import sys

from flows import settings
from warehouse import db, query


def run_query(sql: str, fmt: str = "table") -> int:
    try:
        con = query.connect(settings.db_path())
    except db.WarehouseError as exc:
        print(f"fwtrends sql: {exc}", file=sys.stderr)
        return 2
    try:
        frame = query.run(con, sql)
    except query.QueryRefused as exc:
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
