"""Reading papers: PDF -> text (kept compressed in the text store) -> mentions, and re-classifying the
stored texts when a profile changes."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from tqdm import tqdm

from flows.runlog import Failure, Run, SourceResult, now
from flows.settings import SessionSpec, shared_session
from scrapers.http import FetchError
from scrapers.text import mentions
from scrapers.text.fulltext import PdfError
from scrapers.text.readers import PdfReaders, reclassify_stored
from warehouse.load.papers import load_mentions, load_texts, stored_texts
from warehouse.textstore import TextStore

MAX_PDF_BYTES = 40 * 1024 * 1024
MAX_PAGES = 60
PDF_DEADLINE_S = 300.0  # to download one PDF whole, however steadily its bytes come
PDF_BATCH = 16  # PDFs per task: a task per PDF costs more than reading a short paper
LOAD_BATCH = 200
RECLASSIFY_LOAD_BATCH = 8000


@dataclass
class PaperText:
    """What reading one paper gave: its `paper_texts` row, its mention rows, and its text compressed."""

    row: dict
    mentions: list[dict] = field(default_factory=list)
    compressed: bytes | None = None


_readers: PdfReaders | None = None
_readers_lock = threading.Lock()


def shared_readers() -> PdfReaders:
    """One pool of PDF-reading processes per process, shared by its task threads (each Dask worker has its own)."""
    global _readers
    with _readers_lock:
        if _readers is None:
            _readers = PdfReaders()
        return _readers


def close_shared_readers() -> None:
    global _readers
    with _readers_lock:
        if _readers is not None:
            _readers.close()
            _readers = None


@task(cache_policy=NO_CACHE, task_run_name="pdfs-from-{papers[0][0]}")
def read_batch(spec: SessionSpec, papers: list[tuple[str, str | None]]) -> list[PaperText]:
    """Downloads a batch of PDFs, handing each to the reading processes as it arrives, and collects what
    they read. Never raises for a bad PDF: the failure becomes a row with its reason, retried next run."""
    session, readers = shared_session(spec), shared_readers()
    texts, reading = [], []
    for paper_id, pdf_url in papers:
        row = {"paper_id": paper_id, "url": pdf_url, "extracted_at": now()}
        if not pdf_url:
            texts.append(PaperText({**row, "status": "skipped", "error": "the listing gives no PDF link"}))
            continue
        try:
            body = session.get(pdf_url, cache=False, max_bytes=MAX_PDF_BYTES, deadline=PDF_DEADLINE_S).content
        except FetchError as exc:
            texts.append(PaperText({**row, "status": "failed", "error": str(exc)}))
            continue
        reading.append((row, len(body), readers.read(paper_id, body, MAX_PAGES)))
    for row, size, future in reading:
        try:
            read = readers.result(future)
        except PdfError as exc:
            texts.append(PaperText({**row, "status": "failed", "error": str(exc)}))
            continue
        texts.append(PaperText(
            {**row, "status": "ok", "sha256": read.sha256, "pages": read.pages, "pages_read": read.pages_read,
             "chars": read.chars, "bytes": size, "extractor": read.extractor, "affiliations": read.affiliations},
            read.mentions,
            read.compressed,
        ))
    return texts


def keep_texts(con, store: TextStore, texts: list[PaperText]) -> None:
    """Texts into the store, their rows and mentions into the warehouse."""
    for text in texts:
        if text.compressed is not None:
            store.put(text.row["sha256"], text.compressed)
    load_texts(con, [t.row for t in texts], [m for t in texts for m in t.mentions])


def read_all(run: Run, store: TextStore, spec: SessionSpec, todo) -> SourceResult:
    """Download and read PDFs in batches, concurrently (each host within its rate, the text extracted in a
    process per core), loading in batches as they come."""
    result = SourceResult("pdfs")
    try:
        futures = [read_batch.submit(spec, todo[start:start + PDF_BATCH]) for start in range(0, len(todo), PDF_BATCH)]
        batch: list[PaperText] = []
        with tqdm(total=len(todo), desc="papers", unit="pdf", disable=None) as progress:
            for future in as_completed(futures):
                texts = future.result()
                progress.update(len(texts))
                for text in texts:
                    count(run, result, text)
                batch += texts
                if len(batch) >= LOAD_BATCH:
                    with run.warehouse() as con:
                        keep_texts(con, store, batch)
                    batch = []
        if batch:
            with run.warehouse() as con:
                keep_texts(con, store, batch)
    finally:
        close_shared_readers()
    return result


def count(run: Run, result: SourceResult, text: PaperText) -> None:
    status = text.row["status"]
    if status == "ok":
        result.fetched += 1
    elif status == "skipped":
        result.skipped += 1
    else:
        result.failed += 1
        run.failures.append(Failure("pdfs", text.row["paper_id"], text.row["url"], text.row["error"]))


def reclassify(con, store: TextStore, profiles: tuple[str, ...] = mentions.PROFILES) -> SourceResult:
    """Count mentions again in every stored text (e.g. after a profile changed), no download: the texts are
    read and scanned in a process per core, their mentions loaded here in big batches."""
    result = SourceResult("reclassify")
    texts = stored_texts(con)
    ids: list[str] = []
    rows: list[dict] = []
    with tqdm(total=len(texts), desc="reclassify", unit="text", disable=None) as progress:
        for chunk in reclassify_stored(store.root, texts, profiles):
            progress.update(len(chunk.paper_ids) + chunk.missing)
            result.skipped += chunk.missing  # read before the store existed: the next `papers` run cannot help
            ids += chunk.paper_ids
            rows += chunk.mentions
            if len(ids) >= RECLASSIFY_LOAD_BATCH:
                load_mentions(con, ids, rows, profiles)
                result.fetched += len(ids)
                ids, rows = [], []
    load_mentions(con, ids, rows, profiles)
    result.fetched += len(ids)
    return result
