"""The measurements behind the article's visualisation and serving claims -> `visualisation_features`
(the feature matrix) and `serving_servers` (model servers under concurrent clients)."""
from __future__ import annotations

import duckdb
import pandas as pd

from warehouse.load import replace

VISUALISATION_KEY = ["run_id", "tool", "framework", "feature", "device"]
SERVERS_KEY = ["run_id", "server", "framework", "workload", "format", "device", "concurrency"]


def load_visualisation_features(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """A run's feature rows; loading them again replaces them."""
    return replace(con, "visualisation_features", rows, VISUALISATION_KEY)


def load_serving_servers(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """A run's server rows; loading them again replaces them."""
    return replace(con, "serving_servers", rows, SERVERS_KEY)
