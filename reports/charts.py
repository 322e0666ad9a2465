"""Altair charts of adoption (papers, job postings, community activity) and of the scorecard that puts
it beside performance: the rows of a view in, a chart out."""
from __future__ import annotations

import altair as alt
import pandas as pd

from reports.style import (
    HEIGHT,
    LEGEND,
    MONTH_AXIS,
    SHARE_SCALE,
    YEAR_AXIS,
    category_scale,
    filter_menu,
    framework_scale,
    pick_menu,
    share_with_band,
)

MEASURED = "this project"
PUBLISHED = "published 2019"
JOB_FRAMEWORKS = ["pytorch", "tensorflow", "keras", "jax"]


def paper_share_chart(shares: pd.DataFrame, title: str, profile: str) -> alt.LayerChart:
    """PyTorch share per venue at each conference with its Wilson band, the 2019 study's published
    share as diamonds; a menu filters the venues and, with several methodology profiles, another
    picks one (`profile` first)."""
    venues = sorted(shares["venue"].unique())
    highlighted = alt.selection_point(name="pick_venue", fields=["venue"], bind="legend")
    venue_menu = filter_menu("venue_menu", "venue", venues, "Venue")
    base = alt.Chart(shares).transform_filter(venue_menu).encode(
        x=alt.X("held:T", title="Conference", axis=alt.Axis(format="%Y", tickCount="year")),
        color=alt.Color("venue:N", title="Venue", scale=category_scale(venues), legend=LEGEND),
    )
    measured = base.transform_filter(alt.datum.series == MEASURED)
    params = [highlighted, venue_menu]
    profiles = sorted(shares.loc[shares["series"] == MEASURED, "profile"].unique())
    if len(profiles) > 1:
        chosen = pick_menu("profile", profiles, "Profile", profile)
        measured = measured.transform_filter(alt.datum.profile == chosen)
        params.append(chosen)
    tooltip = [
        alt.Tooltip("venue:N", title="Venue"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_pytorch:Q", title="PyTorch share", format=".0%"),
        alt.Tooltip("interval:N", title="95 % interval"),
        alt.Tooltip("pytorch_only:Q", title="PyTorch only", format=","),
        alt.Tooltip("tensorflow_only:Q", title="TensorFlow only", format=","),
        alt.Tooltip("both:Q", title="Both", format=","),
        alt.Tooltip("texts_ok:Q", title="Texts read", format=","),
        alt.Tooltip("papers:Q", title="Papers", format=","),
        alt.Tooltip("profile:N", title="Profile"),
    ]
    published = base.transform_filter(alt.datum.series == PUBLISHED).mark_point(
        shape="diamond", size=110, filled=True, stroke="#000000", strokeWidth=1,
    ).encode(
        y=alt.Y("share_pytorch:Q", scale=SHARE_SCALE),
        opacity=alt.when(highlighted).then(alt.value(1.0)).otherwise(alt.value(0.15)),
        tooltip=[
            alt.Tooltip("venue:N", title="Venue"),
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("share_pytorch:Q", title="Published PyTorch share", format=".0%"),
            alt.Tooltip("pytorch_only:Q", title="Published PyTorch only", format=","),
            alt.Tooltip("tensorflow_only:Q", title="Published TensorFlow only", format=","),
            alt.Tooltip("papers:Q", title="Published papers", format=","),
        ],
    )
    subtitle = [
        "Share of the papers naming only one of PyTorch and TensorFlow; bands: 95 % Wilson intervals",
        ("Profile chosen below" if len(profiles) > 1 else f"Profile {profiles[0]}" if profiles else "Not read yet")
        + "; diamonds: the 2019 study's published share",
    ]
    return (
        alt.layer(*share_with_band(measured, highlighted, tooltip), published)
        .add_params(*params)
        .properties(title=alt.Title(title, subtitle=subtitle), width="container", height=HEIGHT)
    )


def jax_share_chart(shares: pd.DataFrame, profile: str) -> alt.LayerChart:
    """The share of papers read that use JAX, per field of the 2019 study and year."""
    fields = sorted(shares["field"].unique())
    picked = alt.selection_point(name="pick_field", fields=["field"], bind="legend")
    base = alt.Chart(shares).encode(
        x=alt.X("year:O", title="Year", axis=YEAR_AXIS),
        color=alt.Color("field:N", title="Field", scale=category_scale(fields), legend=LEGEND),
    )
    profiles = sorted(shares["profile"].unique())
    params = [picked]
    if len(profiles) > 1:
        chosen = pick_menu("jax_profile", profiles, "Profile", profile)
        base = base.transform_filter(alt.datum.profile == chosen)
        params.append(chosen)
    tooltip = [
        alt.Tooltip("field:N", title="Field"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_jax:Q", title="Papers using JAX", format=".1%"),
        alt.Tooltip("interval:N", title="95 % interval"),
        alt.Tooltip("jax:Q", title="JAX papers", format=","),
        alt.Tooltip("texts_ok:Q", title="Texts read", format=","),
        alt.Tooltip("profile:N", title="Profile"),
    ]
    return (
        alt.layer(*share_with_band(base, picked, tooltip, share="share_jax",
                                   axis=alt.Axis(format="%", title="Papers using JAX")))
        .add_params(*params)
        .properties(
            title=alt.Title("JAX in research papers", subtitle="Share of the papers read; bands: 95 % Wilson intervals"),
            width="container", height=HEIGHT,
        )
    )


def job_share_chart(shares: pd.DataFrame) -> alt.LayerChart:
    """PyTorch share per month among the postings that name exactly one side, per source."""
    sources = sorted(shares["source"].unique())
    source = alt.selection_point(name="pick_source", fields=["source"], bind="legend")
    base = alt.Chart(shares).encode(
        x=alt.X("month:T", title="Month", axis=MONTH_AXIS),
        color=alt.Color("source:N", title="Source", scale=category_scale(sources), legend=LEGEND),
    )
    tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("month:T", title="Month", format="%B %Y"),
        alt.Tooltip("share_pytorch:Q", title="PyTorch share", format=".0%"),
        alt.Tooltip("interval:N", title="95 % interval"),
        alt.Tooltip("pytorch_only:Q", title="PyTorch only", format=","),
        alt.Tooltip("tensorflow_only:Q", title="TensorFlow/Keras only", format=","),
        alt.Tooltip("posts:Q", title="Postings", format=","),
    ]
    title = alt.Title(
        "PyTorch share of job postings",
        subtitle=["of those naming only one of PyTorch and TensorFlow/Keras",
                  "Bands: 95 % Wilson intervals"],
    )
    return (
        alt.layer(*share_with_band(base, source, tooltip))
        .add_params(source)
        .properties(title=title, width="container", height=HEIGHT)
    )


def job_mentions_chart(shares: pd.DataFrame) -> alt.Chart:
    """Postings per month that mention each framework (a posting may mention several)."""
    framework = alt.selection_point(name="pick_framework", fields=["framework"], bind="legend")
    return (
        alt.Chart(shares, title=alt.Title("Job postings mentioning each framework",
                                          subtitle="A posting may mention several"))
        .transform_fold(JOB_FRAMEWORKS, as_=["framework", "mentioning"])
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title="Month", axis=MONTH_AXIS),
            y=alt.Y("mentioning:Q", title="Postings"),
            color=alt.Color("framework:N", title="Framework", scale=framework_scale(JOB_FRAMEWORKS), legend=LEGEND),
            strokeDash=alt.StrokeDash("source:N", title="Source", legend=LEGEND),
            opacity=alt.when(framework).then(alt.value(1.0)).otherwise(alt.value(0.15)),
            tooltip=[
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("month:T", title="Month", format="%B %Y"),
                alt.Tooltip("framework:N", title="Framework"),
                alt.Tooltip("mentioning:Q", title="Postings mentioning it", format=","),
                alt.Tooltip("posts:Q", title="All postings", format=","),
            ],
        )
        .add_params(framework)
        .properties(width="container", height=HEIGHT)
    )


