import math
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone

import pandas as pd
import pytest

from warehouse import db
from warehouse.load import replace

NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)


def wilson(k, n, z=1.96):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def add_papers(con, rows, profile="gradient2019", affiliations=None):
    """rows: (paper_id, venue, year, text_status, frameworks found); a framework written "~pytorch" is
    named only in the reference list."""
    con.execute("INSERT OR REPLACE INTO profiles VALUES ('gradient2019', 'the study', true), ('modern', 'x', false)")
    papers = pd.DataFrame([
        {"paper_id": pid, "venue": venue, "year": year, "title": pid, "authors": ["A"], "pdf_url": None,
         "landing_url": None, "source": "test", "fetched_at": NOW}
        for pid, venue, year, _, _ in rows
    ])
    replace(con, "papers", papers, ["paper_id"])
    texts = pd.DataFrame([
        {"paper_id": pid, "status": status, "extracted_at": NOW, "affiliations": (affiliations or {}).get(pid, [])}
        for pid, _, _, status, _ in rows if status
    ])
    replace(con, "paper_texts", texts, ["paper_id"])
    found = pd.DataFrame([
        {"paper_id": pid, "profile": profile, "framework": fw.lstrip("~"), "hits": 1,
         "references_hits": int(fw.startswith("~"))}
        for pid, _, _, _, frameworks in rows for fw in frameworks
    ], columns=["paper_id", "profile", "framework", "hits", "references_hits"])
    replace(con, "paper_mentions", found, ["paper_id", "profile"], keys=papers[["paper_id"]].assign(profile=profile))


