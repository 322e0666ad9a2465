"""Community activity as monthly series -> `community_counts`: Stack Overflow questions, dev.to articles,
PyPI downloads and GitHub repositories, per framework. Months that are over are final and not asked for
again; a source that stops early (quota, rate limit) keeps what it fetched, and the rest waits for the
next run. With the PyPI downloads comes each framework's first PyPI release -> `framework_releases`."""
from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows import settings
from flows.runlog import Failure, Run, SourceResult, flow_run, now
from scrapers.community import SOURCES, Harvest, pypi_releases, pypistats
from warehouse.load.community import final_months, load_counts, load_releases

FIRST_MONTH = date(2015, 1, 1)


@task(cache_policy=NO_CACHE, task_run_name="community-{source}")
def harvest(spec: settings.SessionSpec, source: str, since: date, final: set[date]) -> Harvest:
    return SOURCES[source].fetch_counts(settings.shared_session(spec), since, final)


@task(cache_policy=NO_CACHE, task_run_name="community-pypi-releases")
def fetch_releases(spec: settings.SessionSpec) -> list[pypi_releases.Release]:
    return pypi_releases.fetch_releases(settings.shared_session(spec))


@flow(name="community")
def community_flow(sources: list[str] | None = None, since: date = FIRST_MONTH,
                   report: bool = False) -> list[SourceResult]:
    sources = sources or list(SOURCES)
    spec = settings.session_spec(*(SOURCES[name] for name in sources), pypi_releases)
    with flow_run("community", {"sources": sources, "since": since}, report=report) as run:
        for name in sources:
            run.results.append(harvest_source(run, spec, name, since))
        # Two requests, so they ride along with the PyPI downloads: every full refresh and the quick run.
        if pypistats.SOURCE in sources:
            run.results.append(record_releases(run, spec))
    return run.results


def harvest_source(run: Run, spec: settings.SessionSpec, name: str, since: date) -> SourceResult:
    """One source's counts, loaded; a source that stopped early says why and keeps what it fetched."""
    result = SourceResult(name)
    with run.warehouse() as con:
        final = final_months(con, name)
    harvested = run.attempt(result, "counts", harvest, spec, name, since, final)
    if harvested is None:
        return result
    with run.warehouse() as con:
        load_counts(con, harvested.counts, now())
    result.fetched = len(harvested.counts)
    if harvested.stopped:
        result.reason = harvested.stopped
        result.status = "failed" if not harvested.counts else "ok"
        run.failures.append(Failure(name, "counts", None, harvested.stopped))
    return result


def record_releases(run: Run, spec: settings.SessionSpec) -> SourceResult:
    """Each framework's first PyPI release, loaded."""
    result = SourceResult("pypi-releases")
    releases = run.attempt(result, "releases", fetch_releases, spec)
    if releases is not None:
        with run.warehouse() as con:
            load_releases(con, releases)
        result.fetched = len(releases)
    return result
