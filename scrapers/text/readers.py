"""Reading PDFs in worker processes, one per core: text, mentions and the compressed text come back,
small, while pdfium's memory and time stay in the worker. Each worker runs under an address-space limit,
and each PDF under a time limit; a PDF over either (a decompression bomb, a pathological file) costs one
worker, which is replaced, and becomes a `PdfError` naming the limit. pebble supplies the pool with
per-task timeouts and replacement of workers that die. A daemonic process (a Dask worker) may not start
processes: there, being one process per core already, it reads the PDFs itself, without the limits.
Counting the mentions again in stored texts (`reclassify_stored`) fans out the same way, a chunk per task."""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from scrapers.text.classify import mention_rows
from scrapers.text.fulltext import PdfError, extract_text
from scrapers.text.sections import affiliations
from warehouse.textstore import TextStore, compress


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 1024  # address space of one worker, the interpreter and pdfium included
    seconds: float = 60.0  # to read one PDF


@dataclass
class ReadPdf:
    """What one PDF gave: its text's figures, its mention rows, its text compressed for the text store."""

    sha256: str
    pages: int
    pages_read: int
    chars: int
    extractor: str
    affiliations: list[str]
    mentions: list[dict] = field(default_factory=list)
    compressed: bytes = b""


def read_pdf(paper_id: str, body: bytes, max_pages: int) -> ReadPdf:
    """Runs in a worker: everything that needs the text, so that only small results travel back."""
    try:
        text = extract_text(body, max_pages=max_pages)
    except MemoryError:
        raise PdfError("ran out of memory while reading") from None
    return ReadPdf(text.sha256, text.pages, text.pages_read, text.chars, text.extractor,
                   affiliations(text.text), mention_rows(paper_id, text.text), compress(text.text))


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class PdfReaders:
    """A pool of PDF-reading processes shared by the threads of one process. `read()` answers a Future
    of a `ReadPdf`; `result()` on it raises `PdfError` for a PDF that gives no text or broke a limit."""

    def __init__(self, workers: int | None = None, limits: Limits = Limits()):
        self.limits = limits
        self._pool = None
        if not multiprocessing.current_process().daemon:
            # Spawned, not forked: the parent runs threads (HTTP, Prefect), which a fork would copy mid-step.
            self._pool = ProcessPool(max_workers=workers or len(os.sched_getaffinity(0)), initializer=_limit_memory,
                                     initargs=(limits.memory_mb,), context=multiprocessing.get_context("spawn"))

    def read(self, paper_id: str, body: bytes, max_pages: int) -> Future:
        if self._pool is None:
            return _read_here(paper_id, body, max_pages)
        return self._pool.schedule(read_pdf, (paper_id, body, max_pages), timeout=self.limits.seconds)

    def result(self, future: Future) -> ReadPdf:
        try:
            return future.result()
        except TimeoutError:
            raise PdfError(f"took over {self.limits.seconds:g} s to read (time limit)") from None
        except ProcessExpired as died:
            raise PdfError(f"the reading process died ({_how(died.exitcode)}), most likely over its "
                           f"{self.limits.memory_mb:,} MiB memory limit") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()

    def __enter__(self) -> PdfReaders:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _read_here(paper_id: str, body: bytes, max_pages: int) -> Future:
    future: Future = Future()
    try:
        future.set_result(read_pdf(paper_id, body, max_pages))
    except PdfError as exc:
        future.set_exception(exc)
    return future


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return signal.Signals(-exitcode).name
    return f"exit code {exitcode}"


@dataclass
class Reclassified:
    """Mentions counted again in a chunk of stored texts: the papers whose text is stored, their rows, and
    how many had no stored text."""

    paper_ids: list[str]
    mentions: list[dict]
    missing: int = 0


def reclassify_chunk(store_root: Path, texts: list[tuple[str, str]], profiles: tuple[str, ...]) -> Reclassified:
    """Runs in a worker: reads, decompresses and scans a chunk of (paper_id, sha256) texts."""
    store, chunk = TextStore(store_root), Reclassified([], [])
    for paper_id, sha256 in texts:
        if sha256 not in store:
            chunk.missing += 1
            continue
        chunk.paper_ids.append(paper_id)
        chunk.mentions += mention_rows(paper_id, store.get(sha256), profiles)
    return chunk


def reclassify_stored(store_root: Path, texts: list[tuple[str, str]], profiles: tuple[str, ...],
                      chunk: int = 500, workers: int | None = None) -> Iterator[Reclassified]:
    """`reclassify_chunk` over every chunk of `texts`, in a process per core, the results in order."""
    chunks = [texts[start:start + chunk] for start in range(0, len(texts), chunk)]
    if not chunks:
        return
    workers = min(workers or len(os.sched_getaffinity(0)), len(chunks))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(reclassify_chunk, repeat(store_root), chunks, repeat(profiles))
