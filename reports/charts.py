"""Altair charts of adoption (JAX in papers, company job boards, community activity) and of the scorecard that
puts it beside performance: the rows of a view in, a chart out. The headline trends are in trend_charts."""
from __future__ import annotations

import altair as alt
import pandas as pd

from reports import wording
from reports.style import (
    FIELD_LEGEND,
    FRAMEWORK_LEGEND,
    HEIGHT,
    LABEL_LIMIT,
    MONTH_AXIS,
    SHARE_SCALE,
    YEAR_AXIS,
    category_scale,
    framework_scale,
    pick_menu,
    share_with_band,
)

JOB_FRAMEWORKS = ["pytorch", "tensorflow", "keras", "jax"]


def jax_share_chart(shares: pd.DataFrame, profile: str) -> alt.LayerChart:
    """The share of papers read that use JAX, per field of the 2019 study and year."""
    fields = sorted(shares["field"].unique())
    picked = alt.selection_point(name="pick_field", fields=["field"], bind="legend")
    base = alt.Chart(shares).encode(
        x=alt.X("year:O", title="Year", axis=YEAR_AXIS),
        color=alt.Color("field:N", title="Field", scale=category_scale(fields), legend=FIELD_LEGEND),
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
            title=alt.Title("JAX in research papers", subtitle=["Share of the papers read",
                                                                "Bands: 95 % Wilson intervals"]),
            width="container", height=HEIGHT,
        )
    )


def board_snapshot_chart(boards: pd.DataFrame) -> alt.Chart:
    """Open postings on each company board (`board_name`, as people call it) at its latest snapshot, and how
    many mention each framework."""
    framework = alt.selection_point(name="pick_board_framework", fields=["framework"], bind="legend")
    return (
        alt.Chart(boards, title=alt.Title("Open postings on company job boards",
                                          subtitle=["At each board's latest snapshot",
                                                    "A posting may mention several"]))
        .transform_fold(JOB_FRAMEWORKS, as_=["framework", "mentioning"])
        .mark_bar()
        .encode(
            x=alt.X("mentioning:Q", title="Open postings mentioning it"),
            y=alt.Y("board_name:N", title=None, sort="-x", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            yOffset=alt.YOffset("framework:N", sort=JOB_FRAMEWORKS),
            color=alt.Color("framework:N", title="Framework", scale=framework_scale(JOB_FRAMEWORKS),
                            legend=FRAMEWORK_LEGEND),
            opacity=alt.when(framework).then(alt.value(1.0)).otherwise(alt.value(0.2)),
            tooltip=[
                alt.Tooltip("board_name:N", title="Board"),
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
    source = pick_menu("community_source", sources, "Source", labels=[wording.source(s) for s in sources])
    picked = alt.selection_point(name="pick_community_framework", fields=["framework"], bind="legend")
    base = alt.Chart(series).transform_filter(alt.datum.source == source).encode(
        x=alt.X("month:T", title="Month", axis=MONTH_AXIS),
        y=alt.Y("share:Q", title="Share of the frameworks' total", axis=alt.Axis(format="%"), scale=SHARE_SCALE),
        color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks), legend=FRAMEWORK_LEGEND),
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
                            subtitle=["Stack Overflow questions, dev.to articles,",
                                      "PyPI downloads, new GitHub repositories",
                                      "Hollow: month still being counted"]),
            width="container", height=HEIGHT,
        )
    )


def scorecard_chart(scores: pd.DataFrame) -> alt.LayerChart:
    """Each framework's standing on every measure, adoption and performance alike as a share in [0, 1],
    with its interval where the measure has one."""
    frameworks = list(dict.fromkeys(scores["framework"]))
    measures = list(dict.fromkeys(scores["measure"]))
    base = alt.Chart(scores).encode(
        y=alt.Y("measure:N", title=None, sort=measures, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        yOffset=alt.YOffset("framework:N", sort=frameworks),
        color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks), legend=FRAMEWORK_LEGEND),
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
                        subtitle=["Dot: the framework's share of each measure", "Rule: its 95 % interval"]),
        width="container",
    )
