"""Altair charts for the report: the rows of a view in, a chart out."""
from __future__ import annotations

import itertools

import altair as alt
import pandas as pd

# Okabe-Ito colours, distinguishable under the common colour-vision deficiencies; a framework keeps
# its colour on every chart. The experiments name PyTorch by its package, `torch`.
FRAMEWORK_COLORS = {
    "pytorch": "#D55E00",
    "torch": "#D55E00",
    "tensorflow": "#0072B2",
    "jax": "#009E73",
    "keras": "#CC79A7",
}
OTHER_COLORS = ["#E69F00", "#56B4E9", "#F0E442", "#000000"]
CATEGORY_SCHEME = "tableau10"
HEIGHT = 320

SHARE_AXIS = alt.Axis(format="%", title="PyTorch share")
# Vega reads tickMinStep in the time scale's unit, milliseconds: no tick closer than about a month.
MONTH_AXIS = alt.Axis(format="%b %Y", tickMinStep=28 * 24 * 3600 * 1000)
YEAR_AXIS = alt.Axis(labelAngle=0)
# Below the plot, a legend leaves the width to the data on a phone; the band's faint opacity would
# otherwise fade its symbols too.
LEGEND = alt.Legend(orient="bottom", columns=4, symbolOpacity=1)
SHARE_SCALE = alt.Scale(domain=[0, 1])
INTERVAL = "format(datum.ci_low, '.0%') + ' to ' + format(datum.ci_high, '.0%')"


def framework_scale(frameworks: list[str]) -> alt.Scale:
    """Each framework its fixed colour; a framework the palette does not know takes a spare one."""
    spare = itertools.cycle(OTHER_COLORS)
    return alt.Scale(
        domain=frameworks,
        range=[FRAMEWORK_COLORS.get(name) or next(spare) for name in frameworks],
    )


def paper_share_chart(shares: pd.DataFrame, profile: str) -> alt.LayerChart:
    """PyTorch share per venue and year with its Wilson band; with several methodology profiles in
    `shares`, a menu picks one (`profile` first)."""
    venue = alt.selection_point(name="pick_venue", fields=["venue"], bind="legend")
    base = alt.Chart(shares).encode(
        x=alt.X("year:O", title="Year", axis=YEAR_AXIS),
        color=alt.Color("venue:N", title="Venue", scale=alt.Scale(scheme=CATEGORY_SCHEME), legend=LEGEND),
    )
    params = [venue]
    profiles = sorted(shares["profile"].unique())
    if len(profiles) > 1:
        chosen = alt.param(
            name="profile", value=profile, bind=alt.binding_select(options=profiles, name="Profile ")
        )
        base = base.transform_filter(alt.datum.profile == chosen)
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
    title = alt.Title(
        "PyTorch share of papers",
        subtitle=[
            "of those naming only one of PyTorch and TensorFlow",
            "Profile chosen below; bands: 95 % Wilson intervals" if len(profiles) > 1
            else f"Profile {profiles[0]}; bands: 95 % Wilson intervals",
        ],
    )
    return (
        _share_with_band(base, venue, tooltip)
        .add_params(*params)
        .properties(title=title, width="container", height=HEIGHT)
    )


def job_share_chart(shares: pd.DataFrame) -> alt.LayerChart:
    """PyTorch share per month among the postings that name exactly one side, per source."""
    source = alt.selection_point(name="pick_source", fields=["source"], bind="legend")
    base = alt.Chart(shares).encode(
        x=alt.X("month:T", title="Month", axis=MONTH_AXIS),
        color=alt.Color("source:N", title="Source", scale=alt.Scale(scheme=CATEGORY_SCHEME), legend=LEGEND),
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
        _share_with_band(base, source, tooltip)
        .add_params(source)
        .properties(title=title, width="container", height=HEIGHT)
    )


def job_mentions_chart(shares: pd.DataFrame) -> alt.Chart:
    """Postings per month that mention each framework (a posting may mention several)."""
    frameworks = ["pytorch", "tensorflow", "keras", "jax"]
    framework = alt.selection_point(name="pick_framework", fields=["framework"], bind="legend")
    return (
        alt.Chart(shares, title=alt.Title("Job postings mentioning each framework",
                                          subtitle="A posting may mention several"))
        .transform_fold(frameworks, as_=["framework", "mentioning"])
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title="Month", axis=MONTH_AXIS),
            y=alt.Y("mentioning:Q", title="Postings"),
            color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks), legend=LEGEND),
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


def step_time_chart(summary: pd.DataFrame) -> alt.LayerChart:
    """Median step time (dot) up to the 90th percentile (rule), one row per workload and setup with a
    line per framework and mode, on a log axis since workloads differ by orders of magnitude."""
    frameworks = sorted(summary["framework"].unique())
    base = (
        alt.Chart(summary)
        .transform_calculate(
            setup="datum.workload + ' · ' + datum.device + ' ' + datum.precision + ' · batch ' + datum.batch_size",
            variant="datum.framework + ' ' + datum.mode",
        )
        .encode(
            y=alt.Y("setup:N", title=None, axis=alt.Axis(labelLimit=240)),
            yOffset=alt.YOffset("variant:N"),
            color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks), legend=LEGEND),
        )
    )
    step_ms = alt.X("step_ms_median:Q", title="Step time (ms, log scale)", scale=alt.Scale(type="log"))
    spread = base.mark_rule().encode(x=step_ms, x2="step_ms_p90:Q")
    median = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=step_ms,
        shape=alt.Shape("mode:N", title="Mode", legend=LEGEND),
        tooltip=[
            alt.Tooltip("workload:N", title="Workload"),
            alt.Tooltip("framework:N", title="Framework"),
            alt.Tooltip("mode:N", title="Mode"),
            alt.Tooltip("device:N", title="Device"),
            alt.Tooltip("precision:N", title="Precision"),
            alt.Tooltip("batch_size:Q", title="Batch size"),
            alt.Tooltip("step_ms_median:Q", title="Median step (ms)", format=".2f"),
            alt.Tooltip("step_ms_p90:Q", title="p90 step (ms)", format=".2f"),
            alt.Tooltip("throughput:Q", title="Throughput (samples/s)", format=",.0f"),
            alt.Tooltip("compile_s:Q", title="Compile (s)", format=".2f"),
            alt.Tooltip("peak_mem_mb:Q", title="Peak memory (MB)", format=",.0f"),
            alt.Tooltip("tflops:Q", title="TFLOP/s", format=".2f"),
            alt.Tooltip("equivalent:N", title="Outputs match"),
        ],
    )
    return alt.layer(spread, median).properties(
        title=alt.Title("Step time per workload", subtitle="Median (dot) to 90th percentile (rule)"),
        width="container",
    )


def _share_with_band(base: alt.Chart, picked: alt.Parameter, tooltip: list[alt.Tooltip]) -> alt.LayerChart:
    """The share as a line over its 95 % interval as a band; what the legend did not pick fades."""
    band = base.mark_area().encode(
        y=alt.Y("ci_low:Q", axis=SHARE_AXIS, scale=SHARE_SCALE),
        y2="ci_high:Q",
        opacity=alt.when(picked).then(alt.value(0.12)).otherwise(alt.value(0.02)),
    )
    line = base.mark_line(point=True).transform_calculate(interval=INTERVAL).encode(
        y=alt.Y("share_pytorch:Q", axis=SHARE_AXIS, scale=SHARE_SCALE),
        opacity=alt.when(picked).then(alt.value(1.0)).otherwise(alt.value(0.15)),
        tooltip=tooltip,
    )
    return alt.layer(band, line)
