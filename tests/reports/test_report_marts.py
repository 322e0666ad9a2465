"""The marts made for the report: the trends its headline charts draw (where PyTorch passed one half) and each
source's latest refresh, which says whether it worked."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
from report_warehouse import FETCHED, load_papers, load_posts, load_run

from reports.sections.provenance import refreshed
from warehouse.db import connect
from warehouse.load import replace


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "marts.duckdb")
    yield con
    con.close()


def papers(pytorch_only: int, tensorflow_only: int) -> list[set[str]]:
    return [{"pytorch"}] * pytorch_only + [{"tensorflow"}] * tensorflow_only


def crossings(con, relation: str, key: str, when: str) -> set[tuple]:
    return set(con.execute(f"SELECT {key}, {when}, series FROM {relation} WHERE crossed_half").fetchall())


def test_a_venue_passes_half_in_the_year_after_its_last_at_or_below_half(con):
    # The study: ECCV 2018 at 49 %; ICLR 2019 at exactly 50 %, 2020 at 64 %.
    load_papers(con, {("ECCV", 2020): papers(3, 2), ("ECCV", 2022): papers(1, 3), ("ECCV", 2024): papers(4, 1)})

    crossed = crossings(con, "paper_share_trend", "venue", "year")

    assert ("ICLR", 2020, "published") in crossed
    assert ("ECCV", 2024, "measured") in crossed  # 2022 fell back below half
    assert len(crossed) == len({venue for venue, _, _ in crossed})


def test_the_studys_figure_decides_its_years_and_ours_the_others(con):
    # Our CVPR 2019 sample says 20 %, the study 66 %: its figure decides, and PyTorch passed half in 2019.
    load_papers(con, {("CVPR", 2019): papers(1, 4)})

    crossed = crossings(con, "paper_share_trend", "venue", "year")
    measured = con.execute("SELECT share_pytorch, ci_low < share_pytorch, crossed_half FROM paper_share_trend "
                           "WHERE venue = 'CVPR' AND year = 2019 AND series = 'measured'").fetchone()

    assert ("CVPR", 2019, "published") in crossed
    assert measured == (pytest.approx(0.2), True, False)


def test_job_trend_sets_the_articles_count_beside_ours_and_marks_the_month_pytorch_passed_half(con):
    load_posts(con, {date(2024, 4, 1): papers(1, 2), date(2024, 5, 1): papers(3, 1), date(2024, 6, 1): papers(2, 1)})

    article = con.execute("SELECT pytorch, tensorflow, share_pytorch FROM job_share_trend WHERE series = 'published'"
                          ).fetchone()
    crossed = crossings(con, "job_share_trend", "source", "month")

    assert article == (1437, 1541, pytest.approx(1437 / 2978))
    assert crossed == {("hn", date(2024, 5, 1), "measured")}


def test_a_source_whose_latest_refresh_failed_says_so_beside_its_older_data(con):
    load_papers(con, {("CVPR", 2024): papers(1, 1)})  # listed by cvf at FETCHED
    load_run(con)  # cvf ok (1 item failed), openreview failed, at FETCHED
    later = FETCHED + timedelta(days=7)
    replace(con, "runs", pd.DataFrame([{
        "run_id": "run-later", "flow": "papers", "started_at": later, "finished_at": later, "status": "failed",
        "params": "{}", "counts": json.dumps([{"source": "cvf", "status": "failed", "reason": "host unreachable",
                                              "fetched": 0, "failed": 3, "skipped": 0}]),
    }]), ["run_id", "flow"])

    found = {source: row for source, *row in con.execute(
        "SELECT source, latest, tried_at, status, reason FROM source_refreshes WHERE data = 'papers'").fetchall()}

    assert found["cvf"] == [FETCHED, later, "failed", "host unreachable"]
    assert found["openreview"][0] is None and found["openreview"][2] == "failed"  # tried, never delivered
    table = {row[1]: row for row in refreshed(con).rows}
    assert table["CVF Open Access"][2:] == ["2024-07-08 09:30 UTC", "failed: host unreachable", "2024-07-01 09:30 UTC"]
    assert refreshed(con).fold_line.endswith(": 2 failed (CVF Open Access, OpenReview)")


def test_data_loaded_outside_a_run_has_no_attempt(con):
    load_posts(con)

    (row,) = con.execute("SELECT latest, tried_at, status FROM source_refreshes WHERE source = 'hn'").fetchall()

    assert row == (datetime(2024, 7, 1, 9, 30, tzinfo=timezone.utc), None, None)
