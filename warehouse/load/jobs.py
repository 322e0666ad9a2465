"""Job postings -> `job_posts` (each posting's history: first seen, last seen, closed) and the frameworks
their text mentions -> `job_mentions`."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from scrapers.records import JobPost
from warehouse.load import replace

MENTION_COLUMNS = ["post_id", "profile", "framework", "hits"]


def load_posts(con: duckdb.DuckDBPyConnection, posts: list[JobPost], observed: datetime,
               board: str | None = None) -> None:
    """Upsert postings seen at `observed`, keeping when each was first seen. `board` names the company
    board (e.g. greenhouse:acme) whose snapshot they come from; HN postings have none."""
    if not posts:
        return
    rows = pd.DataFrame([
        {"post_id": p.post_id, "source": p.source, "board": board, "month": p.month, "company": p.company,
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


def load_mentions(con: duckdb.DuckDBPyConnection, post_ids: list[str], rows: list[dict], profile: str) -> None:
    """The mentions of the given postings under `profile`, replacing theirs, also when none are left."""
    keys = pd.DataFrame({"post_id": post_ids, "profile": profile})
    replace(con, "job_mentions", pd.DataFrame(rows, columns=MENTION_COLUMNS), ["post_id", "profile"], keys=keys)


def close_missing(con: duckdb.DuckDBPyConnection, board: str, still_open: list[str], observed: datetime) -> int:
    """Postings of a board that its latest snapshot no longer lists are closed as of that snapshot."""
    con.register("still_open", pd.DataFrame({"post_id": still_open}, dtype="string"))
    closed = con.execute(
        "UPDATE job_posts SET closed_at = ? WHERE board = ? AND closed_at IS NULL "
        "AND post_id NOT IN (SELECT post_id FROM still_open)", [observed, board]
    ).fetchone()[0]
    con.unregister("still_open")
    return closed
