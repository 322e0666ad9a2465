"""Papers: conference listings -> `papers`; PDFs -> text -> `paper_texts` and `paper_mentions`."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import asdict
from datetime import datetime
from urllib.parse import urlsplit

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows import settings
from flows.paper_texts import read_all, reclassify
from flows.report import report_flow
from flows.retrying import retry_if_transient
from flows.runlog import Failure, SourceResult, now, record_failures, record_run
from scrapers.papers import acl, cvf, ecva, gradient, iclr, neurips, pmlr
from scrapers.records import Paper
from scrapers.text import mentions
from warehouse import db
from warehouse.load import replace
from warehouse.textstore import TextStore

SOURCES = {module.SOURCE: module for module in (cvf, ecva, acl, neurips, pmlr, iclr, gradient)}
# The 2019 study's own lists are walked only when asked for (`--source gradient`): they re-list papers
# that the live sites list too, and the live sites' PDF links are the ones that still work.
DEFAULT_SOURCES = [name for name in SOURCES if name != gradient.SOURCE]
ASSUMED_PDF_BYTES = 2 * 2**20  # for the dry-run plan, until texts read here give the real mean


def listings_plan(venues: list[str] | None, years: list[int] | None, source: str | None = None):
    """(source, venue, year) for every listing asked for that a source hosts; None means all of them."""
    until = datetime.now().year
    plan = []
    for name in [source] if source else DEFAULT_SOURCES:
        module = SOURCES[name]
        for venue in venues or module.VENUES:
            if venue in module.VENUES:
                hosted = module.venue_years(venue, until)
                plan += [(name, venue, year) for year in hosted if years is None or year in years]
    return plan


def unhosted(venues: list[str] | None, source: str | None) -> list[SourceResult]:
    names = [source] if source else DEFAULT_SOURCES
    return [
        SourceResult(venue, status="failed", reason=f"no source hosts {venue} (sources: {', '.join(names)})")
        for venue in venues or []
        if not any(venue in SOURCES[name].VENUES for name in names)
    ]


def sample_ids(paper_ids: list[str], n: int | None, seed: str) -> list[str]:
    """A seeded random sample: the same listing, n and seed give the same papers on every run."""
    ids = sorted(paper_ids)
    if n is None or n >= len(ids):
        return ids
    return sorted(random.Random(seed).sample(ids, n))


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="listing-{source}-{venue}-{year}")
def fetch_listing(spec: settings.SessionSpec, source: str, venue: str, year: int) -> list[Paper]:
    return SOURCES[source].fetch_papers(settings.shared_session(spec), venue, year)


def load_profiles(con) -> None:
    rows = pd.DataFrame([
        {"profile": name, "description": mentions.profile(name).description,
         "counts_references": mentions.profile(name).counts_references}
        for name in mentions.PROFILES
    ])
    replace(con, "profiles", rows, ["profile"])


def load_papers(con, papers: list[Paper], fetched_at: datetime) -> None:
    """Every source that lists a paper is kept in `paper_sources`; the `papers` row is the live site's,
    and the study's list only adds the papers no live site gave."""
    if not papers:
        return
    rows = pd.DataFrame([
        {"paper_id": p.paper_id, "venue": p.venue, "year": p.year, "title": p.title, "authors": list(p.authors),
         "pdf_url": p.pdf_url, "landing_url": p.landing_url, "source": p.source, "track": p.track,
         "fetched_at": fetched_at}
        for p in papers
    ]).drop_duplicates("paper_id", keep="first")
    replace(con, "paper_sources", rows[["paper_id", "source", "pdf_url", "landing_url", "fetched_at"]],
            ["paper_id", "source"])
    if papers[0].source == gradient.SOURCE:
        con.register("listed", rows[["paper_id"]])
        live = {pid for (pid,) in con.execute(
            "SELECT paper_id FROM papers JOIN listed USING (paper_id) WHERE source <> ?", [gradient.SOURCE]
        ).fetchall()}
        con.unregister("listed")
        rows = rows[~rows["paper_id"].isin(live)]
    replace(con, "papers", rows, ["paper_id"])


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE)
def fetch_published(spec: settings.SessionSpec) -> pd.DataFrame:
    shares = gradient.fetch_published(settings.shared_session(spec))
    return pd.DataFrame([asdict(share) for share in shares]).assign(source_url=gradient.published_url())


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


def print_plan(con, todo, spec: settings.SessionSpec) -> None:
    """Papers to read, the bytes to expect and the time the per-host rates imply."""
    mean_bytes = con.execute("SELECT avg(bytes) FROM paper_texts WHERE status = 'ok'").fetchone()[0]
    mean_bytes = mean_bytes or ASSUMED_PDF_BYTES
    rates = {urlsplit(url).hostname: per_second for url, per_second in spec.rates}
    hosts = Counter(urlsplit(url).hostname for _, url in todo if url)
    print(f"plan: {len(todo):,} papers to read, about {len(todo) * mean_bytes / 2**30:.2f} GiB "
          f"({mean_bytes / 2**20:.1f} MiB each)")
    for host, count in hosts.most_common():
        rate = rates.get(host, 1.0)
        print(f"  {host}: {count:,} PDFs at {rate:g}/s: at least {count / rate / 60:.1f} min")


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
    spec = settings.session_spec(*SOURCES.values())
    con = db.connect(settings.db_path())
    try:
        load_profiles(con)
        plan = listings_plan(venues, years, source)
        results = scrape_listings(con, spec, plan, failures) + unhosted(venues, source)
        if source == gradient.SOURCE:
            results.append(load_published(con, spec, failures))
        todo = [paper for _, venue, year in plan for paper in papers_to_read(con, venue, year, sample, seed)]
        if dry_run:
            print_plan(con, todo, spec)
            return results
        if todo:
            results.append(read_all(con, TextStore(settings.text_store_path()), spec, todo, failures))
        record_failures(con, failures)
        record_run(con, "papers", started, params, results)
    finally:
        con.close()
    if report:
        report_flow()
    return results


def scrape_listings(con, spec, plan, failures) -> list[SourceResult]:
    listings = {(name, venue, year): fetch_listing.submit(spec, name, venue, year) for name, venue, year in plan}
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


def load_published(con, spec, failures) -> SourceResult:
    """The study's published counts (its data.csv), for `reproduction_2019`."""
    result = SourceResult("gradient:data.csv")
    try:
        published = fetch_published(spec)
    except Exception as exc:
        result.fail(str(exc))
        failures.append(Failure(result.source, "published figures", getattr(exc, "url", None), str(exc)))
        return result
    replace(con, "published_shares", published, ["venue", "year"])
    result.fetched = len(published)
    return result


@flow(name="reclassify")
def reclassify_flow(profiles: list[str] | None = None) -> list[SourceResult]:
    """Count mentions again in every stored text, for every profile (or those named)."""
    started = now()
    con = db.connect(settings.db_path())
    try:
        load_profiles(con)
        result = reclassify(con, TextStore(settings.text_store_path()), tuple(profiles or mentions.PROFILES))
        record_run(con, "reclassify", started, {"profiles": profiles}, [result])
    finally:
        con.close()
    return [result]


def papers_flow_on(dask_address: str | None = None):
    """The papers flow on its thread pool, or fanned out over an existing Dask cluster (prefect-dask):
    workers open their own HTTP session and return small records; this process alone writes DuckDB."""
    if not dask_address:
        return papers_flow
    from prefect_dask import DaskTaskRunner

    return papers_flow.with_options(task_runner=DaskTaskRunner(address=dask_address))
