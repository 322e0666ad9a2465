"""Job loads: a posting keeps when it was first seen, a board's snapshot closes what it no longer lists."""
import dataclasses
from datetime import date, datetime, timezone

import pandas as pd
import pyarrow as pa
import pytest

from scrapers.records import JobPost
from warehouse import db
from warehouse.load.jobs import _table, close_missing, load_mentions, load_posts

FIRST, SECOND = datetime(2026, 5, 1, tzinfo=timezone.utc), datetime(2026, 5, 2, tzinfo=timezone.utc)


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def post(post_id: str) -> JobPost:
    return JobPost(post_id, post_id.split(":")[0], date(2026, 5, 1), None, f"https://jobs/{post_id}", "text")


def test_a_posting_seen_again_keeps_its_first_sighting_and_a_snapshot_closes_only_its_board(con):
    load_posts(con, [post("greenhouse:acme:1"), post("greenhouse:acme:2")], FIRST, board="greenhouse:acme")
    load_posts(con, [post("greenhouse:other:9")], FIRST, board="greenhouse:other")
    load_posts(con, [post("greenhouse:acme:2")], SECOND, board="greenhouse:acme")

    closed = close_missing(con, "greenhouse:acme", ["greenhouse:acme:2"], SECOND)

    assert closed == 1
    rows = con.execute("SELECT post_id, board, first_seen, observed_at, closed_at FROM job_posts ORDER BY 1").fetchall()
    assert rows == [("greenhouse:acme:1", "greenhouse:acme", FIRST, FIRST, SECOND),
                    ("greenhouse:acme:2", "greenhouse:acme", FIRST, SECOND, None),
                    ("greenhouse:other:9", "greenhouse:other", FIRST, FIRST, None)]


def test_hn_postings_belong_to_no_board(con):
    load_posts(con, [post("hn:1")], FIRST)

    assert con.execute("SELECT board FROM job_posts").fetchall() == [(None,)]


def test_a_posting_counted_again_loses_the_mentions_it_no_longer_has(con):
    load_mentions(con, ["hn:1"], [{"post_id": "hn:1", "profile": "modern", "framework": "jax", "hits": 1}], "modern")
    load_mentions(con, ["hn:1"], [], "modern")

    assert con.execute("SELECT count(*) FROM job_mentions").fetchone() == (0,)


def test_a_posting_seen_again_takes_the_new_values_and_reopens_keeping_its_first_sighting(con):
    load_posts(con, [post("greenhouse:acme:1")], FIRST, board="greenhouse:acme")
    close_missing(con, "greenhouse:acme", [], FIRST)
    again = dataclasses.replace(post("greenhouse:acme:1"), company="Acme AI", title="Staff ML Engineer")

    load_posts(con, [post("greenhouse:acme:1"), again], SECOND, board="greenhouse:acme")  # of two, the later counts

    rows = con.execute("SELECT company, title, first_seen, observed_at, closed_at FROM job_posts").fetchall()
    assert rows == [("Acme AI", "Staff ML Engineer", FIRST, SECOND, None)]


def test_times_without_a_zone_load_as_duckdb_reads_them_and_the_rest_through_arrow(con):
    naive = datetime(2026, 5, 1, 10, 0)
    with_zone = dataclasses.replace(post("hn:1"), posted_at=datetime(2026, 5, 1, 10, 0, tzinfo=timezone.utc))
    without_zone = dataclasses.replace(post("hn:2"), posted_at=naive)

    load_posts(con, [with_zone], FIRST)
    load_posts(con, [without_zone], FIRST)

    stored = dict(con.execute("SELECT post_id, posted_at FROM job_posts").fetchall())
    assert stored["hn:1"] == with_zone.posted_at
    assert stored["hn:2"] == con.execute("SELECT CAST(? AS TIMESTAMPTZ)", [naive]).fetchall()[0][0]
    columns = {"month": [date(2026, 5, 1)], "posted_at": [with_zone.posted_at], "observed_at": [FIRST]}
    assert isinstance(_table({"post_id": ["hn:1"], **columns}), pa.Table)
    assert isinstance(_table({"post_id": ["hn:2"], **columns, "posted_at": [naive]}), pd.DataFrame)


def test_mentions_under_another_profile_stay(con):
    load_mentions(con, ["hn:1"], [{"post_id": "hn:1", "profile": "other", "framework": "jax", "hits": 2}], "other")
    load_mentions(con, ["hn:1", "hn:2"], [{"post_id": "hn:2", "profile": "modern", "framework": "keras", "hits": 1}],
                  "modern")

    assert con.execute("SELECT * FROM job_mentions ORDER BY ALL").fetchall() == [
        ("hn:1", "other", "jax", 2), ("hn:2", "modern", "keras", 1)]
