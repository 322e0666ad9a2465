"""Jobs: Hacker News "Who is hiring?" threads and company job boards -> `job_posts` and `job_mentions`.

HN postings belong to their thread's month. Board postings are snapshots: every run records which
postings are open, so scheduled runs build a history (first seen, last seen, closed)."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from tqdm import tqdm

from flows import settings
from flows.report import report_flow
from flows.retrying import retry_if_transient
from flows.runlog import Failure, SourceResult, now, record_failures, record_run
from scrapers.jobs import ashby, greenhouse, hn, lever
from scrapers.jobs.employers import Employer, fetch_board, load_employers
from scrapers.records import JobPost
from scrapers.text import mentions
from warehouse import db
from warehouse.load import replace

FIRST_MONTH = hn.FIRST_MONTH
PROFILE = "modern"  # job text needs the ambiguity rules (bare TF, torch, JAX the airport)
BOARDS = {module.SOURCE: module for module in (greenhouse, lever, ashby)}
SOURCES = ["hn", *BOARDS]


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE)
def fetch_threads(spec: settings.SessionSpec, since: date, until: date | None) -> list[hn.Thread]:
    return hn.fetch_threads(settings.shared_session(spec), since, until)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="hn-thread-{thread.month}")
def fetch_posts(spec: settings.SessionSpec, thread: hn.Thread) -> list[JobPost]:
    return hn.fetch_posts(settings.shared_session(spec), thread)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="board-{employer.board}-{employer.token}")
def snapshot_board(spec: settings.SessionSpec, employer: Employer) -> list[JobPost]:
    return fetch_board(settings.shared_session(spec), employer)


def board_of(post: JobPost) -> str | None:
    """Board postings are `{source}:{token}:{id}`; HN postings belong to no board."""
    return None if post.source == hn.SOURCE else post.post_id.rsplit(":", 1)[0]


def load_posts(con, posts: list[JobPost], observed: datetime) -> None:
    """Upsert postings seen at `observed` (keeping when each was first seen) and their mentions."""
    if not posts:
        return
    rows = pd.DataFrame([
        {"post_id": p.post_id, "source": p.source, "board": board_of(p), "month": p.month, "company": p.company,
         "title": p.title, "location": p.location, "posted_at": p.posted_at, "url": p.url,
         "thread_id": p.thread_id, "observed_at": observed, "closed_at": None}
        for p in posts
    ]).drop_duplicates("post_id", keep="last")
    con.register("seen_posts", rows[["post_id"]])
    first_seen = dict(con.execute(
        "SELECT post_id, first_seen FROM job_posts JOIN seen_posts USING (post_id)").fetchall())
    con.unregister("seen_posts")
    rows["first_seen"] = [first_seen.get(post_id, observed) for post_id in rows["post_id"]]
    replace(con, "job_posts", rows, ["post_id"])
    rules = mentions.profile(PROFILE)
    found = pd.DataFrame(
        [{"post_id": p.post_id, "profile": PROFILE, "framework": fw, "hits": hits}
         for p in posts for fw, hits in mentions.count_mentions(p.text, rules).items()],
        columns=["post_id", "profile", "framework", "hits"],
    )
    replace(con, "job_mentions", found, ["post_id", "profile"], keys=rows[["post_id"]].assign(profile=PROFILE))


def close_missing(con, board: str, still_open: list[str], observed: datetime) -> int:
    """Postings of a board that its latest snapshot no longer lists are closed as of that snapshot."""
    con.register("still_open", pd.DataFrame({"post_id": still_open}, dtype="string"))
    closed = con.execute(
        "UPDATE job_posts SET closed_at = ? WHERE board = ? AND closed_at IS NULL "
        "AND post_id NOT IN (SELECT post_id FROM still_open)", [observed, board]
    ).fetchone()[0]
    con.unregister("still_open")
    return closed


def hn_part(con, spec, since: date, until: date | None, failures: list[Failure]) -> SourceResult:
    result = SourceResult(hn.SOURCE)
    try:
        threads = fetch_threads(spec, since, until)
    except Exception as exc:
        result.fail(str(exc))
        failures.append(Failure(hn.SOURCE, "thread discovery", getattr(exc, "url", None), str(exc)))
        return result
    for thread in tqdm(threads, desc="hn threads", unit="thread", disable=None):
        try:
            posts = fetch_posts(spec, thread)
        except Exception as exc:  # one broken thread never stops the others; retried next run
            result.failed += 1
            result.reason = str(exc)
            failures.append(Failure(hn.SOURCE, f"thread {thread.month:%Y-%m}", getattr(exc, "url", None), str(exc)))
            continue
        load_posts(con, posts, now())
        result.fetched += len(posts)
    if result.failed and not result.fetched:
        result.status = "failed"
    return result


def boards_part(con, spec, kinds: list[str], failures: list[Failure]) -> list[SourceResult]:
    """Snapshot every listed employer's board; a board that answers 404 is reported, not fatal."""
    employers = [e for e in load_employers(settings.employers_path()) if e.board in kinds]
    results = {kind: SourceResult(kind) for kind in kinds}
    snapshots = {employer: snapshot_board.submit(spec, employer) for employer in employers}
    for employer, future in tqdm(snapshots.items(), desc="job boards", unit="board", disable=None):
        result = results[employer.board]
        try:
            posts = future.result()
        except Exception as exc:
            result.failed += 1
            failures.append(Failure(employer.board, f"{employer.name} ({employer.token})",
                                    getattr(exc, "url", None), str(exc)))
            continue
        observed = now()
        load_posts(con, posts, observed)
        close_missing(con, f"{employer.board}:{employer.token}", [p.post_id for p in posts], observed)
        result.fetched += len(posts)
    for result in results.values():
        if result.failed and not result.fetched:
            result.fail(f"no board answered ({result.failed} failed)")
    return list(results.values())


@flow(name="jobs")
def jobs_flow(
    sources: list[str] | None = None,
    since: date = FIRST_MONTH,
    until: date | None = None,
    report: bool = False,
) -> list[SourceResult]:
    """HN threads from `since` on, and a snapshot of every listed company board (default: all sources)."""
    started = now()
    sources = sources or SOURCES
    failures: list[Failure] = []
    spec = settings.session_spec(hn, *BOARDS.values())
    con = db.connect(settings.db_path())
    try:
        results = []
        if hn.SOURCE in sources:
            results.append(hn_part(con, spec, since, until, failures))
        if kinds := [s for s in sources if s in BOARDS]:
            results += boards_part(con, spec, kinds, failures)
        record_failures(con, failures)
        record_run(con, "jobs", started, {"sources": sources, "since": since, "until": until}, results)
    finally:
        con.close()
    if report:
        report_flow()
    return results
