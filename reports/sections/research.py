"""Research: PyTorch's share of conference papers per field of the 2019 study, that study's published
points beside ours, JAX, and the reproduction of its figures."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import charts, wording
from reports.page import Section, Table
from reports.queries import figure, not_in_warehouse, rows
from reports.sections.provenance import behind

FLOWS = ["papers", "reclassify"]
# The 2019 study's grouping of the venues (the `field` of warehouse/seeds/venues.csv).
FIELD_TITLES = {
    "vision": "Computer vision",
    "language": "Natural language processing",
    "general": "General machine learning",
    "other": "Other venues",
}

PAPER_SHARES_SQL = """\
SELECT venue, coalesce(field, 'other') AS field, year, profile, papers, texts_ok, texts_failed,
       pytorch_only, tensorflow_only, "both", jax, share_pytorch, ci_low, ci_high
FROM paper_framework_share
ORDER BY profile, venue, year"""

# Our shares and the study's published ones as one series each, dated by the month the conference is held.
SHARES_OVER_TIME_SQL = """\
SELECT venue, coalesce(field, 'other') AS field, year, make_date(year, coalesce(conf_month, 1), 1) AS held,
       'this project' AS series, profile, papers, texts_ok, pytorch_only, tensorflow_only, "both", jax,
       share_pytorch, ci_low, ci_high
FROM paper_framework_share
UNION ALL BY NAME
SELECT venue, coalesce(field, 'other') AS field, year,
       make_date(year, coalesce(conf_month, 1), 1) AS held, 'published 2019' AS series,
       published_papers AS papers, published_pytorch_only AS pytorch_only,
       published_tensorflow_only AS tensorflow_only, published_share AS share_pytorch
FROM reproduction_2019
ORDER BY field, series, profile, venue, year"""

JAX_SQL = """\
SELECT coalesce(field, 'other') AS field, year, profile, sum(texts_ok) AS texts_ok, sum(jax) AS jax,
       sum(jax) / nullif(sum(texts_ok), 0) AS share_jax,
       wilson_low(sum(jax), sum(texts_ok)) AS ci_low,
       wilson_high(sum(jax), sum(texts_ok)) AS ci_high
FROM paper_framework_share
GROUP BY ALL
ORDER BY profile, field, year"""

REPRODUCTION_SQL = """\
SELECT venue, year, published_papers, published_pytorch_only, published_tensorflow_only, published_share,
       papers, texts_ok, pytorch_only, tensorflow_only, share_pytorch, ci_low, ci_high, difference_pp,
       published_within_interval
FROM reproduction_2019
ORDER BY venue, year"""


def build(con: duckdb.DuckDBPyConnection, profile: str) -> Section:
    title = "Research"
    shares = rows(con, PAPER_SHARES_SQL)
    if shares is None:
        return Section("research", title, not_in_warehouse("paper_framework_share"))
    if shares.empty:
        return Section("research", title, (
            "No paper has been read yet: paper_framework_share is empty "
            "(fwtrends papers --venue CVPR --year 2024 fills it)."
        ), provenance=behind(con, [("paper_framework_share", shares)], FLOWS))
    shown = _shown_profile(shares, profile)
    over_time = rows(con, SHARES_OVER_TIME_SQL)
    jax = rows(con, JAX_SQL)
    reproduction = rows(con, REPRODUCTION_SQL)
    figures = [
        figure(f"paper-share-{field}", charts.paper_share_chart(group, FIELD_TITLES.get(field, field), shown),
               group, SHARES_OVER_TIME_SQL)
        for field, group in sorted(over_time.groupby("field"), key=lambda pair: _field_order(pair[0]))
    ]
    return Section(
        "research", title, wording.paper_headline(shares, shown),
        [
            *figures,
            figure("paper-jax", charts.jax_share_chart(jax, shown), jax, JAX_SQL),
            _reproduction_table(reproduction),
            _shares_table(shares),
        ],
        behind(con, [("paper_framework_share", shares), ("reproduction_2019", reproduction)], FLOWS,
               profiles=sorted(shares["profile"].unique())),
    )


def _field_order(field: str) -> int:
    order = list(FIELD_TITLES)
    return order.index(field) if field in order else len(order)


def _shown_profile(shares: pd.DataFrame, profile: str) -> str:
    profiles = sorted(shares["profile"].unique())
    return profile if profile in profiles else profiles[0]


def _reproduction_table(reproduction: pd.DataFrame) -> Table:
    measured = reproduction[reproduction["share_pytorch"].notna()]
    return Table(
        "Reproduction of the 2019 study: its published share beside ours (profile gradient2019)",
        ["Venue", "Year", "Published: PyTorch only / TensorFlow only / papers", "Published share",
         "Ours: PyTorch only / TensorFlow only / texts read", "Our share", "95 % interval",
         "Difference (points)", "Published share within our interval"],
        [
            [r.venue, str(r.year),
             f"{wording.count(r.published_pytorch_only)} / {wording.count(r.published_tensorflow_only)} / "
             f"{wording.count(r.published_papers)}",
             wording.percent(r.published_share),
             f"{wording.count(r.pytorch_only)} / {wording.count(r.tensorflow_only)} / {wording.count(r.texts_ok)}",
             wording.percent(r.share_pytorch), wording.interval(r.ci_low, r.ci_high),
             wording.points(r.difference_pp), wording.yes_no(r.published_within_interval)]
            for r in reproduction.itertuples()
        ],
        note=wording.reproduction_summary(measured, len(reproduction)),
        id="reproduction",
    )


def _shares_table(shares: pd.DataFrame) -> Table:
    return Table(
        "PyTorch share of papers by venue and year",
        ["Venue", "Field", "Year", "Profile", "Papers", "Texts read", "Texts failed", "PyTorch only",
         "TensorFlow only", "Both", "JAX", "PyTorch share", "95 % interval"],
        [
            [r.venue, r.field, str(r.year), r.profile, wording.count(r.papers), wording.count(r.texts_ok),
             wording.count(r.texts_failed), wording.count(r.pytorch_only), wording.count(r.tensorflow_only),
             wording.count(r.both), wording.count(r.jax), wording.percent(r.share_pytorch),
             wording.interval(r.ci_low, r.ci_high)]
            for r in shares.itertuples()
        ],
        id="paper-shares",
    )
