"""The run log: a run recorded again replaces its row; failures are kept with the run that met them."""
import json
from datetime import datetime, timezone

import pytest

from warehouse import db
from warehouse.load.runs import record_failures, record_run

STARTED = datetime(2026, 11, 1, tzinfo=timezone.utc)


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def test_a_run_is_one_row_per_run_and_flow_with_its_parameters_and_counts(con):
    counts = [{"source": "hn", "status": "ok", "reason": None, "fetched": 3, "failed": 0, "skipped": 0}]
    record_run(con, "r1", "jobs", STARTED, "partial", {"since": STARTED.date()}, [])
    record_run(con, "r1", "jobs", STARTED, "ok", {"since": STARTED.date()}, counts)

    (row,) = con.execute("SELECT flow, status, params, counts, finished_at >= started_at FROM runs").fetchall()
    assert row[:2] == ("jobs", "ok") and row[4] is True
    assert json.loads(row[2]) == {"since": "2026-11-01"} and json.loads(row[3]) == counts


def test_failures_are_kept_with_their_run(con):
    failure = {"source": "hn", "item": "thread 2024-01", "url": None, "reason": "gone", "failed_at": STARTED}
    record_failures(con, "r1", [failure])
    record_failures(con, "r2", [])

    assert con.execute("SELECT run_id, source, item, reason FROM failures").fetchall() == [
        ("r1", "hn", "thread 2024-01", "gone")]
