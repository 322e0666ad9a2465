"""Job loads: a posting keeps when it was first seen, a board's snapshot closes what it no longer lists."""
from datetime import date, datetime, timezone

import pytest

from scrapers.records import JobPost
from warehouse import db
from warehouse.load.jobs import close_missing, load_mentions, load_posts

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
