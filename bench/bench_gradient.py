"""How fast the 2019 study's own lists are read: all 39 conference-years, 32,264 papers.

The lists come from the shared reference folder (the same files the source fetches at run time).
Reading them and loading the warehouse must stay under 30 s together; this measures the reading:
JSON in, Paper records out, best of three.
"""
from __future__ import annotations

import time
from pathlib import Path

from scrapers import gradient

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "gradient-2019"
STUDY_PAPERS = 32_264
TARGET_S = 30.0


def study_lists() -> dict[tuple[str, int], bytes]:
    return {
        (venue, year): (REFERENCE / f"{gradient.STUDY_KEYS[venue]}_{year}.json").read_bytes()
        for venue, years in gradient.STUDY_YEARS.items()
        for year in years
    }


def main() -> None:
    if not REFERENCE.is_dir():
        print(f"gradient parse_papers: skipped, no reference data at {REFERENCE}")
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
    start = time.perf_counter()
    distinct = len({paper.paper_id for paper in papers})
    ids_s = time.perf_counter() - start
    best = min(timings)
    megabytes = sum(map(len, bodies.values())) / 1e6
    verdict = "PASS" if best < TARGET_S else "FAIL"
    print(f"gradient parse_papers: {len(papers):,} papers from {len(bodies)} lists ({megabytes:.1f} MB) "
          f"in {best:.2f} s (best of 3, target with the load < {TARGET_S:.0f} s): {verdict}")
    print(f"   paper ids: {distinct:,} distinct, computed in {ids_s:.2f} s")


if __name__ == "__main__":
    main()
