"""Target: the papers flow over a local fixture server with 1,000 small PDFs in under 60 s on 2 cores,
with Prefect's start-up reported separately."""
from __future__ import annotations

import html
import os
import tempfile
import time
from pathlib import Path

PDFS = 1_000
TARGET_S = 60.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FWTRENDS_HOME"] = tmp
        os.environ.setdefault("PREFECT_HOME", str(Path(tmp) / "prefect"))
        from httpserver import LocalHTTPServer
        from pdfs import pdf_with_pages
        from prefect import flow

        from flows.papers import papers_flow
        from warehouse import db

        frameworks = ["PyTorch", "TensorFlow", "JAX", "no framework at all"]
        with LocalHTTPServer() as server:
            entries = []
            for i in range(PDFS):
                slug = f"Paper{i:04d}"
                server.route(f"/content_CVPR_2019/papers/{slug}.pdf",
                             pdf_with_pages(f"Paper {i}. We build on {frameworks[i % 4]}.", "Results and references."))
                entries.append(f'<dt class="ptitle"><br><a href="/content_CVPR_2019/html/{slug}.html">'
                               f'{html.escape(f"Paper number {i}")}</a></dt><dd>Ada Lovelace</dd>'
                               f'<dd>[<a href="/content_CVPR_2019/papers/{slug}.pdf">pdf</a>]</dd>')
            server.route("/CVPR2019.py", f"<html><body><dl>{''.join(entries)}</dl></body></html>")
            os.environ["FWTRENDS_CVF_BASE_URL"] = server.url("")
            os.environ["FWTRENDS_CVF_RATE"] = "inf"

            started = time.perf_counter()
            flow(name="warm-up")(lambda: None)()
            startup = time.perf_counter() - started

            started = time.perf_counter()
            results = papers_flow(["CVPR"], [2019])
            elapsed = time.perf_counter() - started

        con = db.connect(Path(tmp) / "fwtrends.duckdb", read_only=True)
        ok = con.execute("SELECT count(*) FROM paper_texts WHERE status = 'ok'").fetchone()[0]
        con.close()
    summary = ", ".join(f"{r.source} {r.status} {r.fetched}/{r.failed}" for r in results)
    verdict = "PASS" if elapsed < TARGET_S and ok == PDFS else "FAIL"
    print(f"Prefect start-up: {startup:.1f} s")
    print(f"papers flow, {PDFS:,} PDFs from 127.0.0.1: {elapsed:.1f} s ({PDFS / elapsed:.0f} PDFs/s), "
          f"{ok:,} texts ok [{summary}]; target < {TARGET_S:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
