"""Job postings -> `job_posts` (each posting's history: first seen, last seen, closed) and the frameworks
their text mentions -> `job_mentions`."""
from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd
import pyarrow as pa

from scrapers.records import JobPost
from warehouse.load import replace, transaction

MENTION_COLUMNS = ["post_id", "profile", "framework", "hits"]
# The columns a load writes; first_seen is the posting's own or, for one not seen before, observed_at.
_TEXT_COLUMNS = {"post_id", "source", "board", "company", "title", "location", "url", "thread_id"}
_POST_COLUMNS = ["source", "board", "month", "company", "title", "location", "posted_at", "url", "thread_id",
                 "observed_at", "closed_at"]


def load_posts(con: duckdb.DuckDBPyConnection, posts: list[JobPost], observed: datetime,
               board: str | None = None) -> None:
    """Upsert postings seen at `observed`, keeping when each was first seen. `board` names the company
    board (e.g. greenhouse:acme) whose snapshot they come from; HN postings have none. Of two postings with
    one id, the later counts.

    In one transaction, in bulk: the postings seen before are updated in place (first_seen untouched), the
    others inserted."""
    if not posts:
        return
    latest = list({post.post_id: post for post in posts}.values())
    columns = {
        "post_id": [p.post_id for p in latest], "source": [p.source for p in latest], "board": [board] * len(latest),
        "month": [p.month for p in latest], "company": [p.company for p in latest],
        "title": [p.title for p in latest], "location": [p.location for p in latest],
        "posted_at": [p.posted_at for p in latest], "url": [p.url for p in latest],
        "thread_id": [p.thread_id for p in latest], "observed_at": [observed] * len(latest),
        "closed_at": [None] * len(latest),
    }
    assignments = ", ".join(f"{column} = i.{column}" for column in _POST_COLUMNS)
    with transaction(con, incoming_posts=_table(columns)):
        con.execute(f"UPDATE job_posts t SET {assignments} FROM incoming_posts i WHERE t.post_id = i.post_id")
        con.execute("INSERT INTO job_posts BY NAME SELECT *, observed_at AS first_seen FROM incoming_posts "
                    "WHERE post_id NOT IN (SELECT post_id FROM job_posts)")


def _table(columns: dict[str, list]) -> pa.Table | pd.DataFrame:
    """The postings' columns as Arrow, several times faster to build and to read than a DataFrame, when their
    values are the plain ones (text, dates, times with a zone); else as a DataFrame, whose inference (of times
    without a zone, or of some with and some without) Arrow would not repeat."""
    plain = (all(type(month) is date for month in columns["month"])
             and all(value is None or value.tzinfo is not None for value in columns["posted_at"])
             and columns["observed_at"][0].tzinfo is not None)
    if plain:
        try:
            return pa.table({name: pa.array(values, pa.string()) if name in _TEXT_COLUMNS else pa.array(values)
                             for name, values in columns.items()})
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # a value that is no text where text belongs
            pass
    return pd.DataFrame(columns)


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
