"""Jobs: Hacker News "Who is hiring?" threads and company job boards -> `job_posts` and `job_mentions`.

HN postings belong to their thread's month. Board postings are snapshots: every run records which
postings are open, so scheduled runs build a history (first seen, last seen, closed)."""
from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from typing import TypeVar

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import task_run
from prefect.task_runners import ThreadPoolTaskRunner
from tqdm import tqdm

from flows import settings
from flows.retrying import is_transient, retry_if_transient
from flows.runlog import Run, SourceResult, flow_run, now
from scrapers.http import PoliteSession
from scrapers.jobs import BOARDS, SOURCES, Unit, hn
from scrapers.jobs.employers import Employer, load_employers
from scrapers.records import JobPost
from scrapers.text import mentions
from warehouse.load.jobs import close_missing, load_mentions, load_posts

FIRST_MONTH = hn.FIRST_MONTH
PROFILE = "modern"  # job text needs the ambiguity rules (bare TF, torch, JAX the airport)
RETRIES = 2
# A task reads a year of HN threads (a Prefect task costs this process some 20 ms, about what parsing a month's
# thread from the cache takes); a board's snapshot is a task of its own.
HN_UNITS_PER_TASK = 12
# Units are loaded LOAD_UNITS at a time, as they arrive: opening the warehouse costs more than loading a month of
# HN postings, and a batch holds it well under a second.
LOAD_UNITS = 24
# A run of many units (fifteen years of HN threads) parses HN threads and counts mentions in worker
# processes, one a core, while this one fetches and loads; a few units are read in place, sooner than
# workers would start.
WORKERS_FROM = 24
TASKS_IN_FLIGHT = len(SOURCES)

T = TypeVar("T")


@dataclass(frozen=True)
class Fetched:
    posts: list[JobPost]
    mentions: list[dict]  # job_mentions rows of the posts under PROFILE


@task(retries=RETRIES, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="{source}-units")
def list_units(spec: settings.SessionSpec, source: str, since: date, until: date | None,
               employers: list[Employer]) -> list[Unit]:
    return SOURCES[source].list_units(settings.shared_session(spec), since, until, employers)


@task(retries=RETRIES, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="{name}")
def fetch_units(spec: settings.SessionSpec, units: list[Unit], name: str,
                workers: Executor | None = None) -> list[Fetched | Exception]:
    """Each unit's postings and their mentions (counted here rather than while the warehouse is held), or
    the exception it met. A transient failure (a busy server) fails the task, to be tried again while tries
    are left (the units read before it replay from the cache); on the last try it is its unit's outcome."""
    session = settings.shared_session(spec)
    last_try = task_run.run_count > RETRIES
    outcomes: list[Fetched | Exception] = []
    for unit in units:
        try:
            outcomes.append(fetch_unit(session, unit, workers))
        except Exception as error:
            if is_transient(error) and not last_try:
                raise
            get_run_logger().warning("%s-%s failed: %s", unit.source, unit.item, error)
            outcomes.append(error)
    return outcomes


def fetch_unit(session: PoliteSession, unit: Unit, workers: Executor | None = None) -> Fetched:
    """A unit's postings and their mentions; given `workers` (processes), an HN thread is parsed and counted
    there (the functions sent travel light: a worker imports their modules, not this flow's)."""
    if workers is None or unit.source != hn.SOURCE:
        posts = SOURCES[unit.source].fetch_unit(session, unit)
    else:
        posts = _call(workers, hn.parse_thread, hn.fetch_body(session, unit.ref), unit.ref)
    return Fetched(posts, mention_rows(posts, workers))


def mention_rows(posts: list[JobPost], workers: Executor | None = None) -> list[dict]:
    """The postings' job_mentions rows under PROFILE, counted by `workers` (processes) when given."""
    found = _call(workers, mentions.count_each, [p.text for p in posts], PROFILE)
    return [{"post_id": p.post_id, "profile": PROFILE, "framework": framework, "hits": hits}
            for p, counts in zip(posts, found) for framework, hits in counts.items()]


def _call(workers: Executor | None, function: Callable[..., T], *args) -> T:
    """function(*args) in a worker process; here when there are none, or they broke (a worker killed)."""
    if workers is not None:
        try:
            return workers.submit(function, *args).result()
        except BrokenExecutor:
            pass
    return function(*args)


