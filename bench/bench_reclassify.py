"""Target: re-classify 32,000 stored texts with every profile in under 12 s on 2 cores, no download. The
physical reference, measured in the same run: the mention scanner's own MB/s on one core (as `bench_mentions`
times it), for each profile."""
from __future__ import annotations

import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from reference import PMLR_PDFS

from bench.cputime import cpu_seconds
from scrapers.text.mentions import PROFILES, Profile, count_mentions, profile

TEXTS = 32_000
TARGET_S = 12.0


def main() -> None:
    pdfs = sorted(PMLR_PDFS.glob("*.pdf"))
    if not pdfs:
        print(f"skipped: no reference PDFs at {PMLR_PDFS}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FWTRENDS_HOME"] = tmp
        from flows.paper_texts import reclassify
        from scrapers.text.fulltext import extract_text
        from warehouse import db
        from warehouse.load import replace
        from warehouse.textstore import TextStore, compress

        store = TextStore(Path(tmp) / "texts")
        digests, texts = [], []
        for pdf in pdfs:  # real texts; many papers point at each, as many rows share nothing but size
            text = extract_text(pdf.read_bytes())
            store.put(text.sha256, compress(text.text))
            digests.append((text.sha256, len(text.text.encode())))
            texts.append(text.text)
        scanner_mb_s = {name: scan_mb_s(texts, profile(name)) for name in PROFILES}
        con = db.connect(Path(tmp) / "fwtrends.duckdb")
        now = datetime.now(timezone.utc)
        replace(con, "paper_texts", pd.DataFrame([
            {"paper_id": f"bench-{i}", "status": "ok", "sha256": digests[i % len(digests)][0], "extracted_at": now}
            for i in range(TEXTS)
        ]), ["paper_id"])
        size = sum(digests[i % len(digests)][1] for i in range(TEXTS))

        started, cpu_started = time.perf_counter(), cpu_seconds()
        result = reclassify(con, store)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
        mentions = con.execute("SELECT count(*) FROM paper_mentions").fetchone()[0]
        con.close()
    verdict = "PASS" if elapsed < TARGET_S and result.fetched == TEXTS else "FAIL"
    scanners = ", ".join(f"{name} {rate:,.0f} MB/s" for name, rate in scanner_mb_s.items())
    print(f"reclassify {result.fetched:,} stored texts ({size / 1e6:,.0f} MB) with every profile: {elapsed:.1f} s, "
          f"{size / 1e6 / elapsed:,.0f} MB/s ({result.fetched / elapsed:,.0f} texts/s, {os.cpu_count()} cores) beside "
          f"the scanner's own on one core per profile ({scanners}; a text is scanned once per profile, and its "
          f"reference list again), {mentions:,} mention rows; target < {TARGET_S:.0f} s: {verdict}")
    cores = len(os.sched_getaffinity(0))
    print(f"  CPU time of reclassify and its worker processes {cpu:.1f} s: at least {cpu / cores:.1f} s on {cores} "
          f"idle cores; the wall time above includes waiting for other loads")


def scan_mb_s(texts: list[str], rules: Profile, rounds: int = 3) -> float:
    """The scanner alone on one core, best of `rounds`, as `bench_mentions` times it."""
    size = sum(len(text.encode()) for text in texts)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            count_mentions(text, rules)
        timings.append(time.perf_counter() - started)
    return size / 1e6 / min(timings)


if __name__ == "__main__":
    main()