def board_snapshot_chart(boards: pd.DataFrame) -> alt.Chart:
    """Open postings on each company board at its latest snapshot, and how many mention each framework."""
    framework = alt.selection_point(name="pick_board_framework", fields=["framework"], bind="legend")
    return (
        alt.Chart(boards, title=alt.Title("Open postings on company job boards",
                                          subtitle="At each board's latest snapshot; a posting may mention several"))
        .transform_fold(JOB_FRAMEWORKS, as_=["framework", "mentioning"])
        .mark_bar()
        .encode(
            x=alt.X("mentioning:Q", title="Open postings mentioning it"),
            y=alt.Y("board:N", title=None, sort="-x", axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("framework:N", sort=JOB_FRAMEWORKS),
            color=alt.Color("framework:N", title="Framework", scale=framework_scale(JOB_FRAMEWORKS), legend=LEGEND),
            opacity=alt.when(framework).then(alt.value(1.0)).otherwise(alt.value(0.2)),
            tooltip=[
                alt.Tooltip("board:N", title="Board"),
                alt.Tooltip("company:N", title="Company"),
                alt.Tooltip("framework:N", title="Framework"),
                alt.Tooltip("mentioning:Q", title="Open postings mentioning it", format=","),
                alt.Tooltip("open_posts:Q", title="Open postings", format=","),
                alt.Tooltip("snapshot:T", title="Snapshot", format="%Y-%m-%d"),
            ],
        )
        .add_params(framework)
        .properties(width="container")
    )


def community_chart(series: pd.DataFrame) -> alt.LayerChart:
    """Each framework's share of a community source's monthly total; a menu picks the source, hollow
    points are months still being counted."""
    sources = sorted(series["source"].unique())
    frameworks = sorted(series["framework"].unique())
    source = pick_menu("community_source", sources, "Source")
    picked = alt.selection_point(name="pick_community_framework", fields=["framework"], bind="legend")
    base = alt.Chart(series).transform_filter(alt.datum.source == source).encode(
        x=alt.X("month:T", title="Month", axis=MONTH_AXIS),
        y=alt.Y("share:Q", title="Share of the frameworks' total", axis=alt.Axis(format="%"), scale=SHARE_SCALE),
        color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks), legend=LEGEND),
        opacity=alt.when(picked).then(alt.value(1.0)).otherwise(alt.value(0.15)),
    )
    points = base.mark_point(size=30, filled=True).encode(
        stroke=alt.Stroke("framework:N", scale=framework_scale(frameworks), legend=None),
        fillOpacity=alt.when(alt.datum.final).then(alt.value(1.0)).otherwise(alt.value(0.0)),
        tooltip=[
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("month:T", title="Month", format="%B %Y"),
            alt.Tooltip("framework:N", title="Framework"),
            alt.Tooltip("count:Q", title="Count", format=","),
            alt.Tooltip("share:Q", title="Share", format=".1%"),
            alt.Tooltip("final:N", title="Final"),
        ],
    )
    return (
        alt.layer(base.mark_line(), points)
        .add_params(source, picked)
        .properties(
            title=alt.Title("Community activity by framework",
                            subtitle="Stack Overflow questions, dev.to articles, PyPI downloads, new GitHub repositories; "
                                     "hollow: month still being counted"),
            width="container", height=HEIGHT,
        )
    )


def scorecard_chart(scores: pd.DataFrame) -> alt.LayerChart:
    """Each framework's standing on every measure, adoption and performance alike as a share in [0, 1],
    with its interval where the measure has one."""
    frameworks = list(dict.fromkeys(scores["framework"]))
    measures = list(dict.fromkeys(scores["measure"]))
    base = alt.Chart(scores).encode(
        y=alt.Y("measure:N", title=None, sort=measures, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("framework:N", sort=frameworks),
        color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks), legend=LEGEND),
    )
    interval = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("ci_low:Q", scale=SHARE_SCALE, axis=alt.Axis(format="%", title="Share")), x2="ci_high:Q",
    )
    value = base.mark_point(filled=True, size=80, opacity=1).encode(
        x=alt.X("value:Q", scale=SHARE_SCALE),
        tooltip=[
            alt.Tooltip("framework:N", title="Framework"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value:Q", title="Share", format=".1%"),
            alt.Tooltip("detail:N", title="From"),
        ],
    )
    return alt.layer(interval, value).properties(
        title=alt.Title("Adoption next to performance",
                        subtitle="Dot: the framework's share of each measure; rule: its 95 % interval"),
        width="container",
    )