def load_units(con, fetched: list[tuple[Unit, Fetched]]) -> None:
    """Units' postings and their mentions, in bulk; a board's snapshot also closes the postings it no longer
    lists."""
    observed = now()
    by_board: dict[str | None, list[JobPost]] = defaultdict(list)
    for unit, got in fetched:
        by_board[unit.board] += got.posts
    for board, posts in by_board.items():
        load_posts(con, posts, observed, board=board)
    load_mentions(con, [p.post_id for _, got in fetched for p in got.posts],
                  [row for _, got in fetched for row in got.mentions], PROFILE)
    for unit, got in fetched:
        if unit.board:
            close_missing(con, unit.board, [p.post_id for p in got.posts], observed)


@contextmanager
def worker_processes(units: int) -> Iterator[Executor | None]:
    """Processes, one a core up to one a task in flight, for a run of WORKERS_FROM units or more; None for fewer,
    or on one core (where they would only add their start and the copying)."""
    workers = min(len(os.sched_getaffinity(0)), TASKS_IN_FLIGHT)
    if units < WORKERS_FROM or workers < 2:
        yield None
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def task_batches(listed: list[list[Unit]]) -> list[list[Unit]]:
    """The units of every source in tasks (HN_UNITS_PER_TASK HN threads, or one board), the sources taking
    turns."""
    per_source = []
    for units in listed:
        size = HN_UNITS_PER_TASK if units and units[0].source == hn.SOURCE else 1
        per_source.append([units[start:start + size] for start in range(0, len(units), size)])
    return [batch for turn in zip_longest(*per_source) for batch in turn if batch is not None]


def task_name(units: list[Unit]) -> str:
    first, last = units[0], units[-1]
    return f"{first.source}-{first.item}" + (f" to {last.item}" if len(units) > 1 else "")


# As many tasks in flight as there are sources (one a source when all run): each host's requests are spaced at its
# rate whatever the threads, and on a long run the parsing is done by the worker processes.
@flow(name="jobs", task_runner=ThreadPoolTaskRunner(max_workers=TASKS_IN_FLIGHT))
def jobs_flow(
    sources: list[str] | None = None,
    since: date = FIRST_MONTH,
    until: date | None = None,
    report: bool = False,
) -> list[SourceResult]:
    """HN threads from `since` on, and a snapshot of every listed company board (default: all sources).
    The sources' units are fetched side by side, taking turns, and loaded as they come, LOAD_UNITS at a
    time; a unit that fails is recorded and the others go on."""
    sources = sources or list(SOURCES)
    spec = settings.session_spec(*SOURCES.values())
    # Read only when a board is asked for: a broken employer list must not stop an HN run.
    employers = load_employers(settings.employers_path()) if set(sources) & set(BOARDS) else []
    with flow_run("jobs", {"sources": sources, "since": since, "until": until}, report=report) as run:
        results = {name: SourceResult(name) for name in sources}
        run.results += results.values()
        listed = [run.attempt(results[name], "listing", list_units, spec, name, since, until, employers) or []
                  for name in sources]
        batches = task_batches(listed)
        total = sum(len(units) for units in listed)
        with (worker_processes(total) as workers,
              tqdm(total=total, desc="jobs", unit="unit", disable=None) as progress):
            fetches = {fetch_units.submit(spec, units, task_name(units), workers): units for units in batches}
            fetched: list[tuple[Unit, Fetched]] = []
            for future in as_completed(list(fetches)):
                units = fetches[future]
                try:
                    outcomes = future.result()
                except Exception as error:  # the task itself failed: so did each of its units
                    outcomes = [error] * len(units)
                for unit, outcome in zip(units, outcomes):
                    if isinstance(outcome, Exception):
                        run.fail(results[unit.source], unit.item, outcome)
                    else:
                        fetched.append((unit, outcome))
                progress.update(len(units))
                if len(fetched) >= LOAD_UNITS:
                    load_fetched(run, results, fetched)
                    fetched = []
            load_fetched(run, results, fetched)
    return run.results


def load_fetched(run: Run, results: dict[str, SourceResult], fetched: list[tuple[Unit, Fetched]]) -> None:
    """Fetched units into the warehouse, in one short hold of it, and counted on their sources' lines."""
    if fetched:
        with run.warehouse() as con:
            load_units(con, fetched)
        for unit, got in fetched:
            results[unit.source].fetched += len(got.posts)
