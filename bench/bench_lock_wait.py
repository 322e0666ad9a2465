"""Target: while a papers scrape runs (PDFs from 127.0.0.1 at a polite rate, so it lasts), `fwtrends sql`
gets in within 5 s: a probe in another process opens the warehouse read-only and queries it every 3 s, and
the longest wait is printed. The scrape holds the warehouse only while it loads a batch."""
from __future__ import annotations

import html
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reference import PMLR_PDFS

PAPERS = 120
RATE = 3.0  # PDFs a second: the scrape lasts PAPERS / RATE seconds, about 40 s
PROBE_EVERY_S = 3.0
TARGET_S = 5.0

PROBE = """
import sys, time
from warehouse import query
path, every = sys.argv[1], float(sys.argv[2])
while True:
    started = time.perf_counter()
    try:
        con = query.connect(path)
        query.run(con, "SELECT count(*) FROM paper_texts")
        con.close()
        print(f"{time.perf_counter() - started:.3f}", flush=True)
    except Exception as exc:
        print(f"error {exc}", flush=True)
    time.sleep(every)
"""


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

        db.connect(Path(tmp) / "fwtrends.duckdb").close()  # the probe needs a warehouse to open
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
            os.environ["FWTRENDS_CVF_RATE"] = str(RATE)
            flow(name="warm-up")(lambda: None)()
            probe = subprocess.Popen([sys.executable, "-c", PROBE, str(Path(tmp) / "fwtrends.duckdb"),
                                      str(PROBE_EVERY_S)], stdout=subprocess.PIPE, text=True)
            started = time.perf_counter()
            try:
                papers_flow(["CVPR"], [2024])
            finally:
                elapsed = time.perf_counter() - started
                probe.terminate()
                lines = probe.communicate()[0].splitlines()
    waits = [float(line) for line in lines if not line.startswith("error")]
    errors = [line for line in lines if line.startswith("error")]
    longest = max(waits, default=float("nan"))
    verdict = "PASS" if waits and longest < TARGET_S and not errors else "FAIL"
    print(f"sql probes every {PROBE_EVERY_S:g} s during a {elapsed:.0f} s scrape of {PAPERS} PDFs: {len(waits)} "
          f"answered, {len(errors)} refused, longest wait {longest:.2f} s (median "
          f"{sorted(waits)[len(waits) // 2] if waits else float('nan'):.2f} s); target < {TARGET_S:g} s: {verdict}")
    for error in errors[:3]:
        print(f"  {error}")


if __name__ == "__main__":
    main()
