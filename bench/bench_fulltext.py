"""How fast PDFs become text: pages/s of pypdfium2 (extract_text) next to pdftotext, on one core.

Reads the reference PDFs (../shared/reference/pmlr-v227-pdfs). pdftotext, which the 2019 study
used, is the speed to beat; it comes with poppler-utils and runs once per file, as a pipeline
would call it.
"""
from __future__ import annotations

import shutil
import subprocess
import time

from reference import PMLR_PDFS

from scrapers.text.fulltext import EXTRACTOR, extract_text

ROUNDS = 3  # best of, against noise from other processes


def main() -> None:
    pdfs = sorted(PMLR_PDFS.glob("*.pdf"))
    if not pdfs:
        print(f"reference PDFs not found at {PMLR_PDFS}: nothing to measure")
        return
    documents = [pdf.read_bytes() for pdf in pdfs]
    pages = sum(extract_text(document).pages for document in documents)
    print(f"{len(pdfs)} reference PDFs, {pages} pages, {sum(map(len, documents)) / 1e6:.1f} MB")

    pdfium_s = best_seconds(lambda: [extract_text(document) for document in documents])
    print(f"  {EXTRACTOR:<32} {pages / pdfium_s:7.0f} pages/s  ({pdfium_s:.2f} s)")

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        print("  pdftotext: not installed (Debian/Ubuntu: apt-get install poppler-utils)")
        return
    version = subprocess.run([pdftotext, "-v"], capture_output=True, text=True).stderr.splitlines()[0]
    command_s = best_seconds(
        lambda: [subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True) for pdf in pdfs]
    )
    print(f"  {version:<32} {pages / command_s:7.0f} pages/s  ({command_s:.2f} s)")
    print(f"  pypdfium2 is {command_s / pdfium_s:.1f}x as fast as pdftotext")


def best_seconds(run) -> float:
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


if __name__ == "__main__":
    main()
