"""The headline charts: the 2019 article's figure carried forward, for conference papers and for job postings.
Each shows PyTorch's share among the items naming one of PyTorch and TensorFlow (ours with 95 % intervals, the
study's published points beside them, a ring where PyTorch passed one half) or, one click away, the raw counts
of items naming each side, which is what the article's figure plotted."""
from __future__ import annotations

import altair as alt
import pandas as pd

from reports.style import (
    FRAMEWORK_COLORS,
    HEIGHT,
    INTERVAL,
    LEGEND,
    STACKED_LEGENDS,
    category_scale,
    filter_menu,
    named_legend,
    pick_menu,
    view_toggle,
)

SHARE, COUNTS = "share", "counts"
PUBLISHED, MEASURED = "published", "measured"
PUBLISHED_LABEL = "published by the study, not measured here"
MEASURED_LABEL = "measured here, with its 95 % interval"
SERIES_SHAPE = alt.Shape(
    "series:N", title=None,
    scale=alt.Scale(domain=[PUBLISHED, MEASURED], range=["diamond", "circle"]),
    legend=alt.Legend(orient="bottom", direction="vertical", symbolFillColor="#999999", symbolStrokeColor="#999999",
                      labelLimit=320,
                      labelExpr=f"datum.label == '{PUBLISHED}' ? '{PUBLISHED_LABEL}' : '{MEASURED_LABEL}'"),
)
SIDES = {"pytorch_only": "PyTorch only", "tensorflow_only": "TensorFlow only"}
SIDE_COLOR = alt.Color(
    "side:N", title="Naming",
    scale=alt.Scale(domain=list(SIDES), range=[FRAMEWORK_COLORS["pytorch"], FRAMEWORK_COLORS["tensorflow"]]),
    legend=named_legend(SIDES),
)
SERIES_DASH = alt.StrokeDash("series:N", scale=alt.Scale(domain=[PUBLISHED, MEASURED], range=[[1, 0], [4, 3]]),
                             legend=None)
CROSSED = "PyTorch passed 50 % in"


