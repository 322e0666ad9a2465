"""Reading the warehouse for the report: rows of SQL (None when a relation is missing), and figures
that carry the SQL and view definitions behind them."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import altair as alt
import duckdb
import pandas as pd

from reports.page import Figure
from warehouse.db import VIEW_LAYERS, view_files


# The statements `rows` runs inside `recording()`, each with its parameters.
_recorded: ContextVar[list[str] | None] = ContextVar("recorded", default=None)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pd.DataFrame | None:
    """The rows of `sql`, or None when a table or view it reads is not in this warehouse."""
    recorded = _recorded.get()
    if recorded is not None and (statement := with_parameters(sql, params)) not in recorded:
        recorded.append(statement)
    try:
        return con.execute(sql, params or []).df()
    except duckdb.CatalogException:
        return None


@contextmanager
def recording() -> Iterator[list[str]]:
    """The SQL that `rows` runs inside the block, each statement once, its parameters in a comment above it:
    where rows computed in Python (a claim's evidence) came from."""
    recorded: list[str] = []
    token = _recorded.set(recorded)
    try:
        yield recorded
    finally:
        _recorded.reset(token)


def with_parameters(sql: str, params: dict | list | None) -> str:
    if not params:
        return sql
    named = params.items() if isinstance(params, dict) else enumerate(params, start=1)
    return "-- " + ", ".join(f"${name} = {value!r}" for name, value in named) + "\n" + sql


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
