"""The run log: a run is written at its start and closed at its end; failures are kept once per item."""
import json
from datetime import datetime, timezone

import pytest

from warehouse import db
from warehouse.load.runs import close_interrupted, record_failures, record_progress, record_run, running, start_run

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


def test_failures_are_kept_once_per_item_with_the_latest_reason_first_and_last_seen_and_attempts(con):
    later = STARTED.replace(day=2)
    record_failures(con, "r1", [{"source": "hn", "item": "thread 2024-01", "url": None, "reason": "gone",
                                 "failed_at": STARTED}])
    record_failures(con, "r2", [])
    record_failures(con, "r2", [{"source": "hn", "item": "thread 2024-01", "url": "u", "reason": "timeout",
                                 "failed_at": later}])

    assert con.execute("SELECT run_id, source, item, url, reason, first_failed_at, failed_at, attempts "
                       "FROM failures").fetchall() == [("r2", "hn", "thread 2024-01", "u", "timeout", STARTED,
                                                        later, 2)]


def test_a_run_is_running_from_its_start_and_one_whose_process_died_is_closed_as_interrupted(con):
    start_run(con, "r1", "jobs", STARTED, {}, "host", 1)
    record_progress(con, "r1", [{"source": "hn", "fetched": 2}])
    assert running(con) == [("r1", "host", 1)]

    close_interrupted(con, ["r1"])

    assert con.execute("SELECT status, finished_at, counts FROM runs").fetchall() == [
        ("interrupted", None, '[{"source": "hn", "fetched": 2}]')]
    assert running(con) == []
