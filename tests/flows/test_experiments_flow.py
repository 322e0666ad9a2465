"""The experiments flow: measuring processes, the results file, the warehouse rows and the run log."""
import pytest

from flows.experiments import experiments_flow
from warehouse import db

pytest.importorskip("torch")
pytest.importorskip("tensorflow")

pytestmark = pytest.mark.slow

def test_the_flow_measures_loads_and_summarises(prefect_api, fwtrends_home, tmp_path):
    db_path = tmp_path / "w.duckdb"

    lines = experiments_flow(workloads=["linear"], frameworks=["torch"], modes=["eager"], device="cpu",
                             quick=True, db_path=str(db_path))

    # quick measures fp32 (train and infer) and lists bf16 as not run
    assert [(line.source, line.status, line.fetched, line.skipped) for line in lines] == [
        ("experiments:torch", "ok", 2, 2)]
    assert len(list((fwtrends_home / "experiments").glob("*-cpu-*.jsonl"))) == 1
    con = db.connect(db_path, read_only=True)
    try:
        summary = con.execute("SELECT phase, precision, status, equivalent, step_ms_median FROM experiment_summary "
                              "WHERE device = 'cpu' ORDER BY ALL").fetchall()
        runs = con.execute("SELECT flow, status FROM runs").fetchall()
    finally:
        con.close()
    assert [(phase, precision) for phase, precision, *_ in summary] == [
        ("infer", "bf16"), ("infer", "fp32"), ("train", "bf16"), ("train", "fp32")]
    assert [status for _, _, status, *_ in summary] == ["not_run", "ok", "not_run", "ok"]
    for _, _, status, equivalent, ms in summary:
        assert (equivalent and ms > 0) if status == "ok" else ms is None
    assert runs == [("experiments", "ok")]
