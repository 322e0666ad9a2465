"""Reading papers: PDF -> text (kept compressed in the text store) -> mentions, and re-classifying the
stored texts when a profile changes."""
from __future__ import annotations

from dataclasses import dataclass, field

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from tqdm import tqdm

from flows.runlog import Failure, Run, SourceResult, now
from flows.settings import SessionSpec, shared_session
from scrapers.http import FetchError
from scrapers.text import mentions
from scrapers.text.classify import mention_rows
from scrapers.text.fulltext import PdfError, extract_text
from scrapers.text.sections import affiliations
from warehouse.load.papers import load_mentions, load_texts, stored_texts
from warehouse.textstore import TextStore, compress

MAX_PDF_BYTES = 40 * 1024 * 1024
MAX_PAGES = 60
LOAD_BATCH = 200


@dataclass
class PaperText:
    """What reading one paper gave: its `paper_texts` row, its mention rows, and its text compressed."""

    row: dict
    mentions: list[dict] = field(default_factory=list)
    compressed: bytes | None = None


@task(cache_policy=NO_CACHE, task_run_name="pdf-{paper_id}")
def read_paper(spec: SessionSpec, paper_id: str, pdf_url: str | None) -> PaperText:
    """Never raises for a bad PDF: the failure becomes a row with its reason, retried next run."""
    row = {"paper_id": paper_id, "url": pdf_url, "extracted_at": now()}
    if not pdf_url:
        return PaperText({**row, "status": "skipped", "error": "the listing gives no PDF link"})
    try:
        body = shared_session(spec).get(pdf_url, cache=False, max_bytes=MAX_PDF_BYTES).content
        text = extract_text(body, max_pages=MAX_PAGES)
    except (FetchError, PdfError) as exc:
        return PaperText({**row, "status": "failed", "error": str(exc)})
    return PaperText(
        {**row, "status": "ok", "sha256": text.sha256, "pages": text.pages, "pages_read": text.pages_read,
         "chars": text.chars, "bytes": len(body), "extractor": text.extractor,
         "affiliations": affiliations(text.text)},
        mention_rows(paper_id, text.text),
        compress(text.text),
    )


def keep_texts(con, store: TextStore, texts: list[PaperText]) -> None:
    """Texts into the store, their rows and mentions into the warehouse."""
    for text in texts:
        if text.compressed is not None:
            store.put(text.row["sha256"], text.compressed)
    load_texts(con, [t.row for t in texts], [m for t in texts for m in t.mentions])


def read_all(run: Run, store: TextStore, spec: SessionSpec, todo) -> SourceResult:
    """Download and read PDFs concurrently (each host within its rate), loading in batches as they come."""
    result = SourceResult("pdfs")
    futures = [read_paper.submit(spec, paper_id, url) for paper_id, url in todo]
    batch: list[PaperText] = []
    for future in tqdm(as_completed(futures), total=len(futures), desc="papers", unit="pdf", disable=None):
        text = future.result()
        batch.append(text)
        status = text.row["status"]
        if status == "ok":
            result.fetched += 1
        elif status == "skipped":
            result.skipped += 1
        else:
            result.failed += 1
            run.failures.append(Failure("pdfs", text.row["paper_id"], text.row["url"], text.row["error"]))
        if len(batch) >= LOAD_BATCH:
            keep_texts(run.con, store, batch)
            batch = []
    if batch:
        keep_texts(run.con, store, batch)
    return result


def reclassify(con, store: TextStore, profiles: tuple[str, ...] = mentions.PROFILES) -> SourceResult:
    """Count mentions again in every stored text (e.g. after a profile changed): no download."""
    result = SourceResult("reclassify")
    texts = stored_texts(con)
    for start in tqdm(range(0, len(texts), LOAD_BATCH * 5), desc="reclassify", unit="batch", disable=None):
        batch = texts[start:start + LOAD_BATCH * 5]
        ids, rows = [], []
        for paper_id, sha256 in batch:
            if sha256 not in store:
                result.skipped += 1  # read before the store existed: the next `papers` run cannot help either
                continue
            ids.append(paper_id)
            rows += mention_rows(paper_id, store.get(sha256), profiles)
        load_mentions(con, ids, rows, profiles)
        result.fetched += len(ids)
    return result
