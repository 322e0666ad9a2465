"""The feature matrix and the model servers in the warehouse: a run loaded again replaces its rows; the
views show each cell's latest attempt, a later run that could not try hiding nothing."""
from datetime import datetime, timedelta, timezone

import duckdb
import pandas as pd
import pytest

from experiments.capabilities import rows as capability_rows
from experiments.capabilities.serving import products
from experiments.capabilities.visualisation.features import STATUSES
from warehouse import db
from warehouse.load.capabilities import load_measurements, load_serving_products

EARLIER = datetime(2026, 11, 1, tzinfo=timezone.utc)
LATER = EARLIER + timedelta(days=7)


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def feature(run_id: str, at: datetime, status: str, **measured) -> dict:
    return capability_rows.row(run_id, at, "torch", "cpu", 1, {}, status, None if status == "supported" else "why",
                               statuses=STATUSES, tool="Visdom", feature="histograms", log_dir=None, **measured)


def server(run_id: str, at: datetime, name: str, status: str, **measured) -> dict:
    return capability_rows.row(run_id, at, "torch", "cpu", 1, {}, status, None if status == "ok" else "why",
                               server=name, server_version=None, framework_product=name == "TorchServe",
                               workload="mlp", format="torch_export", concurrency=8, **measured)


def test_the_matrix_shows_the_latest_attempt_and_a_run_that_did_not_try_hides_nothing(con):
    load_measurements(con, "visualisation", pd.DataFrame([feature("r1", EARLIER, "unsupported", written=5, read_back=1)]))
    load_measurements(con, "visualisation", pd.DataFrame([feature("r2", LATER, "not_run")]))
    load_measurements(con, "visualisation", pd.DataFrame([feature("r2", LATER, "not_run")]))

    assert con.execute("SELECT count(*) FROM visualisation_features").fetchone() == (2,)
    matrix = con.execute("SELECT tool, feature, status, written, read_back, run_id FROM visualisation_matrix")
    assert matrix.fetchall() == [("Visdom", "histograms", "unsupported", 5, 1, "r1")]


def test_the_matrix_refuses_a_status_it_does_not_know(con):
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO visualisation_features (run_id, measured_at, tool, framework, device, feature, status)"
                    " VALUES ('r', now(), 'Visdom', 'torch', 'cpu', 'text', 'ok')")


def test_the_comparison_shows_each_servers_latest_attempt_with_its_maintenance_state(con):
    load_serving_products(con, products.read())
    measured = dict(requests=40, throughput=120.0, p50_ms=5.0, p99_ms=9.0, outputs_match=True, output_diff=0.0,
                    start_s=20.0)
    load_measurements(con, "servers", pd.DataFrame([server("r1", EARLIER, "TorchServe", "ok", **measured),
                                            server("r1", EARLIER, "FastAPI + uvicorn", "ok", **measured)]))
    load_measurements(con, "servers", pd.DataFrame([server("r2", LATER, "TorchServe", "not_run")]))

    assert con.execute("SELECT server, status, requests, framework_product, maintenance, run_id "
                       "FROM serving_comparison ORDER BY server").fetchall() == [
        ("FastAPI + uvicorn", "ok", 40, False, None, "r1"), ("TorchServe", "ok", 40, True, "limited", "r1")]
