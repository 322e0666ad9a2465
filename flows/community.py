"""Community activity as monthly series -> `community_counts`: Stack Overflow questions, dev.to articles,
PyPI downloads and GitHub repositories, per framework. Months that are over are final and not asked for
again; a source that stops early (quota, rate limit) keeps what it fetched, and the rest waits for the
next run."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows import settings
from flows.report import report_flow
from flows.runlog import Failure, SourceResult, now, record_failures, record_run
from scrapers.community import Harvest, devto, github, months_to_fetch, pypistats, stackoverflow
from warehouse import db
from warehouse.load import replace

FIRST_MONTH = date(2015, 1, 1)
SOURCES = {module.SOURCE: module for module in (stackoverflow, devto, pypistats, github)}


def final_months(con, source: str) -> set[date]:
    """Months whose every count from `source` is final."""
    return {period for (period,) in con.execute(
        "SELECT period FROM community_counts WHERE source = ? GROUP BY period HAVING bool_and(final)", [source]
    ).fetchall()}


@task(cache_policy=NO_CACHE, task_run_name="community-{source}")
def harvest(spec: settings.SessionSpec, source: str, since: date, done: set[date]) -> Harvest:
    session = settings.shared_session(spec)
    if source in (stackoverflow.SOURCE, github.SOURCE):  # one request per framework and month not final yet
        return SOURCES[source].fetch_counts(session, months_to_fetch(since, date.today(), done))
    if source == devto.SOURCE:  # listed by popularity, not date: each tag is walked whole
        return devto.fetch_counts(session, since)
    return pypistats.fetch_downloads(session)  # the last 180 days, day by day


def load_counts(con, harvested: Harvest) -> None:
    if harvested.counts:
        rows = pd.DataFrame([asdict(count) for count in harvested.counts]).assign(observed_at=now())
        replace(con, "community_counts", rows, ["source", "framework", "period"])


@flow(name="community")
def community_flow(sources: list[str] | None = None, since: date = FIRST_MONTH, report: bool = False) -> list[SourceResult]:
    started = now()
    sources = sources or list(SOURCES)
    failures: list[Failure] = []
    spec = settings.session_spec(*(SOURCES[name] for name in sources))
    con = db.connect(settings.db_path())
    try:
        results = []
        for name in sources:
            result = SourceResult(name)
            try:
                harvested = harvest(spec, name, since, final_months(con, name))
            except Exception as exc:  # a changed API or an unreachable host: the other sources go on
                result.fail(str(exc))
                failures.append(Failure(name, "counts", getattr(exc, "url", None), str(exc)))
                results.append(result)
                continue
            load_counts(con, harvested)
            result.fetched = len(harvested.counts)
            if harvested.stopped:
                result.reason = harvested.stopped
                result.status = "failed" if not harvested.counts else "ok"
                failures.append(Failure(name, "counts", None, harvested.stopped))
            results.append(result)
        record_failures(con, failures)
        record_run(con, "community", started, {"sources": sources, "since": since}, results)
    finally:
        con.close()
    if report:
        report_flow()
    return results
