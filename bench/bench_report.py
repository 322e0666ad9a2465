"""How long `fwtrends report` takes to build the page, and how large it gets, from a full-size warehouse.

A generated warehouse is built once: every paper of the 2019 study's 35 published conference-years (31,518,
as many per conference-year as the study counted; 5 % of texts failed) beside its published counts (the seed
data), 100,000 job postings (HN since 2019, a tenth on company boards with a snapshot), community counts from
the four sources (monthly; PyPI daily), 1,000 experiment rows (every workload, framework, mode, device,
precision, phase and batch size) and a capability run (tests/report_warehouse.py). The page must build in
under 5 s on 2 cores and stay under 3 MB.
"""
from __future__ import annotations

import itertools
import json
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from report_warehouse import load_capabilities

from reports.build import build_report
from warehouse.db import connect
from warehouse.load import replace
from warehouse.load.runs import record_failures

POSTS = 100_000
BOARD_SHARE = 0.1
TARGET_S = 5.0
TARGET_MB = 3.0
FRAMEWORKS = ["pytorch", "tensorflow", "keras", "jax"]
COMMUNITY_SOURCES = ["stackoverflow", "devto", "github"]
PROFILE = "gradient2019"
OBSERVED = datetime(2026, 11, 1, tzinfo=timezone.utc)
# 5 workloads x 5 framework modes x 2 devices x 2 precisions x 2 phases x 5 batch sizes = 1,000 rows.
WORKLOADS = ["linear", "mlp", "cnn", "lstm", "transformer"]
MODES = [("torch", "eager"), ("torch", "compile"), ("tensorflow", "eager"), ("tensorflow", "function"),
         ("tensorflow", "xla")]
DEVICES = ["cpu", "cuda"]
PRECISIONS = ["fp32", "bf16"]
PHASES = ["train", "infer"]
BATCH_SIZES = [1, 8, 32, 128, 512]


def fill(con, rng: np.random.Generator) -> None:
    papers = _papers(con, rng)
    _postings(con, rng)
    _community(con, rng)
    _experiments(con, rng)
    load_capabilities(con)
    counts = [{"source": "bench", "status": "ok", "reason": None, "fetched": papers, "failed": 0, "skipped": 0}]
    replace(con, "runs", pd.DataFrame([{
        "run_id": "bench", "flow": "papers", "started_at": OBSERVED, "finished_at": OBSERVED,
        "status": "ok", "params": "{}", "counts": json.dumps(counts),
    }]), ["run_id", "flow"])
    record_failures(con, "bench", [{"source": "bench", "item": f"paper-{i}", "url": None,
                                    "reason": "generated failure", "failed_at": OBSERVED} for i in range(1000)])


def _papers(con, rng: np.random.Generator) -> int:
    """Every paper of the study's published conference-years (seeded in every warehouse); returns how many."""
    published = con.execute("SELECT venue, year, papers FROM published_shares ORDER BY venue, year").df()
    venue = np.repeat(published["venue"].to_numpy(), published["papers"])
    year = np.repeat(published["year"].to_numpy(), published["papers"])
    count = len(venue)
    paper_ids = [f"paper-{i}" for i in range(count)]
    replace(con, "papers", pd.DataFrame({
        "paper_id": paper_ids,
        "venue": venue,
        "year": year,
        "title": [f"Generated paper {i}" for i in range(count)],
        "source": "bench",
        "fetched_at": OBSERVED,
    }), ["paper_id"])
    replace(con, "paper_texts", pd.DataFrame({
        "paper_id": paper_ids,
        "status": np.where(rng.random(count) < 0.05, "failed", "ok"),
        "extracted_at": OBSERVED,
    }), ["paper_id"])
    # PyTorch gains on TensorFlow year by year, as the 2019 study saw.
    pytorch_odds = 0.1 * (year - year.min())
    mentions = _mentions(rng, paper_ids, [pytorch_odds, 0.5 - pytorch_odds / 2, 0.1, 0.05], "paper_id")
    replace(con, "paper_mentions", mentions.assign(profile=PROFILE, references_hits=0),
            ["paper_id", "profile", "framework"])
    replace(con, "profiles", pd.DataFrame({"profile": [PROFILE], "description": ["bench"],
                                           "counts_references": [True]}), ["profile"])
    return count


