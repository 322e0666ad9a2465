"""Papers: conference listings -> `papers`; PDFs -> text -> `paper_texts` and `paper_mentions`."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from tqdm import tqdm

from flows import settings
from flows.report import report_flow
from flows.retrying import retry_if_transient
from flows.runlog import Failure, SourceResult, now, record_failures, record_run
from scrapers import cvf, mentions
from scrapers.fulltext import PdfError, extract_text
from scrapers.http import FetchError, PoliteSession
from scrapers.records import Paper
from warehouse import db
from warehouse.load import replace

SOURCES = {"cvf": cvf}
MAX_PDF_BYTES = 40 * 1024 * 1024
MAX_PAGES = 60
LOAD_BATCH = 200


@dataclass
class PaperText:
    """What reading one paper's PDF gave: a `paper_texts` row and its mentions per profile."""

    row: dict
    mentions: list[dict] = field(default_factory=list)


def listings_plan(venues: list[str] | None, years: list[int] | None, source: str | None = None):
    """(source, venue, year) for every listing asked for that a source hosts; None means all of them."""
    until = datetime.now().year
    plan = []
    for name in [source] if source else list(SOURCES):
        module = SOURCES[name]
        for venue in venues or module.VENUES:
            if venue in module.VENUES:
                hosted = module.venue_years(venue, until)
                plan += [(name, venue, year) for year in hosted if years is None or year in years]
    return plan


def sample_ids(paper_ids: list[str], n: int | None, seed: str) -> list[str]:
    """A seeded random sample: the same listing, n and seed give the same papers on every run."""
    ids = sorted(paper_ids)
    if n is None or n >= len(ids):
        return ids
    return sorted(random.Random(seed).sample(ids, n))


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="listing-{source}-{venue}-{year}")
def fetch_listing(session: PoliteSession, source: str, venue: str, year: int) -> list[Paper]:
    return SOURCES[source].fetch_papers(session, venue, year)


@task(cache_policy=NO_CACHE, task_run_name="pdf-{paper_id}")
def read_paper(session: PoliteSession, paper_id: str, pdf_url: str | None) -> PaperText:
    """Never raises for a bad PDF: the failure becomes a row with its reason, retried next run."""
    row = {"paper_id": paper_id, "url": pdf_url, "extracted_at": now()}
    if not pdf_url:
        return PaperText({**row, "status": "skipped", "error": "the listing gives no PDF link"})
    try:
        body = session.get(pdf_url, cache=False, max_bytes=MAX_PDF_BYTES).content
        text = extract_text(body, max_pages=MAX_PAGES)
    except (FetchError, PdfError) as exc:
        return PaperText({**row, "status": "failed", "error": str(exc)})
    found = [
        {"paper_id": paper_id, "profile": name, "framework": framework, "hits": hits}
        for name in mentions.PROFILES
        for framework, hits in mentions.count_mentions(text.text, mentions.profile(name)).items()
    ]
    return PaperText(
        {**row, "status": "ok", "sha256": text.sha256, "pages": text.pages, "pages_read": text.pages_read,
         "chars": text.chars, "bytes": len(body), "extractor": text.extractor},
        found,
    )


def load_profiles(con) -> None:
    rows = pd.DataFrame(
        [{"profile": name, "description": mentions.profile(name).description} for name in mentions.PROFILES]
    )
    replace(con, "profiles", rows, ["profile"])


def load_papers(con, papers: list[Paper], fetched_at: datetime) -> None:
    rows = pd.DataFrame([
        {"paper_id": p.paper_id, "venue": p.venue, "year": p.year, "title": p.title, "authors": list(p.authors),
         "pdf_url": p.pdf_url, "landing_url": p.landing_url, "source": p.source, "fetched_at": fetched_at}
        for p in papers
    ]).drop_duplicates("paper_id", keep="first")
    replace(con, "papers", rows, ["paper_id"])


def load_texts(con, texts: list[PaperText]) -> None:
    rows = pd.DataFrame([t.row for t in texts])
    replace(con, "paper_texts", rows, ["paper_id"])
    found = pd.DataFrame(
        [m for t in texts for m in t.mentions], columns=["paper_id", "profile", "framework", "hits"]
    )
    # Every profile of every re-read paper is replaced, also when it now mentions nothing.
    keys = pd.MultiIndex.from_product([rows["paper_id"], mentions.PROFILES], names=["paper_id", "profile"])
    replace(con, "paper_mentions", found, ["paper_id", "profile"], keys=keys.to_frame(index=False))