def paper_trend_chart(trend: pd.DataFrame, venues: list[str], profile: str) -> alt.LayerChart:
    """Per venue and year: the study's published share (diamonds on a line), ours (circles with their
    interval) and a ring on the year PyTorch passed one half; or the papers naming each side, summed over the
    venues the menu keeps. `venues` orders the colours; the menus pick the venue and, with several, the profile."""
    view = view_toggle("paper_view", {SHARE: "PyTorch share", COUNTS: "Papers naming each"})
    venue_menu = filter_menu("trend_venue", "venue", venues, "Conference")
    picked = alt.selection_point(name="pick_trend_venue", fields=["venue"], bind="legend")
    params = [view, venue_menu, picked]
    measured = alt.datum.series == MEASURED
    profiles = sorted(trend.loc[trend["series"] == MEASURED, "profile"].unique())
    if len(profiles) > 1:
        chosen = pick_menu("profile", profiles, "Profile", profile)
        measured = measured & (alt.datum.profile == chosen)
        params.append(chosen)
    shown = (alt.datum.series == PUBLISHED) | measured
    # Layers without data of their own read the top-level data (given to alt.layer below) and copy cheaply.
    base = alt.Chart().transform_filter(venue_menu).transform_filter(shown)
    x = alt.X("held:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    colour = alt.Color("venue:N", title="Conference", scale=category_scale(venues), legend=LEGEND)
    faded = alt.when(picked).then(alt.value(1.0)).otherwise(alt.value(0.15))
    by_venue = base.transform_filter(f"{view.name} == '{SHARE}'").encode(x=x, color=colour, opacity=faded)
    tooltip = [
        alt.Tooltip("venue:N", title="Conference"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_pytorch:Q", title="PyTorch share", format=".0%"),
        alt.Tooltip("pytorch_only:Q", title="PyTorch only", format=","),
        alt.Tooltip("tensorflow_only:Q", title="TensorFlow only", format=","),
        alt.Tooltip("papers:Q", title="Papers", format=","),
    ]
    published = by_venue.transform_filter(alt.datum.series == PUBLISHED).mark_line(
        point=alt.OverlayMarkDef(shape="diamond", size=70, filled=True)
    ).encode(y=_y(view), tooltip=[*tooltip, alt.Tooltip("series:N", title="Series")])
    ours = by_venue.transform_filter(measured).transform_calculate(interval=INTERVAL)
    intervals = ours.mark_rule(strokeWidth=2).encode(y=_y(view, "ci_low"), y2="ci_high:Q")
    points = ours.mark_point(size=60, filled=True, strokeWidth=1, stroke="#000000").encode(
        y=_y(view), shape=SERIES_SHAPE,
        tooltip=[*tooltip, alt.Tooltip("interval:N", title="95 % interval"),
                 alt.Tooltip("texts_ok:Q", title="Texts read", format=","), alt.Tooltip("profile:N", title="Profile")],
    )
    rings = _rings(by_venue, view, [alt.Tooltip("venue:N", title="Conference"),
                                    alt.Tooltip("year:O", title=CROSSED)])
    counts = (
        base.transform_filter(f"{view.name} == '{COUNTS}'")
        .transform_fold(list(SIDES), as_=["side", "naming"])
        .transform_aggregate(naming="sum(naming)", papers="sum(papers)", texts_ok="sum(texts_ok)",
                             groupby=["year", "series", "side"])
        .transform_calculate(held="datetime(datum.year, 5, 1)")
        .mark_line(point=True)
        .encode(
            x=x, y=_y(view, "naming"), color=SIDE_COLOR, shape=SERIES_SHAPE, strokeDash=SERIES_DASH,
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("side:N", title="Naming"),
                alt.Tooltip("naming:Q", title="Papers", format=","),
                alt.Tooltip("texts_ok:Q", title="Texts read here", format=","),
                alt.Tooltip("papers:Q", title="Papers listed", format=","),
                alt.Tooltip("series:N", title="Series"),
            ],
        )
    )
    return _two_views([published, intervals, points, rings, _half_rule(view)], counts, trend, params, _title(
        view, "PyTorch share of conference papers", "Conference papers naming each framework",
        ["Of the papers naming only one of the two", "In shares, rings mark the year PyTorch passed 50 %"]))


def job_trend_chart(trend: pd.DataFrame, sources: list[str]) -> alt.LayerChart:
    """Per source and month: PyTorch's share of the postings naming one side (a line over its interval band),
    the article's 2019 count of job listings as a diamond and a ring on the month PyTorch passed one half; or
    the postings naming each side, summed over the sources the menu keeps."""
    view = view_toggle("job_view", {SHARE: "PyTorch share", COUNTS: "Postings naming each"})
    source_menu = filter_menu("trend_source", "source", sources, "Source")
    picked = alt.selection_point(name="pick_trend_source", fields=["source"], bind="legend")
    base = alt.Chart().transform_filter(source_menu)
    x = alt.X("month:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    colour = alt.Color("source:N", title="Source", scale=category_scale(sources), legend=LEGEND)
    faded = alt.when(picked).then(alt.value(1.0)).otherwise(alt.value(0.15))
    by_source = base.transform_filter(f"{view.name} == '{SHARE}'").encode(x=x, color=colour)
    tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("month:T", title="Month", format="%B %Y"),
        alt.Tooltip("share_pytorch:Q", title="PyTorch share", format=".0%"),
    ]
    ours = by_source.transform_filter(alt.datum.series == MEASURED).transform_calculate(interval=INTERVAL)
    band = ours.mark_area(opacity=0.12).encode(y=_y(view, "ci_low"), y2="ci_high:Q")
    line = ours.mark_line(point=True).encode(
        y=_y(view), opacity=faded,
        tooltip=[*tooltip, alt.Tooltip("interval:N", title="95 % interval"),
                 alt.Tooltip("pytorch_only:Q", title="PyTorch only", format=","),
                 alt.Tooltip("tensorflow_only:Q", title="TensorFlow/Keras only", format=","),
                 alt.Tooltip("posts:Q", title="Postings", format=",")],
    )
    published = by_source.transform_filter(alt.datum.series == PUBLISHED).mark_point(
        size=110, filled=True, stroke="#000000", strokeWidth=1,
    ).encode(
        y=_y(view), shape=SERIES_SHAPE, opacity=faded,
        tooltip=[*tooltip, alt.Tooltip("pytorch:Q", title="Listings naming PyTorch", format=","),
                 alt.Tooltip("tensorflow:Q", title="Listings naming TensorFlow", format=","),
                 alt.Tooltip("series:N", title="Series")],
    )
    rings = _rings(by_source, view, [alt.Tooltip("source:N", title="Source"),
                                     alt.Tooltip("month:T", title=CROSSED, format="%B %Y")])
    counts = (
        base.transform_filter(f"{view.name} == '{COUNTS}'")
        # The article counted the listings mentioning each side; ours are the postings naming only one.
        .transform_calculate(**{side: f"datum.series == '{PUBLISHED}' ? datum.{side.removesuffix('_only')} : "
                                      f"datum.{side}" for side in SIDES})
        .transform_fold(list(SIDES), as_=["side", "naming"])
        .transform_aggregate(naming="sum(naming)", posts="sum(posts)", groupby=["month", "series", "side"])
        .mark_line(point=True)
        .encode(
            x=x, y=_y(view, "naming"), color=SIDE_COLOR, shape=SERIES_SHAPE, strokeDash=SERIES_DASH,
            tooltip=[
                alt.Tooltip("month:T", title="Month", format="%B %Y"),
                alt.Tooltip("side:N", title="Naming"),
                alt.Tooltip("naming:Q", title="Postings", format=","),
                alt.Tooltip("posts:Q", title="All postings", format=","),
                alt.Tooltip("series:N", title="Series"),
            ],
        )
    )
    return _two_views([band, line, published, rings, _half_rule(view)], counts, trend, [view, source_menu, picked],
                      _title(view, "PyTorch share of job postings", "Job postings naming each framework",
                             ["Of the postings naming only one of the two",
                              "In shares: 95 % bands, rings where PyTorch passed 50 %"]))


def _two_views(shares: list[alt.Chart], counts: alt.Chart, data: pd.DataFrame, params: list[alt.Parameter],
               title: alt.Title) -> alt.LayerChart:
    """The share layers, which colour the venues or sources, beside the counts layer, which colours the two sides
    (each group its own colour scale), over `data`. The params go on the first share layer: a legend selection
    binds to the legend of the view that defines it. Built in one call: each Altair method copies the chart."""
    first, *rest = shares
    return alt.layer(
        alt.layer(first.add_params(*params), *rest, resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="shared"))),
        counts,
        data=data,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),
        config=alt.Config(legend=alt.LegendConfig(layout=STACKED_LEGENDS)),
        title=title, width="container", height=HEIGHT,
    )


