"""The page's opening: four key figures, each said to be measured here or published by the study, and the
article's figure carried forward for conference papers and for job postings."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import evidence, trend_charts, wording
from reports.page import Figure, Headline, KeyFigure, Note
from reports.queries import figure, not_in_warehouse, rows

JOB_SOURCE = "hn"
WINDOW_MONTHS = 12

PAPER_TREND_SQL = """\
SELECT venue, field, year, held, series, profile, papers, texts_ok, pytorch_only, tensorflow_only, "both",
       share_pytorch, ci_low, ci_high, crossed_half
FROM paper_share_trend
ORDER BY series, profile, venue, year"""

JOB_TREND_SQL = """\
SELECT source, month, series, posts, pytorch, tensorflow, pytorch_only, tensorflow_only, share_pytorch, ci_low,
       ci_high, crossed_half
FROM job_share_trend
ORDER BY series, source, month"""


def build(con: duckdb.DuckDBPyConnection, profile: str) -> Headline:
    papers = rows(con, PAPER_TREND_SQL)
    jobs = rows(con, JOB_TREND_SQL)
    return Headline(
        [_crossings(papers), _research(con, profile), _jobs(con, jobs), _performance(con)],
        [_paper_trend(papers, profile), _job_trend(jobs)],
    )


def _paper_trend(trend: pd.DataFrame | None, profile: str) -> Figure | Note:
    if trend is None:
        return Note(not_in_warehouse("paper_share_trend"), id="paper-trend")
    if trend.empty:
        return Note("No conference-year to chart: the study's published figures are not in this warehouse.",
                    id="paper-trend")
    shown = trend.assign(venue=trend["venue"].map(wording.venue))
    # The legend groups the venues by the study's fields.
    fields = dict(zip(shown["venue"], shown["field"]))
    venues = sorted(fields, key=lambda venue: (list(wording.FIELD_NAMES).index(fields[venue]), venue))
    return figure("paper-trend", trend_charts.paper_trend_chart(shown, venues, profile), shown, PAPER_TREND_SQL)


def _job_trend(trend: pd.DataFrame | None) -> Figure | Note:
    if trend is None:
        return Note(not_in_warehouse("job_share_trend"), id="job-trend")
    if trend.empty:
        return Note("No job posting read yet, and the article's job-listing figures are not in this warehouse.",
                    id="job-trend")
    shown = trend.assign(source=trend["source"].map(wording.source))
    return figure("job-trend", trend_charts.job_trend_chart(shown, list(dict.fromkeys(shown["source"]))), shown,
                  JOB_TREND_SQL)


def _crossings(trend: pd.DataFrame | None) -> KeyFigure:
    """At how many conferences PyTorch passed half of the papers naming one side, and when."""
    if trend is None or trend.empty:
        return KeyFigure(wording.MISSING, "conferences where PyTorch passed half of the papers naming one side",
                         "missing", detail="no conference-year in this warehouse")
    crossed = trend[trend["crossed_half"]].sort_values(["year", "venue"])
    when = ", ".join(f"{wording.venue(r.venue)} {r.year}" for r in crossed.itertuples())
    origins = set((crossed if when else trend)["series"])
    origin = "published" if origins == {"published"} else "measured" if origins == {"measured"} else "both"
    return KeyFigure(
        f"{len(crossed)} of {trend['venue'].nunique()}",
        "conferences where PyTorch passed half of the papers naming one side",
        origin,
        detail=f"first past half: {when}" if when else "",
    )


def _research(con: duckdb.DuckDBPyConnection, profile: str) -> KeyFigure:
    pooled = evidence.research_pooled(con, profile)
    if pooled is None:
        return KeyFigure(wording.MISSING, "of the conference papers naming one side name PyTorch", "missing",
                         detail="no paper read yet (fwtrends papers reads them)")
    first, last = int(pooled.first_year), int(pooled.last_year)
    return KeyFigure(
        wording.percent(pooled.share_pytorch),
        "of the conference papers naming one side name PyTorch",
        "measured",
        detail=f"{wording.interval(pooled.ci_low, pooled.ci_high)}; {wording.count(pooled.texts_ok)} texts read, "
               f"each conference's latest year: {last if first == last else f'{first}–{last}'}",
    )


def _jobs(con: duckdb.DuckDBPyConnection, trend: pd.DataFrame | None) -> KeyFigure:
    window = evidence.job_window(con, JOB_SOURCE, WINDOW_MONTHS)
    if window is not None and window.decided:
        return KeyFigure(
            wording.percent(window.share_pytorch),
            f"of the {wording.source(JOB_SOURCE)} job postings naming one side name PyTorch",
            "measured",
            detail=f"{wording.interval(window.ci_low, window.ci_high)}; {wording.month(window.first_month)} to "
                   f"{wording.month(window.last_month)}",
        )
    published = None if trend is None else trend[trend["series"] == "published"]
    if published is None or published.empty:
        return KeyFigure(wording.MISSING, "of the job postings naming one side name PyTorch", "missing",
                         detail="no posting read yet")
    article = published.iloc[0]
    return KeyFigure(
        wording.percent(article.share_pytorch),
        f"of the job listings naming PyTorch or TensorFlow named PyTorch in {wording.month(article.month)}, "
        "as the article counted them",
        "published",
    )


def _performance(con: duckdb.DuckDBPyConnection) -> KeyFigure:
    matched = evidence.matched(con)
    if matched.empty:
        return KeyFigure(wording.MISSING, "configurations where PyTorch steps faster than TensorFlow", "missing",
                         detail="none measured in both frameworks yet (fwtrends experiments measures them)")
    tally = matched["faster"].value_counts()
    return KeyFigure(
        f"{tally.get('pytorch', 0)} of {len(matched)}",
        "configurations where PyTorch steps faster than TensorFlow, each in its fastest mode",
        "measured",
        detail=f"TensorFlow faster in {tally.get('tensorflow', 0)}, level in {tally.get('neither', 0)}, judged by the "
               f"95 % interval of the paired ratio{wording.unpaired(matched)}",
    )