def papers_to_read(con, venue: str, year: int, sample: int | None, seed: int) -> list[tuple[str, str | None]]:
    """The (sampled) papers of a venue-year that have no text yet: ok texts are never fetched again."""
    listed = con.execute(
        "SELECT paper_id, pdf_url FROM papers WHERE venue = ? AND year = ?", [venue, year]
    ).fetchall()
    chosen = set(sample_ids([pid for pid, _ in listed], sample, f"{seed}:{venue}:{year}"))
    done = {pid for (pid,) in con.execute(
        "SELECT t.paper_id FROM paper_texts t JOIN papers p USING (paper_id) "
        "WHERE t.status = 'ok' AND p.venue = ? AND p.year = ?", [venue, year]
    ).fetchall()}
    return [(pid, url) for pid, url in listed if pid in chosen and pid not in done]


@flow(name="papers", task_runner=ThreadPoolTaskRunner(max_workers=8))
def papers_flow(
    venues: list[str] | None = None,
    years: list[int] | None = None,
    sample: int | None = None,
    source: str | None = None,
    seed: int = 2019,
    dry_run: bool = False,
    report: bool = False,
) -> list[SourceResult]:
    """Scrape the listings of every venue-year (default: all a source hosts), then read the PDFs of the
    (sampled) papers not read yet."""
    started = now()
    params = {"venues": venues, "years": years, "sample": sample, "source": source, "seed": seed}
    failures: list[Failure] = []
    con = db.connect(settings.db_path())
    try:
        load_profiles(con)
        with settings.open_session(*SOURCES.values()) as session:
            plan = listings_plan(venues, years, source)
            results = scrape_listings(con, session, plan, failures) + unhosted(venues, source)
            todo = [paper for _, venue, year in plan for paper in papers_to_read(con, venue, year, sample, seed)]
            if dry_run:
                print(f"plan: {len(todo)} PDFs to read, at most {MAX_PDF_BYTES // 2**20} MB each")
                return results
            if todo:
                results.append(read_all(con, session, todo, failures))
        record_failures(con, failures)
        record_run(con, "papers", started, params, results)
    finally:
        con.close()
    if report:
        report_flow()
    return results


def unhosted(venues: list[str] | None, source: str | None) -> list[SourceResult]:
    names = [source] if source else list(SOURCES)
    return [
        SourceResult(venue, status="failed", reason=f"no source hosts {venue} (sources: {', '.join(names)})")
        for venue in venues or []
        if not any(venue in SOURCES[name].VENUES for name in names)
    ]


def scrape_listings(con, session, plan, failures) -> list[SourceResult]:
    listings = {(name, venue, year): fetch_listing.submit(session, name, venue, year) for name, venue, year in plan}
    results: dict[str, SourceResult] = {}
    for (name, venue, year), future in listings.items():
        result = results.setdefault(name, SourceResult(name))
        try:
            papers = future.result()
        except Exception as exc:  # recorded with its reason; the other listings go on
            result.failed += 1
            result.reason = str(exc)
            failures.append(Failure(name, f"{venue} {year} listing", getattr(exc, "url", None), str(exc)))
            continue
        load_papers(con, papers, now())
        result.fetched += len(papers)
    for result in results.values():
        if result.failed and not result.fetched:
            result.status = "failed"
    return list(results.values())


def read_all(con, session, todo, failures) -> SourceResult:
    """Download and read PDFs concurrently (each host stays within its rate), loading in batches."""
    texts = SourceResult("pdfs")
    futures = [read_paper.submit(session, pid, url) for pid, url in todo]
    batch: list[PaperText] = []
    for future in tqdm(as_completed(futures), total=len(futures), desc="papers", unit="pdf", disable=None):
        text = future.result()
        batch.append(text)
        status = text.row["status"]
        if status == "ok":
            texts.fetched += 1
        elif status == "skipped":
            texts.skipped += 1
        else:
            texts.failed += 1
            failures.append(Failure("pdfs", text.row["paper_id"], text.row["url"], text.row["error"]))
        if len(batch) >= LOAD_BATCH:
            load_texts(con, batch)
            batch = []
    if batch:
        load_texts(con, batch)
    return texts
