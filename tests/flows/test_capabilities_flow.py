"""The capabilities flow: rows in the warehouse, the views the report and the claims read, the run log."""
import pytest

from flows.capabilities import capabilities_flow, tensorboard_dir
from warehouse import db

pytest.importorskip("torch")
pytest.importorskip("tensorflow")
pytest.importorskip("tensorboard")

pytestmark = pytest.mark.slow


def test_the_flow_loads_each_parts_rows_into_its_view(prefect_api, fwtrends_home, tmp_path):
    db_path = tmp_path / "w.duckdb"

    lines = capabilities_flow(parts=["tensorboard", "placement"], quick=True, db_path=str(db_path))

    assert [(line.source, line.status) for line in lines] == [
        ("capabilities:tensorboard:tensorflow", "ok"), ("capabilities:tensorboard:torch", "ok"),
        ("capabilities:placement:tensorflow", "ok"), ("capabilities:placement:torch", "ok")]
    con = db.connect(db_path)
    try:
        logged = con.execute("SELECT framework, status, events_read_back, log_dir FROM tensorboard_logging "
                             "ORDER BY framework").fetchall()
        fingerprints = con.execute("SELECT fingerprint->>'$.machine.cpu_model' FROM tensorboard_runs").fetchall()
        runs = con.execute("SELECT flow, status FROM runs").fetchall()
        needs_none = con.execute("SELECT DISTINCT strategy FROM device_placement WHERE needs_none").fetchall()
    finally:
        con.close()
    assert [(f, s, n) for f, s, n, _ in logged] == [("tensorflow", "ok", 20), ("torch", "ok", 20)]
    assert all(d.startswith(str(tensorboard_dir())) for *_, d in logged)
    assert all(model for (model,) in fingerprints)
    assert runs == [("capabilities", "ok")]
    assert needs_none  # at least one data-parallel strategy places nothing by hand (D2)


def test_unknown_parts_are_refused(prefect_api, fwtrends_home):
    with pytest.raises(ValueError, match="unknown parts"):
        capabilities_flow(parts=["telepathy"])
