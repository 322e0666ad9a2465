"""Jobs: Hacker News "Who is hiring?" threads -> `job_posts` and `job_mentions`."""
from __future__ import annotations

from datetime import date

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from tqdm import tqdm

from flows import settings
from flows.report import report_flow
from flows.retrying import retry_if_transient
from flows.runlog import Failure, SourceResult, now, record_failures, record_run
from scrapers import hn, mentions
from scrapers.http import PoliteSession
from scrapers.records import JobPost
from warehouse import db
from warehouse.load import replace

FIRST_MONTH = date(2011, 4, 1)
PROFILE = "modern"  # job text needs the ambiguity rules (bare TF, torch, JAX the airport)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE)
def fetch_threads(session: PoliteSession, since: date, until: date | None) -> list[hn.Thread]:
    return hn.fetch_threads(session, since, until)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE,
      task_run_name="hn-thread-{thread.month}")
def fetch_posts(session: PoliteSession, thread: hn.Thread) -> list[JobPost]:
    return hn.fetch_posts(session, thread)


def load_posts(con, posts: list[JobPost]) -> None:
    if not posts:
        return
    observed = now()
    rows = pd.DataFrame([
        {"post_id": p.post_id, "source": p.source, "month": p.month, "company": p.company, "title": p.title,
         "location": p.location, "posted_at": p.posted_at, "url": p.url, "thread_id": p.thread_id,
         "observed_at": observed}
        for p in posts
    ]).drop_duplicates("post_id", keep="last")
    replace(con, "job_posts", rows, ["post_id"])
    rules = mentions.profile(PROFILE)
    found = pd.DataFrame(
        [{"post_id": p.post_id, "profile": PROFILE, "framework": fw, "hits": hits}
         for p in posts for fw, hits in mentions.count_mentions(p.text, rules).items()],
        columns=["post_id", "profile", "framework", "hits"],
    )
    keys = rows[["post_id"]].assign(profile=PROFILE)
    replace(con, "job_mentions", found, ["post_id", "profile"], keys=keys)


@flow(name="jobs")
def jobs_flow(since: date = FIRST_MONTH, until: date | None = None, report: bool = False) -> list[SourceResult]:
    """Every monthly thread from `since` on; each thread's top-level postings and their mentions."""
    started = now()
    result = SourceResult("hn")
    failures: list[Failure] = []
    con = db.connect(settings.db_path())
    try:
        with settings.open_session(hn) as session:
            try:
                threads = fetch_threads(session, since, until)
            except Exception as exc:
                threads = []
                result.fail(str(exc))
                failures.append(Failure("hn", "thread discovery", getattr(exc, "url", None), str(exc)))
            for thread in tqdm(threads, desc="hn threads", unit="thread", disable=None):
                try:
                    posts = fetch_posts(session, thread)
                except Exception as exc:  # one broken thread never stops the others; retried next run
                    result.failed += 1
                    failures.append(Failure("hn", f"thread {thread.month:%Y-%m}", getattr(exc, "url", None), str(exc)))
                    continue
                load_posts(con, posts)
                result.fetched += len(posts)
        record_failures(con, failures)
        record_run(con, "jobs", started, {"since": since, "until": until}, [result])
    finally:
        con.close()
    if report:
        report_flow()
    return [result]
