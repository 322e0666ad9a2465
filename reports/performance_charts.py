"""Altair charts of the matched TensorFlow/PyTorch experiments: step time by execution mode, the two
frameworks' step-time ratio timed block by block, what compiling costs against what it saves, and peak memory."""
from __future__ import annotations

import altair as alt
import pandas as pd

from reports.style import (
    FRAMEWORK_COLORS,
    FRAMEWORK_LEGEND,
    HEIGHT,
    LABEL_LIMIT,
    MODE_LEGEND,
    STACKED_LEGENDS,
    framework_scale,
    named_legend,
    pick_menu,
)

# Without the workload, which the menu picks, a configuration reads as phase, device and batch.
SETUP = ("datum.phase + ' · ' + datum.device + ' ' + datum.precision + ' · batch ' + datum.batch_size")
VARIANT = "datum.framework + ' ' + datum.mode"
# A chart embeds only the columns it draws or shows: 1,000 configurations weigh on the page.
CONFIGURATION = ["workload", "framework", "mode", "phase", "device", "precision", "batch_size", "device_name"]
STEP_COLUMNS = [*CONFIGURATION, "step_ms_median", "step_ms_p90", "throughput", "compile_s", "tflops", "equivalent"]
MEMORY_COLUMNS = [*CONFIGURATION, "peak_mem_mb"]
# What names one measured configuration, first in every performance tooltip.
CONFIGURATION_TOOLTIP = [
    alt.Tooltip("workload:N", title="Workload"),
    alt.Tooltip("framework:N", title="Framework"),
    alt.Tooltip("mode:N", title="Mode"),
    alt.Tooltip("phase:N", title="Phase"),
    alt.Tooltip("precision:N", title="Precision"),
    alt.Tooltip("batch_size:Q", title="Batch size"),
]
ENVIRONMENT_TOOLTIP = [alt.Tooltip("device_name:N", title="Device")]


def step_time_chart(summary: pd.DataFrame) -> alt.LayerChart:
    """Median step time (dot) up to the 90th percentile (rule) of each framework and mode, per
    configuration of the workload the menu picks, on a log axis since configurations differ by orders
    of magnitude."""
    median = alt.X("step_ms_median:Q", title="Step time (ms, log scale)", scale=alt.Scale(type="log"))
    menu = _workload_menu(summary, "step_workload")
    base = _per_configuration(summary[STEP_COLUMNS], menu)
    spread = base.mark_rule().encode(x=median, x2="step_ms_p90:Q")
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=median,
        shape=alt.Shape("mode:N", title="Mode", legend=MODE_LEGEND),
        tooltip=[
            *CONFIGURATION_TOOLTIP,
            alt.Tooltip("device:N", title="Device kind"),
            alt.Tooltip("step_ms_median:Q", title="Median step (ms)", format=".2f"),
            alt.Tooltip("step_ms_p90:Q", title="p90 step (ms)", format=".2f"),
            alt.Tooltip("throughput:Q", title="Throughput (samples/s)", format=",.0f"),
            alt.Tooltip("compile_s:Q", title="Compile (s)", format=".2f"),
            alt.Tooltip("tflops:Q", title="TFLOP/s", format=".2f"),
            alt.Tooltip("equivalent:N", title="Outputs match"),
            *ENVIRONMENT_TOOLTIP,
        ],
    )
    return alt.layer(spread, dots).add_params(menu).configure_legend(layout=STACKED_LEGENDS).properties(
        title=alt.Title("Step time by execution mode",
                        subtitle=["Median (dot) to 90th percentile (rule)", "The menu picks the workload"]),
        width="container",
    )


# The side a ratio's interval favours (evidence.FASTER_BY_INTERVAL), its colour and its name in the legend.
FASTER_COLORS = {"pytorch": FRAMEWORK_COLORS["pytorch"], "tensorflow": FRAMEWORK_COLORS["tensorflow"],
                 "neither": "#999999"}
FASTER_LEGEND = named_legend({"pytorch": "PyTorch faster", "tensorflow": "TensorFlow faster",
                              "neither": "Neither (the interval holds 1)"})
MODE_PAIR = "datum.tensorflow_mode + ' / ' + datum.torch_mode"


