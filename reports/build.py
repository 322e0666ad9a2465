"""The trend report: each section reads its views, draws its charts, and says what it is missing."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd

from reports import charts, wording
from reports.page import Figure, Page, Section, Table, render
from warehouse.db import SQL_DIR

DEFAULT_PROFILE = "gradient2019"
FAILURES_SHOWN = 100

PAPER_SHARES_SQL = """\
SELECT venue, year, profile, papers, texts_ok, texts_failed, pytorch_only, tensorflow_only, "both", jax,
       share_pytorch, ci_low, ci_high
FROM paper_framework_share
ORDER BY profile, venue, year"""

JOB_SHARES_SQL = """\
SELECT source, month, posts, pytorch, tensorflow, keras, jax, pytorch_only, tensorflow_only,
       share_pytorch, ci_low, ci_high
FROM job_framework_share
ORDER BY source, month"""

EXPERIMENTS_SQL = """\
SELECT workload, framework, mode, device, precision, batch_size, step_ms_median, step_ms_p90,
       throughput, compile_s, peak_mem_mb, tflops, equivalent
FROM experiment_summary
ORDER BY workload, mode, device, precision, batch_size, framework"""

REFRESHED_SQL = """\
SELECT 'papers' AS data, source, max(fetched_at) AS latest FROM papers GROUP BY source
UNION ALL
SELECT 'job postings', source, max(observed_at) FROM job_posts GROUP BY source
UNION ALL
SELECT 'flow runs', flow, max(finished_at) FROM runs GROUP BY flow
ORDER BY data, source"""

LATEST_RUNS = """\
WITH latest AS (
    SELECT * FROM runs
    QUALIFY row_number() OVER (PARTITION BY flow ORDER BY started_at DESC) = 1
)"""

RUNS_SQL = LATEST_RUNS + """
SELECT flow, status, started_at, finished_at, run_id FROM latest ORDER BY flow"""

# `counts` holds one object per source, as flows/runlog.py writes it.
RUN_SOURCES_SQL = LATEST_RUNS + """
SELECT flow, s.source, s.status, s.fetched, s.failed, s.skipped, s.reason
FROM latest, unnest(from_json(counts, '[{"source": "VARCHAR", "status": "VARCHAR", "reason": "VARCHAR",
     "fetched": "BIGINT", "failed": "BIGINT", "skipped": "BIGINT"}]')) AS per_source(s)
