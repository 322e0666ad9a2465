"""How long the report takes to build, and how large it gets, from a full-size warehouse.

A generated warehouse of 50,000 papers (nine venues, 2017-2025, 5 % of texts failed) and 100,000
HN postings (2019 on) is built once; the report must take under 20 s and stay under 5 MB.
"""
from __future__ import annotations

import json
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from reports.build import build_report
from warehouse.db import connect
from warehouse.load import replace

PAPERS = 50_000
POSTS = 100_000
TARGET_S = 20.0
TARGET_MB = 5.0
VENUES = ["NEURIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL"]
YEARS = range(2017, 2026)
FRAMEWORKS = ["pytorch", "tensorflow", "keras", "jax"]
PROFILE = "gradient2019"
OBSERVED = datetime(2026, 11, 1, tzinfo=timezone.utc)


def fill(con, rng: np.random.Generator) -> None:
    paper_ids = [f"paper-{i}" for i in range(PAPERS)]
    year = rng.choice(list(YEARS), PAPERS)
    replace(con, "papers", pd.DataFrame({
        "paper_id": paper_ids,
        "venue": rng.choice(VENUES, PAPERS),
        "year": year,
        "title": [f"Generated paper {i}" for i in range(PAPERS)],
        "source": "bench",
        "fetched_at": OBSERVED,
    }), ["paper_id"])
    replace(con, "paper_texts", pd.DataFrame({
        "paper_id": paper_ids,
        "status": np.where(rng.random(PAPERS) < 0.05, "failed", "ok"),
        "extracted_at": OBSERVED,
    }), ["paper_id"])
    # PyTorch gains on TensorFlow year by year, as the 2019 study saw.
    pytorch_odds = 0.1 + 0.08 * (year - min(YEARS))
    replace(con, "paper_mentions", _mentions(rng, paper_ids, [pytorch_odds, 0.5 - pytorch_odds / 2, 0.1, 0.05],
                                             "paper_id", PROFILE), ["paper_id", "profile", "framework"])
    replace(con, "profiles", pd.DataFrame({"profile": [PROFILE], "description": ["bench"]}), ["profile"])

    post_ids = [f"hn:{i}" for i in range(POSTS)]
    months = pd.date_range("2019-01-01", OBSERVED.date(), freq="MS")
    replace(con, "job_posts", pd.DataFrame({
        "post_id": post_ids,
        "source": "hn",
        "month": rng.choice(months, POSTS),
        "company": [f"Company {i % 5000}" for i in range(POSTS)],
        "url": [f"https://news.ycombinator.com/item?id={i}" for i in range(POSTS)],
        "observed_at": OBSERVED,
    }), ["post_id"])
    replace(con, "job_mentions", _mentions(rng, post_ids, [0.2, 0.15, 0.05, 0.03], "post_id", "modern"),
            ["post_id", "profile", "framework"])

    counts = [{"source": "bench", "status": "ok", "reason": None, "fetched": PAPERS, "failed": 0, "skipped": 0}]
    replace(con, "runs", pd.DataFrame([{
        "run_id": "bench", "flow": "papers", "started_at": OBSERVED, "finished_at": OBSERVED,
        "status": "ok", "params": "{}", "counts": json.dumps(counts),
    }]), ["run_id", "flow"])
    replace(con, "failures", pd.DataFrame({
        "run_id": "bench", "source": "bench", "item": [f"paper-{i}" for i in range(1000)],
        "url": None, "reason": "generated failure", "failed_at": OBSERVED,
    }), ["run_id", "item"])


def _mentions(rng: np.random.Generator, ids: list[str], odds: list, id_column: str, profile: str) -> pd.DataFrame:
    """Each item names each framework with its odds (a number, or one per item)."""
    frames = []
    for framework, chance in zip(FRAMEWORKS, odds):
        named = rng.random(len(ids)) < chance
        frames.append(pd.DataFrame({
            id_column: np.asarray(ids)[named], "profile": profile, "framework": framework, "hits": 1,
        }))
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        fill(con, np.random.default_rng(0))
        filled_s = time.perf_counter() - start

        start = time.perf_counter()
        path = build_report(con, Path(tmp) / "index.html")
        build_s = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        con.close()
    verdict = "PASS" if build_s < TARGET_S and size_mb < TARGET_MB else "FAIL"
    print(f"report: {PAPERS:,} papers and {POSTS:,} postings (loaded in {filled_s:.1f} s) built in "
          f"{build_s:.2f} s (target < {TARGET_S:.0f} s), {size_mb:.2f} MB (target < {TARGET_MB:.0f} MB): "
          f"{verdict}")


if __name__ == "__main__":
    main()
