"""Targets: import all 32,264 papers of the 2019 study's 39 lists (read and loaded into the warehouse)
in under 30 s, and load each of the 35 published conference-years with data.csv's paper count. The lists
come from the shared reference folder, the same files the source fetches."""
from __future__ import annotations

import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from reference import GRADIENT_2019

from scrapers.papers import gradient
from warehouse import db
from warehouse.load.papers import load_papers

STUDY_PAPERS = 32_264
TARGET_S = 30.0


def study_lists() -> dict[tuple[str, int], bytes]:
    return {
        (venue, year): (GRADIENT_2019 / f"{gradient.STUDY_KEYS[venue]}_{year}.json").read_bytes()
        for venue, years in gradient.STUDY_YEARS.items()
        for year in years
    }


def main() -> None:
    if not GRADIENT_2019.is_dir():
        print(f"gradient parse_papers: skipped, no reference data at {GRADIENT_2019}")
        return
    bodies = study_lists()
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        papers = [
            paper for (venue, year), body in bodies.items() for paper in gradient.parse_papers(body, "", venue, year)
        ]
        timings.append(time.perf_counter() - start)
    assert len(papers) == STUDY_PAPERS, f"parsed {len(papers)} of {STUDY_PAPERS} papers"
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        now = datetime.now(timezone.utc)
        for (venue, year), body in bodies.items():
            load_papers(con, gradient.parse_papers(body, "", venue, year), now)
        imported = time.perf_counter() - start
        loaded = con.execute("SELECT count(*) FROM papers").fetchone()[0]
        per_year = dict(((venue, year), count) for venue, year, count in con.execute(
            "SELECT venue, year, count(*) FROM papers GROUP BY venue, year").fetchall())
        con.close()
    published = gradient.parse_published((GRADIENT_2019 / "data.csv").read_bytes(), "data.csv")
    for share in published:
        print(f"  {share.venue:8} {share.year}: loaded {per_year.get((share.venue, share.year), 0):5,} "
              f"data.csv {share.papers:5,}")
    matching = sum(per_year.get((share.venue, share.year)) == share.papers for share in published)
    print(f"gradient: {matching} of {len(published)} conference-years load with data.csv's paper count: "
          f"{'PASS' if matching == len(published) else 'FAIL'}")
    best = min(timings)
    megabytes = sum(map(len, bodies.values())) / 1e6
    verdict = "PASS" if imported < TARGET_S else "FAIL"
    print(f"gradient: {len(papers):,} papers from {len(bodies)} lists ({megabytes:.1f} MB) parsed in {best:.2f} s "
          f"(best of 3); parsed and loaded in {imported:.1f} s, {loaded:,} distinct papers in the warehouse; "
          f"target < {TARGET_S:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