def _postings(con, rng: np.random.Generator) -> None:
    post_ids = [f"post-{i}" for i in range(POSTS)]
    months = pd.date_range("2019-01-01", OBSERVED.date(), freq="MS")
    on_board = rng.random(POSTS) < BOARD_SHARE
    first_seen = OBSERVED - pd.to_timedelta(rng.integers(0, 365, POSTS), unit="D")
    closed = on_board & (rng.random(POSTS) < 0.5)
    replace(con, "job_posts", pd.DataFrame({
        "post_id": post_ids,
        "source": np.where(on_board, "greenhouse", "hn"),
        "board": np.where(on_board, [f"greenhouse:company-{i % 40}" for i in range(POSTS)], None),
        "month": np.where(on_board, first_seen.tz_localize(None).to_period("M").to_timestamp(), rng.choice(months, POSTS)),
        "company": [f"Company {i % 5000}" for i in range(POSTS)],
        "url": [f"https://example.org/jobs/{i}" for i in range(POSTS)],
        "first_seen": np.where(on_board, first_seen, OBSERVED),
        "observed_at": np.where(closed, first_seen + timedelta(days=7), OBSERVED),
        "closed_at": np.where(closed, first_seen + timedelta(days=14), pd.NaT),
    }), ["post_id"])
    replace(con, "job_mentions", _mentions(rng, post_ids, [0.2, 0.15, 0.05, 0.03], "post_id").assign(profile="modern"),
            ["post_id", "profile", "framework"])


def _community(con, rng: np.random.Generator) -> None:
    months = pd.date_range("2015-01-01", OBSERVED.date(), freq="MS")
    monthly = pd.DataFrame(list(itertools.product(COMMUNITY_SOURCES, FRAMEWORKS, months)),
                           columns=["source", "framework", "period"])
    days = pd.date_range(OBSERVED.date() - timedelta(days=179), OBSERVED.date(), freq="D")
    daily = pd.DataFrame(list(itertools.product(["pypistats"], ["torch", "tensorflow", "keras", "jax"], days)),
                         columns=["source", "framework", "period"])
    counts = pd.concat([monthly, daily], ignore_index=True)
    replace(con, "community_counts", counts.assign(
        count=rng.integers(10, 100_000, len(counts)),
        final=counts["period"] < pd.Timestamp(OBSERVED.date()).replace(day=1),
        observed_at=OBSERVED,
    ), ["source", "framework", "period"])


def _experiments(con, rng: np.random.Generator) -> None:
    rows = pd.DataFrame(
        [(w, f, m, d, p, ph, b) for w, (f, m), d, p, ph, b
         in itertools.product(WORKLOADS, MODES, DEVICES, PRECISIONS, PHASES, BATCH_SIZES)],
        columns=["workload", "framework", "mode", "device", "precision", "phase", "batch_size"],
    )
    step_ms = rows["batch_size"] * rng.uniform(0.05, 0.5, len(rows))
    replace(con, "experiment_runs", rows.assign(
        run_id="bench", measured_at=OBSERVED, profile="full",
        device_name=np.where(rows["device"] == "cuda", "NVIDIA H200", "Generated CPU"),
        status="ok", equivalent=True, first_call_s=rng.uniform(0.01, 30, len(rows)),
        step_ms_median=step_ms, step_ms_p10=step_ms * 0.9, step_ms_p90=step_ms * 1.2,
        throughput=rows["batch_size"] / step_ms * 1000, peak_mem_mb=rng.uniform(50, 20_000, len(rows)),
        tflops=rng.uniform(0.1, 400, len(rows)), threads=16,
        fingerprint=json.dumps({"machine": {"cpu_model": "Generated CPU", "python": "3.11"},
                                "framework": {"version": "bench"}}),
    ), ["run_id", "workload", "framework", "mode", "device", "precision", "phase", "batch_size"])


def _mentions(rng: np.random.Generator, ids: list[str], odds: list, id_column: str) -> pd.DataFrame:
    """Each item names each framework with its odds (a number, or one per item)."""
    frames = []
    for framework, chance in zip(FRAMEWORKS, odds):
        named = rng.random(len(ids)) < chance
        frames.append(pd.DataFrame({id_column: np.asarray(ids)[named], "framework": framework, "hits": 1}))
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        fill(con, np.random.default_rng(0))
        filled_s = time.perf_counter() - start
        papers, conference_years = con.execute("SELECT count(*), count(DISTINCT (venue, year)) FROM papers").fetchone()
        experiments = con.execute("SELECT count(*) FROM experiment_runs").fetchone()[0]
        community = con.execute("SELECT count(*) FROM community_counts").fetchone()[0]

        start, cpu_start = time.perf_counter(), time.process_time()
        path = build_report(con, Path(tmp) / "index.html")
        build_s, cpu_s = time.perf_counter() - start, time.process_time() - cpu_start
        size_mb = path.stat().st_size / 1e6
        con.close()
    verdict = "PASS" if build_s < TARGET_S and size_mb < TARGET_MB else "FAIL"
    print(f"report: {papers:,} papers of {conference_years} conference-years, {POSTS:,} postings, {experiments:,} "
          f"experiment rows and {community:,} community counts (loaded in {filled_s:.1f} s) built in {build_s:.2f} s "
          f"(target < {TARGET_S:.0f} s; {cpu_s:.2f} s of CPU), {size_mb:.2f} MB (target < {TARGET_MB:.0f} MB): "
          f"{verdict}")


if __name__ == "__main__":
    main()
