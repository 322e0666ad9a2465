"""Target: load 100,000 mention rows into the warehouse in under 2 s (bulk, idempotent replace)."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from warehouse import db
from warehouse.load import replace

ROWS = 100_000
TARGET_S = 2.0


def mention_rows(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frameworks = np.array(["pytorch", "tensorflow", "keras", "jax", "mxnet"])
    papers = n // 2
    return pd.DataFrame({
        "paper_id": [f"cvpr-2024-{i:016x}" for i in np.repeat(np.arange(papers), 2)],
        "profile": np.tile(["gradient2019", "modern"], papers),
        "framework": frameworks[rng.integers(0, len(frameworks), n)],
        "hits": rng.integers(1, 40, n),
        "references_hits": rng.integers(0, 2, n),
    })


def main() -> None:
    rows = mention_rows(ROWS)
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb")
        timings = []
        for _ in range(3):  # the first load inserts; the next ones replace the same keys
            started = time.perf_counter()
            replace(con, "paper_mentions", rows, ["paper_id", "profile"])
            timings.append(time.perf_counter() - started)
        count = con.execute("SELECT count(*) FROM paper_mentions").fetchone()[0]
        con.close()
    verdict = "PASS" if max(timings) < TARGET_S else "FAIL"
    print(f"load {ROWS:,} mention rows: first {timings[0]:.2f} s, replacing again "
          f"{timings[1]:.2f} s / {timings[2]:.2f} s (rows after: {count:,}); target < {TARGET_S} s: {verdict}")


if __name__ == "__main__":
    main()
