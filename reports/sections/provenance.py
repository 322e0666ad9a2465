"""Where the numbers came from: each source's latest refresh, the latest run of each flow with what
each of its sources did, the failures of those runs, and per section the relations it read."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import wording
from reports.page import Code, Section, Table
from reports.queries import not_in_warehouse, rows

FAILURES_SHOWN = 100
INTRO = ("Where every number came from: the latest run of each flow, what each of its sources fetched, and the "
         "items that failed, with the reason.")

# The kinds of data source_refreshes dates, in the order the table lists them.
REFRESHED_DATA = ["papers", "job postings", "community counts", "experiments", "capabilities"]
REFRESHES_SQL = """\
SELECT data, source, latest, tried_at, status, reason, failed
FROM source_refreshes
ORDER BY list_position($data, data) NULLS LAST, data, source"""

RUNS_SQL = """\
SELECT flow, status, started_at, finished_at FROM latest_runs ORDER BY flow"""

RUN_SOURCES_SQL = """\
SELECT flow, finished_at, source, status, fetched, failed, skipped, reason FROM latest_run_sources
ORDER BY flow, source"""

HEALTH_SQL = """\
SELECT source, status, url, items, detail, checked_at FROM source_health ORDER BY source"""

FAILURES_SQL = f"""\
SELECT flow, source, item, title, url, reason, failed_at, count(*) OVER () AS total
FROM latest_run_failures
ORDER BY failed_at DESC, source, item
LIMIT {FAILURES_SHOWN}"""


def build(con: duckdb.DuckDBPyConnection) -> Section:
    runs = rows(con, RUNS_SQL)
    if runs is None:
        return Section("provenance", "Provenance", not_in_warehouse("runs"), intro=INTRO)
    if runs.empty:
        return Section("provenance", "Provenance", "No flow has run yet.", intro=INTRO)
    failures = rows(con, FAILURES_SQL)
    total = int(failures["total"].iloc[0]) if len(failures) else 0
    return Section("provenance", "Provenance", None, [
        Table(
            "Latest run of each flow",
            ["Flow", "Status", "Started", "Finished"],
            [[r.flow, r.status, wording.moment(r.started_at), wording.moment(r.finished_at)]
             for r in runs.itertuples()],
        ),
        _run_sources(rows(con, RUN_SOURCES_SQL), "What each source did in those runs"),
        _health(rows(con, HEALTH_SQL)),
        Table(
            "Failures in those runs (retried by the next run)",
            ["Flow", "Source", "Item", "URL", "Reason", "Failed at"],
            [[r.flow, wording.source(r.source), wording.text(r.title) or r.item, wording.text(r.url), r.reason,
              wording.moment(r.failed_at)]
             for r in failures.itertuples()],
            note=f"The {len(failures):,} most recent of {total:,} failures." if total > len(failures) else None,
        ),
    ], intro=INTRO)


def refreshed(con: duckdb.DuckDBPyConnection) -> Table:
    """Per source: when a run last tried it, whether that worked, and when its data last arrived."""
    caption, columns = "Latest refresh of each source", ["Data", "Source", "Last tried", "Result", "Latest data"]
    latest = rows(con, REFRESHES_SQL, {"data": REFRESHED_DATA})
    if latest is None:
        return Table(caption, columns, [], id="refreshed")
    failed = [wording.source(r.source) for r in latest.itertuples() if r.status == "failed"]
    return Table(
        caption, columns,
        [[r.data, wording.source(r.source), wording.moment(r.tried_at), wording.refresh(r.status, r.reason, r.failed),
          wording.moment(r.latest)] for r in latest.itertuples()],
        id="refreshed",
        summary=f"Latest refresh of each of {wording.count(len(latest))} sources: "
                + (f"{len(failed)} failed ({', '.join(failed)})" if failed else "none failed"),
    )


def behind(con: duckdb.DuckDBPyConnection, reads: list[tuple[str, pd.DataFrame | None]], flows: list[str],
           profiles: list[str] | None = None) -> list[Table]:
    """What a section read (relation and rows, `profiles` its methodology) and what the latest runs
    of the `flows` that fill those relations fetched and failed."""
    sources = rows(con, RUN_SOURCES_SQL)
    profile = ", ".join(profiles) if profiles else wording.MISSING
    return [
        Table(
            "Relations read",
            ["Relation", "Rows", "Methodology profile"],
            [[Code(relation), "not in this warehouse" if found is None else wording.count(len(found)), profile]
             for relation, found in reads],
        ),
        _run_sources(None if sources is None else sources[sources["flow"].isin(flows)],
                     f"Latest runs of the flows that fill them ({', '.join(flows)})"),
    ]


def _health(checks: pd.DataFrame | None) -> Table:
    """The latest `fwtrends sources check` of each source: whether its shape still held."""
    return Table(
        "Latest shape check of each source (fwtrends sources check)",
        ["Source", "Result", "Detail", "Checked at"],
        [] if checks is None else [
            [wording.source(r.source), r.status, _check_detail(r), wording.moment(r.checked_at)]
            for r in checks.itertuples()
        ],
    )


def _check_detail(check) -> str:
    if check.status == "ok":
        return f"{wording.count(check.items)} items"
    if check.status == "changed":
        return f"{wording.text(check.detail)} at {wording.text(check.url)}"
    return wording.text(check.detail)


def _run_sources(sources: pd.DataFrame | None, caption: str) -> Table:
    return Table(
        caption,
        ["Flow", "Finished", "Source", "Status", "Fetched", "Failed", "Skipped", "Reason"],
        [] if sources is None else [
            [r.flow, wording.moment(r.finished_at), wording.source(r.source), r.status, wording.count(r.fetched),
             wording.count(r.failed), wording.count(r.skipped), wording.text(r.reason)]
            for r in sources.itertuples()
        ],
    )