def test_migrations_are_recorded_and_applied_once(tmp_path):
    path = tmp_path / "w.duckdb"
    db.connect(path).close()
    con = db.connect(path)
    names = [n for (n,) in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
    assert names[:2] == ["001_papers.sql", "002_jobs.sql"]
    assert db.migrate(con) == []
    con.close()


def test_loading_the_same_rows_twice_leaves_the_same_rows(con):
    rows = [("p1", "CVPR", 2019, "ok", ["pytorch"]), ("p2", "CVPR", 2019, "ok", [])]
    add_papers(con, rows)
    before = con.execute("SELECT * FROM paper_mentions ORDER BY ALL").fetchall()
    add_papers(con, rows)
    assert con.execute("SELECT count(*) FROM papers").fetchone() == (2,)
    assert con.execute("SELECT * FROM paper_mentions ORDER BY ALL").fetchall() == before


def test_a_paper_reread_with_no_mentions_loses_its_old_ones(con):
    add_papers(con, [("p1", "CVPR", 2019, "ok", ["pytorch", "tensorflow"])])
    add_papers(con, [("p1", "CVPR", 2019, "ok", [])])
    assert con.execute("SELECT count(*) FROM paper_mentions").fetchone() == (0,)


def test_paper_share_follows_the_2019_definition(con):
    add_papers(con, [
        ("a", "CVPR", 2019, "ok", ["pytorch"]),
        ("b", "CVPR", 2019, "ok", ["pytorch", "jax"]),
        ("c", "CVPR", 2019, "ok", ["keras"]),          # Keras is TensorFlow's side
        ("d", "CVPR", 2019, "ok", ["pytorch", "tensorflow"]),  # both: dropped from the share
        ("e", "CVPR", 2019, "ok", []),
        ("f", "CVPR", 2019, "failed", []),             # never a "no mention"
        ("g", "CVPR", 2019, None, ["pytorch"]),        # not read: mentions cannot count
    ])
    row = con.sql("SELECT * FROM paper_framework_share WHERE profile = 'gradient2019'").df().iloc[0]
    assert (row.papers, row.texts_ok, row.texts_failed) == (7, 5, 1)
    assert (row.pytorch_only, row.tensorflow_only, row.both, row.jax) == (2, 1, 1, 1)
    assert row.share_pytorch == pytest.approx(2 / 3)
    low, high = wilson(2, 3)
    assert (row.ci_low, row.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert (row.conf_month, row.field) == (6, "vision")


def test_modern_profile_counts_a_framework_named_only_in_the_references_apart(con):
    rows = [("a", "ICCV", 2023, "ok", ["pytorch"]), ("b", "ICCV", 2023, "ok", ["~pytorch", "tensorflow"]),
            ("c", "ICCV", 2023, "ok", ["~tensorflow"])]
    add_papers(con, rows, profile="modern")
    add_papers(con, rows, profile="gradient2019")
    shares = con.execute("""SELECT profile, pytorch_only, tensorflow_only, "both", pytorch_cited_only,
                            tensorflow_cited_only FROM paper_framework_share ORDER BY profile""").fetchall()
    # gradient2019 searches the whole text, as the study did: a citation is a mention.
    assert shares == [("gradient2019", 1, 1, 1, 0, 0), ("modern", 1, 1, 0, 1, 1)]


def test_ablation_leaves_out_google_and_facebook_papers(con):
    add_papers(con, [("a", "CVPR", 2019, "ok", ["tensorflow"]), ("b", "CVPR", 2019, "ok", ["pytorch"]),
                     ("c", "CVPR", 2019, "ok", ["pytorch"])], affiliations={"a": ["google"], "c": ["facebook"]})
    query = "SELECT papers, pytorch_only, tensorflow_only FROM {} WHERE profile = 'gradient2019'"
    everyone = con.execute(query.format("paper_framework_share")).fetchall()
    ablated = con.execute(query.format("paper_framework_share_without_google_facebook")).fetchall()
    assert (everyone, ablated) == ([(3, 2, 1)], [(1, 1, 0)])


def test_reproduction_sets_our_share_beside_the_published_one(con):
    add_papers(con, [(f"p{i}", "CVPR", 2019, "ok", ["pytorch"] if i < 3 else ["tensorflow"]) for i in range(4)])
    published = pd.DataFrame([{"venue": "CVPR", "year": 2019, "conf_month": 6, "pytorch_only": 294,
                               "tensorflow_only": 148, "papers": 1294, "source_url": "data.csv"}])
    replace(con, "published_shares", published, ["venue", "year"])
    row = con.execute("SELECT * FROM reproduction_2019 WHERE venue = 'CVPR' AND year = 2019").df().iloc[0]
    assert row.published_share == pytest.approx(294 / 442)
    assert row.share_pytorch == pytest.approx(0.75)
    assert row.difference_pp == pytest.approx(round(100 * (0.75 - 294 / 442), 1))
    assert bool(row.published_within_interval)  # 4 papers: a wide interval


def test_wilson_interval_matches_the_formula_on_a_published_row(con):
    low, high = con.execute("SELECT wilson_low(294, 442), wilson_high(294, 442)").fetchone()
    assert (low, high) == (pytest.approx(wilson(294, 442)[0]), pytest.approx(wilson(294, 442)[1]))
    assert con.execute("SELECT wilson_low(0, 0)").fetchone() == (None,)


def test_job_share_counts_postings_per_month(con):
    posts = pd.DataFrame([
        {"post_id": f"hn:{i}", "source": "hn", "month": datetime(2024, 1, 1).date(), "first_seen": NOW,
         "observed_at": NOW}
        for i in range(4)
    ])
    replace(con, "job_posts", posts, ["post_id"])
    found = pd.DataFrame([
        ("hn:0", "modern", "pytorch", 2), ("hn:1", "modern", "tensorflow", 1),
        ("hn:2", "modern", "pytorch", 1), ("hn:2", "modern", "keras", 1), ("hn:3", "modern", "jax", 1),
    ], columns=["post_id", "profile", "framework", "hits"])
    replace(con, "job_mentions", found, ["post_id", "profile"])
    row = con.sql("SELECT * FROM job_framework_share").df().iloc[0]
    assert (row.posts, row.pytorch, row.tensorflow, row.keras, row.jax) == (4, 2, 1, 1, 1)
    assert row.share_pytorch == pytest.approx(0.5)


def test_a_board_posting_counts_in_every_month_it_was_open(con):
    seen = pd.Timestamp("2024-01-20", tz="UTC")
    posts = pd.DataFrame([
        {"post_id": "greenhouse:acme:1", "source": "greenhouse", "board": "greenhouse:acme", "month": seen.date(),
         "first_seen": seen, "observed_at": pd.Timestamp("2024-03-02", tz="UTC"),
         "closed_at": pd.Timestamp("2024-03-09", tz="UTC")},
        {"post_id": "greenhouse:acme:2", "source": "greenhouse", "board": "greenhouse:acme", "month": seen.date(),
         "first_seen": seen, "observed_at": seen, "closed_at": None},
    ])
    replace(con, "job_posts", posts, ["post_id"])
    replace(con, "job_mentions", pd.DataFrame([("greenhouse:acme:1", "modern", "pytorch", 1)],
                                              columns=["post_id", "profile", "framework", "hits"]), ["post_id"])
    months = con.execute("SELECT strftime(month, '%Y-%m'), posts, pytorch FROM job_framework_share "
                         "ORDER BY month").fetchall()
    assert months == [("2024-01", 2, 1), ("2024-02", 1, 1), ("2024-03", 1, 1)]


def test_community_share_sums_days_to_months_and_divides_by_the_month_total(con):
    rows = pd.DataFrame([
        ("pypistats", "pytorch", "2026-10-30", 300, True), ("pypistats", "pytorch", "2026-10-31", 300, True),
        ("pypistats", "tensorflow", "2026-10-31", 200, True), ("pypistats", "pytorch", "2026-11-01", 10, False),
    ], columns=["source", "framework", "period", "count", "final"]).assign(
        period=lambda df: pd.to_datetime(df.period).dt.date, observed_at=NOW)
    replace(con, "community_counts", rows, ["source", "framework", "period"])
    shares = con.execute("SELECT strftime(month, '%Y-%m'), framework, count, share, final "
                         "FROM community_framework_share ORDER BY ALL").fetchall()
    assert shares == [("2026-10", "pytorch", 600, 0.75, True), ("2026-10", "tensorflow", 200, 0.25, True),
                      ("2026-11", "pytorch", 10, 1.0, False)]


def hold(path, seconds: float, read_only: bool = False) -> subprocess.Popen:
    """Another process holding the warehouse for `seconds`; returns once it has it open."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r}, read_only={read_only})
        print("open", flush=True)
        time.sleep({seconds})
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


@pytest.mark.parametrize("read_only", [False, True])
def test_a_writer_that_waits_too_long_is_told_who_holds_the_warehouse(tmp_path, monkeypatch, capsys, read_only):
    path = tmp_path / "w.duckdb"
    db.connect(path).close()
    monkeypatch.setattr(db, "WRITER_WAIT_S", 2.5)
    monkeypatch.setattr(db, "SAY_WAITING_AFTER_S", 0.5)
    holder = hold(path, 30, read_only)
    try:
        with pytest.raises(db.WarehouseError, match=rf"in use by another process \(PID {holder.pid}\) after 2 s"):
            db.connect(path)
    finally:
        holder.kill()
    assert "waiting for the warehouse" in capsys.readouterr().err


def test_a_reader_waits_for_a_writer_to_finish(tmp_path):
    path = tmp_path / "w.duckdb"
    db.connect(path).close()
    holder = hold(path, 1.5)
    try:
        started = time.monotonic()
        db.connect(path, read_only=True).close()
        assert 0.5 < time.monotonic() - started < 10
    finally:
        holder.kill()


def test_a_directory_or_a_corrupt_file_is_one_clear_error(tmp_path):
    with pytest.raises(db.WarehouseError, match="is a directory"):
        db.connect(tmp_path)
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"not a database" * 1000)
    with pytest.raises(db.WarehouseError, match="not a valid DuckDB database file"):
        db.connect(corrupt)
    assert corrupt.read_bytes() == b"not a database" * 1000  # left as it was


def test_a_warehouse_of_a_newer_schema_is_refused_with_its_version(tmp_path):
    path = tmp_path / "w.duckdb"
    con = db.connect(path)
    con.execute("INSERT INTO schema_migrations(name) VALUES ('999_from_the_future.sql')")
    con.close()
    with pytest.raises(db.WarehouseError, match="schema version 999, newer than this code's 0*1[0-9]"):
        db.connect(path)


def test_read_only_needs_an_existing_warehouse(tmp_path):
    with pytest.raises(db.WarehouseError, match="no warehouse"):
        db.connect(tmp_path / "missing.duckdb", read_only=True)


def test_a_published_row_is_reproduced_exactly_from_texts_built_to_match_it(con):
    """CVPR 2019 as the study published it: 294 PyTorch-only and 148 TensorFlow-only of 1,294 papers.
    The texts go through the real mention counting (gradient2019) and the real views."""
    from scrapers.text.classify import mention_rows

    kinds = (["We implement it in PyTorch with torchvision."] * 294 + ["Built on TensorFlow and Keras."] * 148
             + ["Baselines in tensorflow, ours in pytorch."] * 60 + ["A closed-form solution."] * (1294 - 502))
    papers = pd.DataFrame([{"paper_id": f"cvpr-2019-{i}", "venue": "CVPR", "year": 2019, "title": str(i),
                            "source": "test", "fetched_at": NOW} for i in range(len(kinds))])
    replace(con, "papers", papers, ["paper_id"])
    replace(con, "paper_texts", papers[["paper_id"]].assign(status="ok", extracted_at=NOW), ["paper_id"])
    con.execute("INSERT INTO profiles VALUES ('gradient2019', 'the study', true)")
    rows = [row for i, text in enumerate(kinds) for row in mention_rows(f"cvpr-2019-{i}", text, ("gradient2019",))]
    replace(con, "paper_mentions", pd.DataFrame(rows), ["paper_id", "profile"])
    replace(con, "published_shares", pd.DataFrame([{"venue": "CVPR", "year": 2019, "conf_month": 6, "pytorch_only": 294,
                                                    "tensorflow_only": 148, "papers": 1294, "source_url": "data.csv"}]),
            ["venue", "year"])

    row = con.execute("SELECT * FROM reproduction_2019 WHERE venue = 'CVPR' AND year = 2019").df().iloc[0]
    assert (row.papers, row.pytorch_only, row.tensorflow_only) == (1294, 294, 148)
    assert row.share_pytorch == pytest.approx(294 / 442) and row.difference_pp == 0
    assert bool(row.published_within_interval)
