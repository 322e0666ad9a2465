"""Where the numbers came from: each source's latest refresh, the latest run of each flow with what
each of its sources did, the failures of those runs, and per section the relations it read."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import wording
from reports.page import Section, Table
from reports.queries import not_in_warehouse, rows

FAILURES_SHOWN = 100

# Each kind of data with the column that dates its latest refresh, per source.
REFRESHES = [
    ("papers", "SELECT source, max(fetched_at) AS latest FROM papers GROUP BY source"),
    ("job postings", "SELECT source, max(observed_at) AS latest FROM job_posts GROUP BY source"),
    ("community counts", "SELECT source, max(observed_at) AS latest FROM community_counts GROUP BY source"),
    ("experiments", "SELECT device AS source, max(measured_at) AS latest FROM experiment_runs GROUP BY device"),
    ("flow runs", "SELECT flow AS source, max(finished_at) AS latest FROM runs GROUP BY flow"),
]

LATEST_RUNS = """\
WITH latest AS (
    SELECT * FROM runs
    QUALIFY row_number() OVER (PARTITION BY flow ORDER BY started_at DESC) = 1
)"""

RUNS_SQL = LATEST_RUNS + """
SELECT flow, status, started_at, finished_at, run_id FROM latest ORDER BY flow"""

# `counts` holds one object per source, as flows/runlog.py writes it.
RUN_SOURCES_SQL = LATEST_RUNS + """
SELECT flow, finished_at, s.source, s.status, s.fetched, s.failed, s.skipped, s.reason
FROM latest, unnest(from_json(counts, '[{"source": "VARCHAR", "status": "VARCHAR", "reason": "VARCHAR",
     "fetched": "BIGINT", "failed": "BIGINT", "skipped": "BIGINT"}]')) AS per_source(s)
ORDER BY flow, s.source"""

FAILURES_SQL = LATEST_RUNS + f"""
SELECT l.flow, f.source, f.item, f.url, f.reason, f.failed_at, count(*) OVER () AS total
FROM failures f JOIN latest l USING (run_id)
ORDER BY f.failed_at DESC, f.source, f.item
LIMIT {FAILURES_SHOWN}"""


def build(con: duckdb.DuckDBPyConnection) -> Section:
    runs = rows(con, RUNS_SQL)
    if runs is None:
        return Section("provenance", "Provenance", not_in_warehouse("runs"))
    if runs.empty:
        return Section("provenance", "Provenance", "No flow has run yet.")
    failures = rows(con, FAILURES_SQL)
    total = int(failures["total"].iloc[0]) if len(failures) else 0
    return Section("provenance", "Provenance", None, [
        Table(
            "Latest run of each flow",
            ["Flow", "Status", "Started", "Finished", "Run"],
            [[r.flow, r.status, wording.moment(r.started_at), wording.moment(r.finished_at), r.run_id]
             for r in runs.itertuples()],
        ),
        _run_sources(rows(con, RUN_SOURCES_SQL), "What each source did in those runs"),
        Table(
            "Failures in those runs (retried by the next run)",
            ["Flow", "Source", "Item", "URL", "Reason", "Failed at"],
            [[r.flow, r.source, r.item, wording.text(r.url), r.reason, wording.moment(r.failed_at)]
             for r in failures.itertuples()],
            note=f"The {len(failures):,} most recent of {total:,} failures." if total > len(failures) else None,
        ),
    ])


def refreshed(con: duckdb.DuckDBPyConnection) -> Table:
    found = [(data, rows(con, sql)) for data, sql in REFRESHES]
    return Table(
        "Latest refresh of each source",
        ["Data", "Source", "Latest refresh"],
        [[data, r.source, wording.moment(r.latest)]
         for data, latest in found if latest is not None for r in latest.itertuples()],
        id="refreshed",
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
            [[relation, "not in this warehouse" if found is None else wording.count(len(found)), profile]
             for relation, found in reads],
        ),
        _run_sources(None if sources is None else sources[sources["flow"].isin(flows)],
                     f"Latest runs of the flows that fill them ({', '.join(flows)})"),
    ]


def _run_sources(sources: pd.DataFrame | None, caption: str) -> Table:
    return Table(
        caption,
        ["Flow", "Finished", "Source", "Status", "Fetched", "Failed", "Skipped", "Reason"],
        [] if sources is None else [
            [r.flow, wording.moment(r.finished_at), r.source, r.status, wording.count(r.fetched),
             wording.count(r.failed), wording.count(r.skipped), wording.text(r.reason)]
            for r in sources.itertuples()
        ],
    )
