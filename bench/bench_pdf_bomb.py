"""Target: a decompression bomb (a 611 KB PDF whose content stream inflates to 200 MB) costs under 1 GiB of
memory and is recorded as a failure, and the PDF after it is read: the reading process stops at its
address-space limit instead of taking the machine (in-process, pdfium took about 3 GB and 28 s)."""
from __future__ import annotations

import resource
import time

from pdfs import decompression_bomb, pdf_with_pages

from scrapers.text.fulltext import PdfError
from scrapers.text.readers import PdfReaders

TARGET_MB = 1024


def main() -> None:
    bomb = decompression_bomb(200)
    started = time.perf_counter()
    with PdfReaders(workers=1) as readers:
        exploded = readers.read("bomb", bomb, 60)
        after = readers.read("after", pdf_with_pages("We use PyTorch."), 60)
        try:
            readers.result(exploded)
            outcome = "read (no limit reached)"
        except PdfError as error:
            outcome = f"failed: {error}"
        next_read = readers.result(after).chars > 0
    elapsed = time.perf_counter() - started
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "PASS" if children_mb < TARGET_MB and outcome.startswith("failed") and next_read else "FAIL"
    print(f"decompression bomb ({len(bomb) / 1024:,.0f} KB): {outcome}; {elapsed:.1f} s; peak RSS of the reading "
          f"process {children_mb:,.0f} MiB, of this one {parent_mb:,.0f} MiB; next PDF read: {next_read}; "
          f"target < {TARGET_MB} MiB: {verdict}")


if __name__ == "__main__":
    main()