def _y(view: alt.Parameter, field: str = "share_pytorch") -> alt.Y:
    """The y encoding every layer shares: percentages in the share view, counts in the other (the layers of
    the view not picked are empty, so the scale spans the picked one)."""
    return alt.Y(f"{field}:Q", title=None, axis=alt.Axis(
        labelExpr=f"{view.name} == '{SHARE}' ? format(datum.value, '.0%') : format(datum.value, ',')"))


def _half_rule(view: alt.Parameter) -> alt.Chart:
    """The 50 % line, in the share view only: one rule, from a single datum of its own."""
    return alt.Chart(alt.Data(values=[{}])).mark_rule(strokeDash=[4, 4], color="#000000").encode(
        y=alt.datum(0.5), opacity=alt.value(alt.expr(f"{view.name} == '{SHARE}' ? 0.6 : 0")),
    )


def _rings(base: alt.Chart, view: alt.Parameter, tooltip: list[alt.Tooltip]) -> alt.Chart:
    """A ring around the point where PyTorch passed one half (the view's `crossed_half`)."""
    return base.transform_filter(alt.datum.crossed_half).mark_point(size=420, strokeWidth=2.5, filled=False).encode(
        y=_y(view), tooltip=tooltip)


def _title(view: alt.Parameter, share: str, counts: str, subtitle: list[str]) -> alt.Title:
    """A title that names what the view picked shows."""
    return alt.Title(alt.expr(f"{view.name} == '{SHARE}' ? '{share}' : '{counts}'"), subtitle=subtitle)
