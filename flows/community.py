"""Community activity as monthly series -> `community_counts`: Stack Overflow questions, dev.to articles,
PyPI downloads and GitHub repositories, per framework. Months that are over are final and not asked for
again; a source that stops early (quota, rate limit) keeps what it fetched, and the rest waits for the
next run."""
from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows import settings
from flows.runlog import Failure, Run, SourceResult, flow_run, now
from scrapers.community import SOURCES, Harvest
from warehouse.load.community import final_months, load_counts

FIRST_MONTH = date(2015, 1, 1)


@task(cache_policy=NO_CACHE, task_run_name="community-{source}")
def harvest(spec: settings.SessionSpec, source: str, since: date, final: set[date]) -> Harvest:
    return SOURCES[source].fetch_counts(settings.shared_session(spec), since, final)


@flow(name="community")
def community_flow(sources: list[str] | None = None, since: date = FIRST_MONTH,
                   report: bool = False) -> list[SourceResult]:
    sources = sources or list(SOURCES)
    spec = settings.session_spec(*(SOURCES[name] for name in sources))
    with flow_run("community", {"sources": sources, "since": since}, report=report) as run:
        for name in sources:
            run.results.append(harvest_source(run, spec, name, since))
    return run.results


def harvest_source(run: Run, spec: settings.SessionSpec, name: str, since: date) -> SourceResult:
    """One source's counts, loaded; a source that stopped early says why and keeps what it fetched."""
    result = SourceResult(name)
    harvested = run.attempt(result, "counts", harvest, spec, name, since, final_months(run.con, name))
    if harvested is None:
        return result
    load_counts(run.con, harvested.counts, now())
    result.fetched = len(harvested.counts)
    if harvested.stopped:
        result.reason = harvested.stopped
        result.status = "failed" if not harvested.counts else "ok"
        run.failures.append(Failure(name, "counts", None, harvested.stopped))
    return result
