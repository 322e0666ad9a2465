"""Measured configurations -> `experiment_runs`."""
from __future__ import annotations

import duckdb
import pandas as pd

from experiments.timing import results
from warehouse.load import replace


def load_results(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Result rows (a results file's); loading them again replaces them."""
    return replace(con, "experiment_runs", rows, results.KEY)
