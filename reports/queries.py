"""Reading the warehouse for the report: rows of SQL (None when a relation is missing), and figures
that carry the SQL and view definitions behind them."""
from __future__ import annotations

import re

import altair as alt
import duckdb
import pandas as pd

from reports.page import Figure
from warehouse.db import VIEW_LAYERS, view_files


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame | None:
    """The rows of `sql`, or None when a table or view it reads is not in this warehouse."""
    try:
        return con.execute(sql, params or []).df()
    except duckdb.CatalogException:
        return None


def figure(figure_id: str, chart: alt.TopLevelMixin, data: pd.DataFrame, sql: str) -> Figure:
    return Figure(figure_id, chart, data, sql, view_definitions(sql))


def traced(sql: str) -> dict:
    """A table's `sql` and `definitions`: where its rows came from."""
    return {"sql": sql, "definitions": view_definitions(sql)}


def view_definitions(sql: str) -> list[tuple[str, str]]:
    """The warehouse's view files that `sql` reads, directly or through other views."""
    views = {f.name.removesuffix(".sql"): f.read_text() for layer in VIEW_LAYERS for f in view_files(layer)}
    found: dict[str, str] = {}
    pending = [sql]
    while pending:
        text = pending.pop(0)
        for name, definition in sorted(views.items()):
            if name not in found and re.search(rf"\b{name}\b", text):
                found[name] = definition
                pending.append(definition)
    return list(found.items())


def not_in_warehouse(relation: str) -> str:
    return (
        f"This warehouse has no {relation}: its schema predates it "
        "(any fwtrends command that writes brings the schema up to date)."
    )
