"""Target: a full conference-year (1,300 papers, real PDFs served from 127.0.0.1 with no rate limit)
through listing, text, mentions and load at 600 pages/s or more on 2 cores (under 32 s), peak memory
under 1 GiB in the flow's process and in each reading process. The physical reference, measured in the same
run: pypdfium2 alone on one core (as `bench_fulltext`), about 800 pages/s on two."""
from __future__ import annotations

import html
import os
import resource
import tempfile
import time
from pathlib import Path

from reference import PMLR_PDFS

from bench.cputime import cpu_seconds
from scrapers.text.fulltext import extract_text

PAPERS = 1_300
TARGET_S = 32.0
TARGET_PAGES_S = 600.0
TARGET_RSS_MB = 1024


def main() -> None:
    pdfs = sorted(PMLR_PDFS.glob("*.pdf"))
    if not pdfs:
        print(f"skipped: no reference PDFs at {PMLR_PDFS}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FWTRENDS_HOME"] = tmp
        os.environ.setdefault("PREFECT_HOME", str(Path(tmp) / "prefect"))
        from httpserver import LocalHTTPServer
        from prefect import flow

        from flows.papers import papers_flow
        from warehouse import db

        bodies = [pdf.read_bytes() for pdf in pdfs]
        extractor_pages_s = single_core_pages_s(bodies)
        with LocalHTTPServer() as server:
            entries = []
            for i in range(PAPERS):
                server.route(f"/content/CVPR2024/papers/P{i}.pdf", bodies[i % len(bodies)])
                entries.append(f'<dt class="ptitle"><br><a href="/content/CVPR2024/html/P{i}.html">'
                               f'{html.escape(f"Paper {i}")}</a></dt><dd>A. Author</dd>'
                               f'<dd>[<a href="/content/CVPR2024/papers/P{i}.pdf">pdf</a>]</dd>')
            server.route("/CVPR2024", f"<html><body><dl>{''.join(entries)}</dl></body></html>")
            os.environ["FWTRENDS_CVF_BASE_URL"] = server.url("")
            os.environ["FWTRENDS_CVF_RATE"] = "inf"
            flow(name="warm-up")(lambda: None)()  # Prefect's start-up is not the pipeline's time

            started, cpu_started = time.perf_counter(), cpu_seconds()
            papers_flow(["CVPR"], [2024])
            elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started

        con = db.connect(Path(tmp) / "fwtrends.duckdb", read_only=True)
        ok, pages, megabytes = con.execute(
            "SELECT count(*), sum(pages_read), sum(bytes) / 2^20 FROM paper_texts WHERE status = 'ok'"
        ).fetchone()
        con.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest reading process
    verdict = "PASS" if (elapsed < TARGET_S and max(peak_mb, children_mb) < TARGET_RSS_MB and ok == PAPERS) else "FAIL"
    print(f"conference-year of {PAPERS:,} real PDFs ({megabytes:,.0f} MiB, {pages:,} pages): {elapsed:.1f} s, "
          f"{pages / elapsed:.0f} pages/s through the flow (pypdfium2 alone: {extractor_pages_s:.0f} pages/s on one "
          f"core), {ok:,} texts ok, peak RSS {peak_mb:,.0f} MiB (flow) and {children_mb:,.0f} MiB (largest child); "
          f"targets >= {TARGET_PAGES_S:.0f} pages/s (< {TARGET_S:.0f} s) and < {TARGET_RSS_MB} MiB: {verdict}")
    cores = len(os.sched_getaffinity(0))
    print(f"  CPU time of the flow and its reading processes {cpu:.1f} s: at least {cpu / cores:.1f} s on {cores} "
          f"idle cores ({pages / (cpu / cores):.0f} pages/s); the wall time above includes waiting for other loads")



def single_core_pages_s(bodies: list[bytes]) -> float:
    started = time.perf_counter()
    pages = sum(extract_text(body).pages_read for body in bodies)
    return pages / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