ORDER BY flow, s.source"""

FAILURES_SQL = LATEST_RUNS + f"""
SELECT l.flow, f.source, f.item, f.url, f.reason, f.failed_at, count(*) OVER () AS total
FROM failures f JOIN latest l USING (run_id)
ORDER BY f.failed_at DESC, f.source, f.item
LIMIT {FAILURES_SHOWN}"""


def build_report(con: duckdb.DuckDBPyConnection, out_path: Path, profile: str = DEFAULT_PROFILE) -> Path:
    """Write the HTML report of what the warehouse holds to `out_path`; `profile` is the paper
    methodology shown first."""
    page = Page(
        generated_at=datetime.now(timezone.utc),
        refreshed=_refreshed(con),
        sections=[_research(con, profile), _industry(con), _performance(con), _provenance(con)],
    )
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render(page), encoding="utf-8")
    return out_path


def _research(con: duckdb.DuckDBPyConnection, profile: str) -> Section:
    title = "Research"
    shares = _rows(con, PAPER_SHARES_SQL)
    if shares is None:
        return Section("research", title, _not_in_warehouse("paper_framework_share"))
    if shares.empty:
        return Section("research", title, (
            "No paper has been read yet: paper_framework_share is empty "
            "(fwtrends papers --venue CVPR --year 2024 fills it)."
        ))
    profiles = sorted(shares["profile"].unique())
    shown = profile if profile in profiles else profiles[0]
    table = Table(
        "PyTorch share of papers by venue and year",
        ["Venue", "Year", "Profile", "Papers", "Texts read", "Texts failed", "PyTorch only",
         "TensorFlow only", "Both", "JAX", "PyTorch share", "95 % interval"],
        [
            [r.venue, str(r.year), r.profile, wording.count(r.papers), wording.count(r.texts_ok),
             wording.count(r.texts_failed), wording.count(r.pytorch_only), wording.count(r.tensorflow_only),
             wording.count(r.both), wording.count(r.jax), wording.percent(r.share_pytorch),
             wording.interval(r.ci_low, r.ci_high)]
            for r in shares.itertuples()
        ],
    )
    return Section("research", title, wording.paper_headline(shares, shown), [
        _figure("paper-share", charts.paper_share_chart(shares, shown), shares, PAPER_SHARES_SQL),
        table,
    ])


def _industry(con: duckdb.DuckDBPyConnection) -> Section:
    title = "Industry"
    shares = _rows(con, JOB_SHARES_SQL)
    if shares is None:
        return Section("industry", title, _not_in_warehouse("job_framework_share"))
    if shares.empty:
        return Section("industry", title, (
            "No job posting has been read yet: job_framework_share is empty (fwtrends jobs fills it)."
        ))
    table = Table(
        "Job postings by source and month",
        ["Source", "Month", "Postings", "PyTorch", "TensorFlow", "Keras", "JAX", "PyTorch only",
         "TensorFlow/Keras only", "PyTorch share", "95 % interval"],
        [
            [r.source, wording.month(r.month), wording.count(r.posts), wording.count(r.pytorch),
             wording.count(r.tensorflow), wording.count(r.keras), wording.count(r.jax),
             wording.count(r.pytorch_only), wording.count(r.tensorflow_only),
             wording.percent(r.share_pytorch), wording.interval(r.ci_low, r.ci_high)]
            for r in shares.itertuples()
        ],
    )
    return Section("industry", title, wording.job_headline(shares), [
        _figure("job-share", charts.job_share_chart(shares), shares, JOB_SHARES_SQL),
        _figure("job-mentions", charts.job_mentions_chart(shares), shares, JOB_SHARES_SQL),
        table,
    ])


def _performance(con: duckdb.DuckDBPyConnection) -> Section:
    title = "Performance"
    summary = _rows(con, EXPERIMENTS_SQL)
    if summary is None:
        return Section("performance", title, (
            "Experiments have not run yet: this warehouse has no experiment_summary view."
        ))
    if summary.empty:
        return Section("performance", title, (
            "Experiments have not run yet: experiment_summary is empty (fwtrends experiments fills it)."
        ))
    table = Table(
        "Measured configurations",
        ["Workload", "Framework", "Mode", "Device", "Precision", "Batch", "Median step (ms)",
         "p90 step (ms)", "Throughput (samples/s)", "Compile (s)", "Peak memory (MB)", "TFLOP/s",
         "Outputs match"],
        [
            [r.workload, r.framework, r.mode, r.device, r.precision, wording.count(r.batch_size),
             wording.number(r.step_ms_median), wording.number(r.step_ms_p90),
             wording.number(r.throughput, 0), wording.number(r.compile_s),
             wording.number(r.peak_mem_mb, 0), wording.number(r.tflops), wording.yes_no(r.equivalent)]
            for r in summary.itertuples()
        ],
    )
    return Section("performance", title, wording.experiment_headline(summary), [
        _figure("step-time", charts.step_time_chart(summary), summary, EXPERIMENTS_SQL),
        table,
    ])


def _provenance(con: duckdb.DuckDBPyConnection) -> Section:
    runs = _rows(con, RUNS_SQL)
    if runs is None:
        return Section("provenance", "Provenance", _not_in_warehouse("runs"))
    if runs.empty:
        return Section("provenance", "Provenance", "No flow has run yet.")
    sources = _rows(con, RUN_SOURCES_SQL)
    failures = _rows(con, FAILURES_SQL)
    total = int(failures["total"].iloc[0]) if len(failures) else 0
    return Section("provenance", "Provenance", None, [
        Table(
            "Latest run of each flow",
            ["Flow", "Status", "Started", "Finished", "Run"],
            [[r.flow, r.status, wording.moment(r.started_at), wording.moment(r.finished_at), r.run_id]
             for r in runs.itertuples()],
        ),
        Table(
            "What each source did in those runs",
            ["Flow", "Source", "Status", "Fetched", "Failed", "Skipped", "Reason"],
            [[r.flow, r.source, r.status, wording.count(r.fetched), wording.count(r.failed),
              wording.count(r.skipped), wording.text(r.reason)]
             for r in sources.itertuples()],
        ),
        Table(
            "Failures in those runs (retried by the next run)",
            ["Flow", "Source", "Item", "URL", "Reason", "Failed at"],
            [[r.flow, r.source, r.item, wording.text(r.url), r.reason, wording.moment(r.failed_at)]
             for r in failures.itertuples()],
            note=f"The {len(failures):,} most recent of {total:,} failures." if total > len(failures) else None,
        ),
    ])


def _refreshed(con: duckdb.DuckDBPyConnection) -> Table:
    rows = _rows(con, REFRESHED_SQL)
    return Table(
        "Latest refresh of each source",
        ["Data", "Source", "Latest refresh"],
        [] if rows is None else [[r.data, r.source, wording.moment(r.latest)] for r in rows.itertuples()],
    )


def _figure(figure_id: str, chart: alt.TopLevelMixin, data: pd.DataFrame, sql: str) -> Figure:
    return Figure(figure_id, chart, data, sql, _view_definitions(sql))


def _view_definitions(sql: str) -> list[tuple[str, str]]:
    """The warehouse's view files that `sql` reads, directly or through other views."""
    views = {
        f.name.removesuffix(".sql"): f.read_text()
        for f in (SQL_DIR / "views").iterdir() if f.name.endswith(".sql")
    }
    found: dict[str, str] = {}
    pending = [sql]
    while pending:
        text = pending.pop(0)
        for name, definition in sorted(views.items()):
            if name not in found and re.search(rf"\b{name}\b", text):
                found[name] = definition
                pending.append(definition)
    return list(found.items())


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame | None:
    """The rows of `sql`, or None when a table or view it reads is not in this warehouse."""
    try:
        return con.execute(sql).df()
    except duckdb.CatalogException:
        return None


def _not_in_warehouse(relation: str) -> str:
    return (
        f"This warehouse has no {relation}: its schema predates it "
        "(any fwtrends command that writes brings the schema up to date)."
    )