def speed_ratio_chart(ratios: pd.DataFrame) -> alt.LayerChart:
    """TensorFlow's step time over PyTorch's (dot) with its 95 % interval (rule) per configuration and pair of
    modes of the workload the menu picks, on a log axis around the dashed line at 1 where the two are even."""
    # Around 1 whatever the ratios, so that the dashed line where the two are even always shows.
    low = min(ratios["ci_low"].fillna(ratios["ratio"]).min(), 1) / 1.1
    high = max(ratios["ci_high"].fillna(ratios["ratio"]).max(), 1) * 1.1
    scale = alt.Scale(type="log", domain=[low, high], nice=False)
    ratio = alt.X("ratio:Q", title="TensorFlow / PyTorch step time (×, log scale)", scale=scale)
    menu = _workload_menu(ratios, "ratio_workload")
    base = (
        alt.Chart(ratios)
        .transform_filter(alt.datum.workload == menu)
        .transform_calculate(setup=SETUP, modes=MODE_PAIR)
        .encode(
            y=alt.Y("setup:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            yOffset=alt.YOffset("modes:N"),
            color=alt.Color("faster:N", title="Which is faster",
                            scale=alt.Scale(domain=list(FASTER_COLORS), range=list(FASTER_COLORS.values())),
                            legend=FASTER_LEGEND),
        )
    )
    spread = base.mark_rule().encode(x=alt.X("ci_low:Q", scale=scale), x2="ci_high:Q")
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=ratio,
        shape=alt.Shape("modes:N", title="TensorFlow mode / PyTorch mode",
                        legend=alt.Legend(orient="bottom", columns=2, symbolOpacity=1)),
        tooltip=[
            alt.Tooltip("workload:N", title="Workload"),
            alt.Tooltip("phase:N", title="Phase"),
            alt.Tooltip("precision:N", title="Precision"),
            alt.Tooltip("batch_size:Q", title="Batch size"),
            alt.Tooltip("tensorflow_mode:N", title="TensorFlow mode"),
            alt.Tooltip("torch_mode:N", title="PyTorch mode"),
            alt.Tooltip("ratio:Q", title="TensorFlow / PyTorch step time", format=".2f"),
            alt.Tooltip("ci_low:Q", title="95 % interval from", format=".2f"),
            alt.Tooltip("ci_high:Q", title="95 % interval to", format=".2f"),
            alt.Tooltip("pairs:Q", title="Pairs of blocks", format=","),
            *ENVIRONMENT_TOOLTIP,
        ],
    )
    even = alt.Chart().mark_rule(strokeDash=[4, 4], color="#000000").encode(x=alt.datum(1))
    return alt.layer(spread, dots, even).add_params(menu).configure_legend(layout=STACKED_LEGENDS).properties(
        title=alt.Title("TensorFlow / PyTorch step time, timed block by block",
                        subtitle=["Median ratio (dot) and its 95 % interval (rule)",
                                  "Right of the dashed line PyTorch is faster", "The menu picks the workload"]),
        width="container",
    )


def memory_chart(summary: pd.DataFrame) -> alt.Chart:
    """Peak memory of each framework and mode, per configuration of the workload the menu picks."""
    menu = _workload_menu(summary, "memory_workload")
    return (
        _per_configuration(summary[MEMORY_COLUMNS], menu)
        .mark_bar()
        .encode(
            x=alt.X("peak_mem_mb:Q", title="Peak memory (MB)"),
            tooltip=[
                *CONFIGURATION_TOOLTIP,
                alt.Tooltip("peak_mem_mb:Q", title="Peak memory (MB)", format=",.0f"),
                *ENVIRONMENT_TOOLTIP,
            ],
        )
        .add_params(menu)
        .properties(
            title=alt.Title("Peak memory", subtitle=["While the variant was built and warmed up",
                                                     "The menu picks the workload"]),
            width="container",
        )
    )


def payoff_chart(payoff: pd.DataFrame) -> alt.LayerChart:
    """Each graph or compiled mode's speed-up over eager against what compiling cost beyond eager's
    first call; the tooltip tells after how many steps the compile has paid for itself."""
    frameworks = sorted(payoff["framework"].unique())
    picked = alt.selection_point(name="pick_payoff_framework", fields=["framework"], bind="legend")
    points = (
        alt.Chart(payoff)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("compile_s:Q", title="Compile cost beyond eager (s)"),
            y=alt.Y("speedup:Q", title="Speed-up over eager (×, log scale)", scale=alt.Scale(type="log")),
            color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks),
                            legend=FRAMEWORK_LEGEND),
            shape=alt.Shape("mode:N", title="Mode", legend=MODE_LEGEND),
            opacity=alt.when(picked).then(alt.value(1.0)).otherwise(alt.value(0.15)),
            tooltip=[
                *CONFIGURATION_TOOLTIP,
                alt.Tooltip("device:N", title="Device kind"),
                alt.Tooltip("device_name:N", title="Device"),
                alt.Tooltip("eager_ms:Q", title="Eager step (ms)", format=".2f"),
                alt.Tooltip("step_ms:Q", title="Step in this mode (ms)", format=".2f"),
                alt.Tooltip("speedup:Q", title="Speed-up", format=".2f"),
                alt.Tooltip("compile_s:Q", title="Compile cost (s)", format=".2f"),
                alt.Tooltip("payoff_steps:Q", title="Steps until it pays off", format=","),
            ],
        )
        .add_params(picked)
    )
    break_even = alt.Chart().mark_rule(strokeDash=[4, 4], color="#000000").encode(y=alt.datum(1))
    return alt.layer(points, break_even).configure_legend(layout=STACKED_LEGENDS).properties(
        title=alt.Title("Compile cost against steady-state speed-up",
                        subtitle=["Above the dashed line compiling speeds steps up",
                                  "The tooltip says after how many steps it pays off"]),
        width="container", height=HEIGHT,
    )


def _per_configuration(summary: pd.DataFrame, menu: alt.Parameter) -> alt.Chart:
    """One row per configuration of the picked workload, a line per framework and mode within it."""
    frameworks = sorted(summary["framework"].unique())
    return (
        alt.Chart(summary)
        .transform_filter(alt.datum.workload == menu)
        .transform_calculate(setup=SETUP, variant=VARIANT)
        .encode(
            y=alt.Y("setup:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            yOffset=alt.YOffset("variant:N"),
            color=alt.Color("framework:N", title="Framework", scale=framework_scale(frameworks),
                            legend=FRAMEWORK_LEGEND),
        )
    )


def _workload_menu(summary: pd.DataFrame, name: str) -> alt.Parameter:
    workloads = sorted(summary["workload"].unique())
    return pick_menu(name, workloads, "Workload")
