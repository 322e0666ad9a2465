"""What every chart of the report shares: the colour-blind-safe palette, axes, legends and sizes."""
from __future__ import annotations

import itertools

import altair as alt

from reports import wording

# Okabe-Ito colours (with the grey of its nine-colour form), distinguishable under the common colour-vision
# deficiencies. A framework keeps its colour on every chart (the experiments name PyTorch by its package,
# `torch`); other categories (venues, sources, fields) take the rest in this order, yellow last as it is faint
# on white.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999", "#F0E442"]
FRAMEWORK_COLORS = {
    "pytorch": "#D55E00",
    "torch": "#D55E00",
    "tensorflow": "#0072B2",
    "jax": "#009E73",
    "keras": "#CC79A7",
}
HEIGHT = 320

SHARE_AXIS = alt.Axis(format="%", title="PyTorch share")
SHARE_SCALE = alt.Scale(domain=[0, 1])
# Vega reads tickMinStep in the time scale's unit, milliseconds: no tick closer than about a month.
MONTH_AXIS = alt.Axis(format="%b %Y", tickMinStep=28 * 24 * 3600 * 1000)
YEAR_AXIS = alt.Axis(labelAngle=0)
# Below the plot, a legend leaves the width to the data on a phone; the band's faint opacity would
# otherwise fade its symbols too.
LEGEND = alt.Legend(orient="bottom", columns=4, symbolOpacity=1)
INTERVAL = "format(datum.ci_low, '.0%') + ' to ' + format(datum.ci_high, '.0%')"


def named_legend(names: dict[str, str]) -> alt.Legend:
    """LEGEND with each value shown by its name in `names` (others as they are)."""
    label = " : ".join([f"datum.label == '{value}' ? '{name}'" for value, name in names.items()] + ["datum.label"])
    return alt.Legend(orient="bottom", columns=4, symbolOpacity=1, labelExpr=label)


# Several legends below the plot one above the other, so that a phone shows them whole (Vega-Lite takes the
# legend layout as an expression only). For a chart's config: .configure_legend(layout=STACKED_LEGENDS).
STACKED_LEGENDS = alt.ExprRef("{bottom: {direction: 'vertical', anchor: 'start'}}")
# Category labels beside a plot: as wide as they need on a screen, cut short on a phone so the plot keeps room.
LABEL_LIMIT = alt.ExprRef("containerSize()[0] < 560 ? 130 : 260")
FRAMEWORK_LEGEND = named_legend(wording.FRAMEWORK_NAMES)
MODE_LEGEND = named_legend(wording.MODE_NAMES)
FIELD_LEGEND = named_legend(wording.FIELD_NAMES)


def framework_scale(frameworks: list[str]) -> alt.Scale:
    """Each framework its fixed colour; a framework the palette does not know takes a spare one."""
    spare = itertools.cycle([c for c in OKABE_ITO if c not in FRAMEWORK_COLORS.values()])
    return alt.Scale(
        domain=frameworks,
        range=[FRAMEWORK_COLORS.get(name) or next(spare) for name in frameworks],
    )


def category_scale(values: list[str]) -> alt.Scale:
    """Okabe-Ito colours in order for categories that are not frameworks."""
    return alt.Scale(domain=values, range=list(itertools.islice(itertools.cycle(OKABE_ITO), len(values))))


def filter_menu(name: str, field: str, values: list[str], label: str) -> alt.Parameter:
    """A drop-down that keeps the rows whose `field` is the value picked; "All" keeps every row."""
    return alt.selection_point(
        name=name,
        fields=[field],
        bind=alt.binding_select(options=[None, *values], labels=["All", *values], name=f"{label} "),
    )


def pick_menu(name: str, values: list[str], label: str, value: str | None = None,
              labels: list[str] | None = None) -> alt.Parameter:
    """A drop-down holding one of `values` (default the first; `labels` are what it shows), for charts to filter on."""
    return alt.param(name=name, value=value or values[0],
                     bind=alt.binding_select(options=values, labels=labels or values, name=f"{label} "))


def view_toggle(name: str, options: dict[str, str]) -> alt.Parameter:
    """Radio buttons holding one of `options` (value: label), the first picked; layers show for the one picked."""
    return alt.param(name=name, value=next(iter(options)),
                     bind=alt.binding_radio(options=list(options), labels=list(options.values()), name="Show "))


def share_with_band(base: alt.Chart, picked: alt.Parameter, tooltip: list[alt.Tooltip],
                    share: str = "share_pytorch", axis: alt.Axis = SHARE_AXIS) -> tuple[alt.Chart, alt.Chart]:
    """A share as a line over its 95 % interval as a band (two layers); what the legend did not pick fades."""
    band = base.mark_area().encode(
        y=alt.Y("ci_low:Q", axis=axis, scale=SHARE_SCALE),
        y2="ci_high:Q",
        opacity=alt.when(picked).then(alt.value(0.12)).otherwise(alt.value(0.02)),
    )
    line = base.mark_line(point=True).transform_calculate(interval=INTERVAL).encode(
        y=alt.Y(f"{share}:Q", axis=axis, scale=SHARE_SCALE),
        opacity=alt.when(picked).then(alt.value(1.0)).otherwise(alt.value(0.15)),
        tooltip=tooltip,
    )
    return band, line
