"""Jobs: Hacker News "Who is hiring?" threads and company job boards -> `job_posts` and `job_mentions`.

HN postings belong to their thread's month. Board postings are snapshots: every run records which
postings are open, so scheduled runs build a history (first seen, last seen, closed)."""
from __future__ import annotations

from datetime import date
from itertools import zip_longest

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from tqdm import tqdm

from flows import settings
from flows.retrying import retry_if_transient
from flows.runlog import SourceResult, flow_run, now
from scrapers.jobs import BOARDS, SOURCES, Unit, hn
from scrapers.jobs.employers import Employer, load_employers
from scrapers.records import JobPost
from scrapers.text import mentions
from warehouse.load.jobs import close_missing, load_mentions, load_posts

FIRST_MONTH = hn.FIRST_MONTH
PROFILE = "modern"  # job text needs the ambiguity rules (bare TF, torch, JAX the airport)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="{source}-units")
def list_units(spec: settings.SessionSpec, source: str, since: date, until: date | None,
               employers: list[Employer]) -> list[Unit]:
    return SOURCES[source].list_units(settings.shared_session(spec), since, until, employers)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="{unit.source}-{unit.item}")
def fetch_unit(spec: settings.SessionSpec, unit: Unit) -> list[JobPost]:
    return SOURCES[unit.source].fetch_unit(settings.shared_session(spec), unit)


def mention_rows(posts: list[JobPost]) -> list[dict]:
    rules = mentions.profile(PROFILE)
    return [{"post_id": p.post_id, "profile": PROFILE, "framework": framework, "hits": hits}
            for p in posts for framework, hits in mentions.count_mentions(p.text, rules).items()]


def load_unit(con, unit: Unit, posts: list[JobPost]) -> None:
    """A unit's postings and their mentions; a board's snapshot also closes the postings it no longer lists."""
    observed, post_ids = now(), [p.post_id for p in posts]
    load_posts(con, posts, observed, board=unit.board)
    load_mentions(con, post_ids, mention_rows(posts), PROFILE)
    if unit.board:
        close_missing(con, unit.board, post_ids, observed)


# One unit in flight per source: each host answers one request at a time at its rate, and HN threads
# replayed from the cache are parsing, which more threads only slow down (and fill memory).
@flow(name="jobs", task_runner=ThreadPoolTaskRunner(max_workers=len(SOURCES)))
def jobs_flow(
    sources: list[str] | None = None,
    since: date = FIRST_MONTH,
    until: date | None = None,
    report: bool = False,
) -> list[SourceResult]:
    """HN threads from `since` on, and a snapshot of every listed company board (default: all sources).
    The sources' units are fetched side by side, taking turns, and loaded as they come; a unit that fails
    is recorded and the others go on."""
    sources = sources or list(SOURCES)
    spec = settings.session_spec(*SOURCES.values())
    # Read only when a board is asked for: a broken employer list must not stop an HN run.
    employers = load_employers(settings.employers_path()) if set(sources) & set(BOARDS) else []
    with flow_run("jobs", {"sources": sources, "since": since, "until": until}, report=report) as run:
        results = {name: SourceResult(name) for name in sources}
        run.results += results.values()
        listed = [run.attempt(results[name], "listing", list_units, spec, name, since, until, employers) or []
                  for name in sources]
        units = [unit for turn in zip_longest(*listed) for unit in turn if unit is not None]
        fetches = {fetch_unit.submit(spec, unit): unit for unit in units}
        for future in tqdm(as_completed(list(fetches)), total=len(fetches), desc="jobs", unit="unit", disable=None):
            unit = fetches[future]
            posts = run.attempt(results[unit.source], unit.item, future.result)
            if posts is not None:
                with run.warehouse() as con:
                    load_unit(con, unit, posts)
                results[unit.source].fetched += len(posts)
    return run.results
