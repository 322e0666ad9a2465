"""Target: a full conference-year (1,300 papers, real PDFs served from 127.0.0.1 with no rate limit)
through listing, text, mentions and load in under 5 minutes on 2 cores, peak memory under 1 GiB."""
from __future__ import annotations

import html
import os
import resource
import tempfile
import time
from pathlib import Path

from reference import PMLR_PDFS

PAPERS = 1_300
TARGET_S = 300.0
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

            started = time.perf_counter()
            papers_flow(["CVPR"], [2024])
            elapsed = time.perf_counter() - started

        con = db.connect(Path(tmp) / "fwtrends.duckdb", read_only=True)
        ok, pages, megabytes = con.execute(
            "SELECT count(*), sum(pages_read), sum(bytes) / 2^20 FROM paper_texts WHERE status = 'ok'"
        ).fetchone()
        con.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "PASS" if elapsed < TARGET_S and peak_mb < TARGET_RSS_MB and ok == PAPERS else "FAIL"
    print(f"conference-year of {PAPERS:,} real PDFs ({megabytes:,.0f} MiB, {pages:,} pages): {elapsed:.0f} s "
          f"({pages / elapsed:.0f} pages/s), {ok:,} texts ok, peak RSS {peak_mb:,.0f} MiB; "
          f"targets < {TARGET_S:.0f} s and < {TARGET_RSS_MB} MiB: {verdict}")


if __name__ == "__main__":
    main()
