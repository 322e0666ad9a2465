"""Community counts per source, framework and period -> `community_counts`, and which periods are final; each
framework's first PyPI release -> `framework_releases`."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

import duckdb
import pandas as pd

from scrapers.community import CommunityCount
from scrapers.community.pypi_releases import Release
from warehouse.load import replace


def final_months(con: duckdb.DuckDBPyConnection, source: str) -> set[date]:
    """Months whose every count from `source` is final."""
    return {period for (period,) in con.execute(
        "SELECT period FROM community_counts WHERE source = ? GROUP BY period HAVING bool_and(final)", [source]
    ).fetchall()}


def load_counts(con: duckdb.DuckDBPyConnection, counts: list[CommunityCount], observed: datetime) -> None:
    """A count asked for again replaces the one before."""
    if counts:
        rows = pd.DataFrame([asdict(count) for count in counts]).assign(observed_at=observed)
        replace(con, "community_counts", rows, ["source", "framework", "period"])


def load_releases(con: duckdb.DuckDBPyConnection, releases: list[Release]) -> None:
    """An answer loaded again (replayed from the HTTP cache, so with the same date) replaces its row."""
    if releases:
        replace(con, "framework_releases", pd.DataFrame([asdict(release) for release in releases]),
                ["framework", "response_date"])
