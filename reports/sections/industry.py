"""Industry and community: job postings by source and month (their trend opens the page:
reports/sections/headline.py), the company job boards' open postings, community activity per source, and the
article's 2019 figures beside today's."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import charts, evidence, wording
from reports.page import Note, Section, Table
from reports.queries import figure, not_in_warehouse, rows, traced
from reports.sections.provenance import behind

FLOWS = ["jobs", "community"]
INTRO = ("Which frameworks job postings and developer communities name, month by month, beside the figures the "
         "article published in 2019.")
JOB_PROFILE = "modern"  # the mention profile warehouse/views/staging/job_flags.sql counts
WINDOW_MONTHS = 12
# The article's figures, and the series of ours that today's number comes from.
TODAY = {
    "job_listings": ("hn", "Hacker News postings mentioning it", evidence.job_window),
    "medium_articles": ("devto", "dev.to articles tagged with it (Medium has no read API)", evidence.community_window),
}

JOB_SHARES_SQL = """\
SELECT source, month, posts, pytorch, tensorflow, keras, jax, pytorch_only, tensorflow_only,
       share_pytorch, ci_low, ci_high
FROM job_framework_share
ORDER BY source, month"""

BOARDS_SQL = """\
SELECT source, board, company, snapshot, open_posts, pytorch, tensorflow, keras, jax, pytorch_only,
       tensorflow_only, share_pytorch, ci_low, ci_high
FROM job_board_snapshots
ORDER BY open_posts DESC, board"""

COMMUNITY_SQL = """\
SELECT source, month, framework, count, share, final, periods
FROM community_framework_share
ORDER BY source, framework, month"""


def build(con: duckdb.DuckDBPyConnection) -> Section:
    jobs = rows(con, JOB_SHARES_SQL)
    boards = rows(con, BOARDS_SQL)
    community = rows(con, COMMUNITY_SQL)
    blocks = [
        *_job_blocks(jobs),
        *_board_blocks(boards),
        *_community_blocks(community),
        _published_beside_today(con),
    ]
    summary = " ".join(filter(None, [
        _jobs_summary(jobs),
        wording.community_headline(evidence.community_trend(con, WINDOW_MONTHS), WINDOW_MONTHS)
        if community is not None and not community.empty else None,
    ]))
    return Section(
        "industry", "Industry and community", summary, blocks,
        behind(con, [("job_framework_share", jobs), ("job_board_snapshots", boards),
                     ("community_framework_share", community)], FLOWS, profiles=[JOB_PROFILE]),
        intro=INTRO,
    )


def _jobs_summary(jobs: pd.DataFrame | None) -> str:
    if jobs is None:
        return not_in_warehouse("job_framework_share")
    if jobs.empty:
        return "No job posting has been read yet: job_framework_share is empty (fwtrends jobs fills it)."
    return wording.job_headline(jobs)


def _job_blocks(jobs: pd.DataFrame | None) -> list:
    if jobs is None or jobs.empty:
        return [Note("No job postings to count yet.", id="job-share")]
    return [
        Table(
            "Job postings by source and month",
            ["Source", "Month", "Postings", "PyTorch", "TensorFlow", "Keras", "JAX", "PyTorch only",
             "TensorFlow/Keras only", "PyTorch share", "95 % interval"],
            [
                [wording.source(r.source), wording.month(r.month), wording.count(r.posts), wording.count(r.pytorch),
                 wording.count(r.tensorflow), wording.count(r.keras), wording.count(r.jax),
                 wording.count(r.pytorch_only), wording.count(r.tensorflow_only),
                 wording.percent(r.share_pytorch), wording.interval(r.ci_low, r.ci_high)]
                for r in jobs.itertuples()
            ],
            id="job-share",
            **traced(JOB_SHARES_SQL),
        ),
    ]


def _board_blocks(boards: pd.DataFrame | None) -> list:
    if boards is None or boards.empty:
        return [Note("No company job board has been read yet (fwtrends jobs --source greenhouse reads them).",
                     id="job-boards")]
    return [
        figure("job-boards", charts.board_snapshot_chart(boards.assign(board_name=[
            wording.board(board, company) for board, company in zip(boards["board"], boards["company"])])),
            boards, BOARDS_SQL),
        Table(
            "Open postings per company board at its latest snapshot",
            ["Board", "Snapshot", "Open postings", "PyTorch", "TensorFlow", "Keras", "JAX", "PyTorch share",
             "95 % interval"],
            [
                [wording.board(r.board, r.company), wording.day(r.snapshot), wording.count(r.open_posts),
                 wording.count(r.pytorch), wording.count(r.tensorflow), wording.count(r.keras),
                 wording.count(r.jax), wording.percent(r.share_pytorch), wording.interval(r.ci_low, r.ci_high)]
                for r in boards.itertuples()
            ],
            **traced(BOARDS_SQL),
        ),
    ]


def _community_blocks(community: pd.DataFrame | None) -> list:
    if community is None or community.empty:
        return [Note("No community activity has been counted yet (fwtrends community counts it).", id="community")]
    return [figure("community", charts.community_chart(community), community, COMMUNITY_SQL)]


def _published_beside_today(con: duckdb.DuckDBPyConnection) -> Table:
    rows_out, citations = [], set()
    for metric, (source, counted, window) in TODAY.items():
        published = evidence.published(con, metric)
        if published is None or published.empty:
            continue
        today = window(con, source, WINDOW_MONTHS)
        span = (f"{wording.month(today.first_month)} to {wording.month(today.last_month)}"
                if today is not None else "not counted yet")
        for r in published.itertuples():
            now = wording.count(today[r.framework]) if today is not None and r.framework in today else wording.MISSING
            rows_out.append([wording.metric(metric), wording.framework(r.framework),
                             f"{r.qualifier} {wording.count(r.value)} (as of {wording.day(r.as_of)})",
                             now, f"{counted}, {span}"])
            citations.add(f"{r.citation}, {r.url}")
    return Table(
        "The article's 2019 figures beside today's",
        ["Measure", "Framework", "2019, as the article published it", "Today", "What today's number counts"],
        rows_out,
        note=" · ".join(sorted(citations)) or None,
        id="published-figures",
    )
