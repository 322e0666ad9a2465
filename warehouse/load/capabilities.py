"""Capability measurements -> one table per part (`tensorboard_runs`, `serving_runs`, `distributed_runs`,
`mobile_runs`, `recompilation_runs`, `debugging_runs`, `placement_counts`, `visualisation_features`,
`serving_servers`), and the serving products' maintenance facts -> `serving_products`."""
from __future__ import annotations

import duckdb
import pandas as pd

from experiments.capabilities.serving import products
from warehouse.load import replace

TABLES = {"tensorboard": "tensorboard_runs", "serving": "serving_runs", "distributed": "distributed_runs",
          "mobile": "mobile_runs", "recompilation": "recompilation_runs", "debugging": "debugging_runs",
          "placement": "placement_counts", "visualisation": "visualisation_features",
          "servers": "serving_servers"}
KEYS = {
    "tensorboard": ["run_id", "framework", "workload", "device"],
    "serving": ["run_id", "framework", "workload", "format", "device"],
    "distributed": ["run_id", "framework", "strategy", "workload", "device", "workers"],
    "mobile": ["run_id", "framework", "workload", "format", "device"],
    "recompilation": ["run_id", "framework", "workload", "mode", "device", "change"],
    "debugging": ["run_id", "framework", "mode", "device"],
    "placement": ["run_id", "framework", "strategy"],
    "visualisation": ["run_id", "tool", "framework", "feature", "device"],
    "servers": ["run_id", "server", "framework", "workload", "format", "device", "concurrency"],
}


def load_measurements(con: duckdb.DuckDBPyConnection, part: str, rows: pd.DataFrame) -> int:
    """One part's rows into its table; loading them again replaces them."""
    return replace(con, TABLES[part], rows, KEYS[part])


def load_serving_products(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    return replace(con, "serving_products", rows, products.KEY)
