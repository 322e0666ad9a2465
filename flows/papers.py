"""Papers: conference listings -> `papers`; PDFs -> text -> `paper_texts` and `paper_mentions`."""
from __future__ import annotations

import random
from collections import Counter
from datetime import datetime
from urllib.parse import urlsplit

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows import settings
from flows.paper_texts import read_all, reclassify
from flows.retrying import retry_if_transient
from flows.runlog import Run, SourceResult, flow_run, now
from scrapers.papers import SOURCES, gradient
from scrapers.records import Paper
from scrapers.text import mentions
from warehouse.load.papers import (
    listed_papers,
    load_papers,
    load_profiles,
    load_published_shares,
    mean_pdf_bytes,
    papers_read,
)
from warehouse.textstore import TextStore

# The 2019 study's own lists are walked only when asked for (`--source gradient`): they re-list papers
# that the live sites list too, and the live sites' PDF links are the ones that still work.
DEFAULT_SOURCES = [name for name in SOURCES if name != gradient.SOURCE]
ASSUMED_PDF_BYTES = 2 * 2**20  # for the dry-run plan, until texts read here give the real mean


def listings_plan(venues: list[str] | None, years: list[int] | None, source: str | None = None,
                  after_study: bool = False):
    """(source, venue, year) for every listing asked for that a source hosts; None means all of them. With
    `after_study`, only the years after the 2019 study's last list of each venue."""
    until = datetime.now().year
    plan = []
    for name in [source] if source else DEFAULT_SOURCES:
        module = SOURCES[name]
        for venue in venues or module.VENUES:
            if venue in module.VENUES:
                hosted = module.venue_years(venue, until)
                if after_study:
                    hosted = [year for year in hosted if year > max(gradient.STUDY_YEARS[venue])]
                plan += [(name, venue, year) for year in hosted if years is None or year in years]
    return plan


def unhosted(venues: list[str] | None, years: list[int] | None, source: str | None, plan) -> list[SourceResult]:
    """A line for each venue, and each venue-year, asked for by name that no source lists."""
    names = [source] if source else DEFAULT_SOURCES
    planned = {(venue, year) for _, venue, year in plan}
    missing = []
    for venue in venues or []:
        if not any(venue in SOURCES[name].VENUES for name in names):
            missing.append(SourceResult(venue, status="failed",
                                        reason=f"no source hosts {venue} (sources: {', '.join(names)})"))
            continue
        missing += [SourceResult(f"{venue} {year}", status="failed", reason=f"{venue} {year}: no source lists it")
                    for year in years or [] if (venue, year) not in planned]
    return missing


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


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE)
def fetch_published(spec: settings.SessionSpec) -> list[gradient.PublishedShare]:
    return gradient.fetch_published(settings.shared_session(spec))


def papers_to_read(con, venue: str, year: int, sample: int | None, seed: int) -> list[tuple[str, str | None]]:
    """The (sampled) papers of a venue-year that have no text yet: ok texts are never fetched again."""
    listed = listed_papers(con, venue, year)
    chosen = set(sample_ids([pid for pid, _ in listed], sample, f"{seed}:{venue}:{year}"))
    done = papers_read(con, venue, year)
    return [(pid, url) for pid, url in listed if pid in chosen and pid not in done]


def print_plan(con, todo, spec: settings.SessionSpec) -> None:
    """Papers to read, the bytes to expect and the time the per-host rates imply."""
    mean_bytes = mean_pdf_bytes(con) or ASSUMED_PDF_BYTES
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
    after_study: bool = False,
) -> list[SourceResult]:
    """Scrape the listings of every venue-year (default: all a source hosts), then read the PDFs of the
    (sampled) papers not read yet."""
    params = {"venues": venues, "years": years, "sample": sample, "source": source, "seed": seed,
              "after_study": after_study}
    spec = settings.session_spec(*SOURCES.values())
    with flow_run("papers", params, report=report) as run:
        with run.warehouse() as con:
            load_profiles(con)
        plan = listings_plan(venues, years, source, after_study)
        scrape_listings(run, spec, plan)
        run.results += unhosted(venues, years, source, plan)
        if source == gradient.SOURCE:
            load_published(run, spec)
        with run.warehouse() as con:
            todo = [paper for _, venue, year in plan for paper in papers_to_read(con, venue, year, sample, seed)]
            if dry_run:
                print_plan(con, todo, spec)
                run.recorded = False  # a plan, not a run
        if todo and not dry_run:
            run.results.append(read_all(run, TextStore(settings.text_store_path()), spec, todo))
    return run.results


def scrape_listings(run: Run, spec: settings.SessionSpec, plan) -> None:
    """Every listing of the plan, fetched concurrently and loaded as it comes: a line per source."""
    listings = {(name, venue, year): fetch_listing.submit(spec, name, venue, year) for name, venue, year in plan}
    results: dict[str, SourceResult] = {}
    for (name, venue, year), future in listings.items():
        result = results.setdefault(name, SourceResult(name))
        papers = run.attempt(result, f"{venue} {year} listing", future.result)
        if papers is not None:
            with run.warehouse() as con:
                load_papers(con, papers, now())
            result.fetched += len(papers)
    run.results += results.values()


def load_published(run: Run, spec: settings.SessionSpec) -> None:
    """The study's published counts (its data.csv), for `reproduction_2019`."""
    result = SourceResult("gradient:data.csv")
    run.results.append(result)
    shares = run.attempt(result, "published figures", fetch_published, spec)
    if shares is not None:
        with run.warehouse() as con:
            result.fetched = load_published_shares(con, shares, gradient.published_url())


@flow(name="reclassify")
def reclassify_flow(profiles: list[str] | None = None) -> list[SourceResult]:
    """Count mentions again in every stored text, for every profile (or those named)."""
    with flow_run("reclassify", {"profiles": profiles}) as run:
        with run.warehouse() as con:
            load_profiles(con)
            run.results.append(reclassify(con, TextStore(settings.text_store_path()),
                                          tuple(profiles or mentions.PROFILES)))
    return run.results


def papers_flow_on(dask_address: str | None = None):
    """The papers flow on its thread pool, or fanned out over an existing Dask cluster (prefect-dask):
    workers open their own HTTP session and return small records; this process alone writes DuckDB."""
    if not dask_address:
        return papers_flow
    from prefect_dask import DaskTaskRunner

    return papers_flow.with_options(task_runner=DaskTaskRunner(address=dask_address))
