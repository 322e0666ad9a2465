"""Research: JAX in conference papers, the 2019 study's published figures checked against ours, and PyTorch's
share per venue and year (the trend itself opens the page: reports/sections/headline.py)."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import charts, wording
from reports.page import Section, Table
from reports.queries import figure, not_in_warehouse, rows, traced
from reports.sections.provenance import behind

FLOWS = ["papers", "reclassify"]
INTRO = ("How often conference papers name PyTorch rather than TensorFlow, venue by venue and year by year, "
         "how often they name JAX, and the 2019 study's published figures checked against ours.")
# The JAX chart starts on `modern`, whose ambiguity rules leave out JAX the airport; `gradient2019` counts every
# "jax" word, as the study did.
JAX_PROFILE = "modern"

PAPER_SHARES_SQL = """\
SELECT venue, coalesce(field, 'other') AS field, year, profile, papers, texts_ok, texts_failed,
       pytorch_only, tensorflow_only, "both", jax, share_pytorch, ci_low, ci_high
FROM paper_framework_share
ORDER BY profile, venue, year"""

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
       published_within_interval, citation, source_url
FROM reproduction_2019
ORDER BY venue, year"""


def build(con: duckdb.DuckDBPyConnection, profile: str) -> Section:
    title = "Research"
    shares = rows(con, PAPER_SHARES_SQL)
    if shares is None:
        return Section("research", title, not_in_warehouse("paper_framework_share"), intro=INTRO)
    reproduction = rows(con, REPRODUCTION_SQL)
    read = [("paper_framework_share", shares), ("reproduction_2019", reproduction)]
    if shares.empty:
        return Section("research", title, (
            "No paper has been read yet: paper_framework_share is empty (fwtrends papers --venue CVPR --year 2024 "
            "fills it); the conference chart above shows the study's published figures only."
        ), [_reproduction_table(reproduction)], behind(con, read, FLOWS), intro=INTRO)
    profiles = sorted(shares["profile"].unique())
    shown = profile if profile in profiles else profiles[0]
    jax = rows(con, JAX_SQL)
    return Section(
        "research", title, wording.paper_headline(shares, shown),
        [
            figure("paper-jax", charts.jax_share_chart(jax, JAX_PROFILE if JAX_PROFILE in profiles else shown),
                   jax, JAX_SQL),
            _reproduction_table(reproduction),
            _shares_table(shares),
        ],
        behind(con, read, FLOWS, profiles=profiles),
        intro=INTRO,
    )


def _reproduction_table(reproduction: pd.DataFrame) -> Table:
    measured = reproduction[reproduction["share_pytorch"].notna()]
    cited = "; ".join(f"{r.citation}, {r.source_url}" for r in
                      reproduction[["citation", "source_url"]].dropna().drop_duplicates().itertuples())
    return Table(
        "Reproduction of the 2019 study: its published share beside ours (profile gradient2019)",
        ["Venue", "Year", "Published: PyTorch only / TensorFlow only / papers", "Published share",
         "Ours: PyTorch only / TensorFlow only / texts read", "Our share", "95 % interval",
         "Difference (points)", "Published share within our interval"],
        [
            [wording.venue(r.venue), str(r.year),
             f"{wording.count(r.published_pytorch_only)} / {wording.count(r.published_tensorflow_only)} / "
             f"{wording.count(r.published_papers)}",
             wording.percent(r.published_share),
             f"{wording.count(r.pytorch_only)} / {wording.count(r.tensorflow_only)} / {wording.count(r.texts_ok)}",
             wording.percent(r.share_pytorch), wording.interval(r.ci_low, r.ci_high),
             wording.points(r.difference_pp), wording.yes_no(r.published_within_interval)]
            for r in reproduction.itertuples()
        ],
        note=" ".join(filter(None, [
            wording.reproduction_summary(measured, len(reproduction)),
            f"Published by the study, not measured here: {cited}." if cited else None,
        ])),
        id="reproduction",
        **traced(REPRODUCTION_SQL),
        summary=f"The study's {wording.count(len(reproduction))} published conference-years beside ours "
                f"({wording.count(len(measured))} read here)",
    )


def _shares_table(shares: pd.DataFrame) -> Table:
    return Table(
        "PyTorch share of papers by venue and year",
        ["Venue", "Field", "Year", "Profile", "Papers", "Texts read", "Texts failed", "PyTorch only",
         "TensorFlow only", "Both", "JAX", "PyTorch share", "95 % interval"],
        [
            [wording.venue(r.venue), wording.FIELD_NAMES.get(r.field, r.field), str(r.year), r.profile,
             wording.count(r.papers), wording.count(r.texts_ok), wording.count(r.texts_failed),
             wording.count(r.pytorch_only), wording.count(r.tensorflow_only), wording.count(r.both),
             wording.count(r.jax), wording.percent(r.share_pytorch), wording.interval(r.ci_low, r.ci_high)]
            for r in shares.itertuples()
        ],
        id="paper-shares",
        **traced(PAPER_SHARES_SQL),
    )
