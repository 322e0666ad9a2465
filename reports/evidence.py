"""The numbers that the claims and the scorecard weigh, each the answer of one query on the views:
shares pooled over a window with their Wilson interval, and the matched experiment comparisons."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports.queries import rows

# Adoption data names PyTorch by its name, the experiments by its package.
PACKAGE = {"pytorch": "torch", "tensorflow": "tensorflow"}
EAGER = "eager"

# Per venue, its latest year with a paper that uses exactly one side ($year: that year instead).
VENUE_SHARES_SQL = """\
SELECT venue, year, field, papers, texts_ok, pytorch_only, tensorflow_only, "both", jax,
       share_pytorch, ci_low, ci_high
FROM paper_framework_share
WHERE profile = $profile AND pytorch_only + tensorflow_only > 0
QUALIFY year = coalesce(CAST($year AS INTEGER), max(year) OVER (PARTITION BY venue))
ORDER BY venue"""

# Per venue, its latest year from $first to $last (either may be NULL: no bound) with such a paper.
VENUE_SHARES_BETWEEN_SQL = """\
SELECT venue, year, pytorch_only, tensorflow_only, share_pytorch, ci_low, ci_high
FROM paper_framework_share
WHERE profile = $profile AND pytorch_only + tensorflow_only > 0
  AND year >= coalesce(CAST($first AS INTEGER), year) AND year <= coalesce(CAST($last AS INTEGER), year)
QUALIFY year = max(year) OVER (PARTITION BY venue)
ORDER BY venue"""

RESEARCH_POOLED_SQL = f"""\
WITH latest AS (
{VENUE_SHARES_SQL}
), pooled AS (
    SELECT count(*) AS venues, min(year) AS first_year, max(year) AS last_year, sum(texts_ok) AS texts_ok,
           sum(pytorch_only) AS pytorch_only, sum(tensorflow_only) AS tensorflow_only, sum("both") AS "both",
           sum(jax) AS jax
    FROM latest
)
SELECT *,
       pytorch_only / nullif(pytorch_only + tensorflow_only, 0) AS share_pytorch,
       wilson_low(pytorch_only, pytorch_only + tensorflow_only) AS ci_low,
       wilson_high(pytorch_only, pytorch_only + tensorflow_only) AS ci_high,
       (pytorch_only + "both") / texts_ok AS pytorch_use,
       wilson_low(pytorch_only + "both", texts_ok) AS pytorch_use_low,
       wilson_high(pytorch_only + "both", texts_ok) AS pytorch_use_high,
       (tensorflow_only + "both") / texts_ok AS tensorflow_use,
       wilson_low(tensorflow_only + "both", texts_ok) AS tensorflow_use_low,
       wilson_high(tensorflow_only + "both", texts_ok) AS tensorflow_use_high,
       jax / texts_ok AS jax_use,
       wilson_low(jax, texts_ok) AS jax_use_low,
       wilson_high(jax, texts_ok) AS jax_use_high
FROM pooled"""

# A source's postings over its latest $months months ($year: over that calendar year instead).
JOB_WINDOW_SQL = """\
WITH window_months AS (
    SELECT * FROM job_framework_share
    WHERE source = $source
    QUALIFY CASE WHEN CAST($year AS INTEGER) IS NULL
                 THEN month > max(month) OVER () - to_months(CAST($months AS INTEGER))
                 ELSE year(month) = $year END
), pooled AS (
    SELECT count(*) AS months, min(month) AS first_month, max(month) AS last_month, sum(posts) AS posts,
           sum(pytorch) AS pytorch, sum(tensorflow) AS tensorflow, sum(keras) AS keras, sum(jax) AS jax,
           sum(pytorch_only) AS pytorch_only, sum(tensorflow_only) AS tensorflow_only
    FROM window_months
)
SELECT *,
       pytorch_only + tensorflow_only AS decided,
       pytorch_only / nullif(pytorch_only + tensorflow_only, 0) AS share_pytorch,
       wilson_low(pytorch_only, pytorch_only + tensorflow_only) AS ci_low,
       wilson_high(pytorch_only, pytorch_only + tensorflow_only) AS ci_high,
       pytorch / posts AS pytorch_use, wilson_low(pytorch, posts) AS pytorch_use_low,
       wilson_high(pytorch, posts) AS pytorch_use_high,
       tensorflow / posts AS tensorflow_use, wilson_low(tensorflow, posts) AS tensorflow_use_low,
       wilson_high(tensorflow, posts) AS tensorflow_use_high,
       jax / posts AS jax_use, wilson_low(jax, posts) AS jax_use_low, wilson_high(jax, posts) AS jax_use_high
FROM pooled"""

# A community source's final months, as JOB_WINDOW_SQL: PyTorch against TensorFlow.
COMMUNITY_WINDOW_SQL = """\
WITH window_months AS (
    SELECT * FROM community_framework_share
    WHERE source = $source AND final
    QUALIFY CASE WHEN CAST($year AS INTEGER) IS NULL
                 THEN month > max(month) OVER () - to_months(CAST($months AS INTEGER))
                 ELSE year(month) = $year END
), pooled AS (
    SELECT count(DISTINCT month) AS months, min(month) AS first_month, max(month) AS last_month,
           coalesce(sum(count) FILTER (WHERE framework = 'pytorch'), 0) AS pytorch,
           coalesce(sum(count) FILTER (WHERE framework = 'tensorflow'), 0) AS tensorflow
    FROM window_months
)
SELECT *,
       pytorch + tensorflow AS decided,
       pytorch / nullif(pytorch + tensorflow, 0) AS share_pytorch,
       wilson_low(pytorch, pytorch + tensorflow) AS ci_low,
       wilson_high(pytorch, pytorch + tensorflow) AS ci_high
FROM pooled"""

PUBLISHED_SQL = """\
SELECT metric, framework, value, qualifier, as_of, citation, url
FROM article_figures
WHERE metric = $metric
ORDER BY framework"""

# Per source and framework: its share of the frameworks' total over the latest $months final months,
# and over the $months before them.
COMMUNITY_TREND_SQL = """\
WITH final AS (
    SELECT *, max(month) OVER (PARTITION BY source) AS last_month
    FROM community_framework_share WHERE final
), windows AS (
    SELECT source, framework, last_month,
           sum(count) FILTER (WHERE month > last_month - to_months(CAST($months AS INTEGER))) AS recent,
           sum(count) FILTER (WHERE month <= last_month - to_months(CAST($months AS INTEGER))
                              AND month > last_month - to_months(2 * CAST($months AS INTEGER))) AS earlier
    FROM final
    GROUP BY ALL
)
SELECT source, framework, last_month, recent, earlier,
       recent / nullif(sum(recent) OVER (PARTITION BY source), 0) AS recent_share,
       earlier / nullif(sum(earlier) OVER (PARTITION BY source), 0) AS earlier_share
FROM windows
ORDER BY source, framework"""

# Which framework a TensorFlow/PyTorch step-time ratio favours: one whose 95 % interval lies wholly above 1
# says PyTorch, wholly below 1 TensorFlow; an interval that holds 1 says neither.
FASTER_BY_INTERVAL = """CASE WHEN {low} > 1 THEN 'pytorch' WHEN {high} < 1 THEN 'tensorflow' ELSE 'neither' END"""

# TensorFlow's step time over PyTorch's in blocks timed one right after the other, per configuration and
# pair of modes, with which framework it favours.
SPEED_RATIO_SQL = f"""\
SELECT workload, phase, device, device_name, precision, batch_size, tensorflow_mode, torch_mode, ratio, ci_low,
       ci_high, rel_error, pairs, {FASTER_BY_INTERVAL.format(low="ci_low", high="ci_high")} AS faster, measured_at
FROM framework_speed_ratio
ORDER BY workload, phase, device, precision, batch_size, tensorflow_mode, torch_mode"""

# Per configuration measured in both frameworks, and proven the same model first: each framework's
# fastest mode, its eager and fastest graph (non-eager) step time, and the memory of its fastest mode.
# Which is faster comes from the paired ratio of those two modes (speed_ratio: TensorFlow's step time over
# PyTorch's, above 1 PyTorch is faster) and its 95 % interval; where the two were not timed taking turns
# (runs before paired timing), paired is false and the ratio is that of the separately timed medians,
# without an interval.
MATCHED_SQL = f"""\
WITH measured AS (
    SELECT * FROM experiment_summary WHERE status = 'ok' AND equivalent
), best AS (
    SELECT workload, device, device_name, precision, phase, batch_size, framework,
           min(step_ms_median) AS best_ms,
           arg_min(mode, step_ms_median) AS best_mode,
           arg_min(peak_mem_mb, step_ms_median) AS best_mem_mb,
           min(step_ms_median) FILTER (WHERE mode = '{EAGER}') AS eager_ms,
           min(step_ms_median) FILTER (WHERE mode <> '{EAGER}') AS graph_ms,
           arg_min(mode, step_ms_median) FILTER (WHERE mode <> '{EAGER}') AS graph_mode
    FROM measured
    GROUP BY ALL
)
SELECT t.workload, t.device, t.device_name, t.precision, t.phase, t.batch_size,
       t.best_mode AS torch_mode, t.best_ms AS torch_ms, t.best_mem_mb AS torch_mem_mb,
       t.eager_ms AS torch_eager_ms,
       f.best_mode AS tensorflow_mode, f.best_ms AS tensorflow_ms, f.best_mem_mb AS tensorflow_mem_mb,
       f.graph_mode AS tensorflow_graph_mode, f.graph_ms AS tensorflow_graph_ms,
       r.ratio IS NOT NULL AS paired,
       coalesce(r.ratio, f.best_ms / t.best_ms) AS speed_ratio,
       r.ci_low AS speed_ci_low, r.ci_high AS speed_ci_high, r.pairs AS speed_pairs,
       CASE WHEN r.ratio IS NOT NULL THEN {FASTER_BY_INTERVAL.format(low="r.ci_low", high="r.ci_high")}
            WHEN t.best_ms < f.best_ms THEN 'pytorch' WHEN f.best_ms < t.best_ms THEN 'tensorflow'
            ELSE 'neither' END AS faster
FROM best t
JOIN best f ON f.framework = '{PACKAGE["tensorflow"]}' AND (f.workload, f.device, f.precision, f.phase, f.batch_size)
     = (t.workload, t.device, t.precision, t.phase, t.batch_size) AND f.device_name IS NOT DISTINCT FROM t.device_name
LEFT JOIN framework_speed_ratio r ON (r.workload, r.device, r.precision, r.phase, r.batch_size)
     = (t.workload, t.device, t.precision, t.phase, t.batch_size) AND r.device_name IS NOT DISTINCT FROM t.device_name
     AND r.tensorflow_mode = f.best_mode AND r.torch_mode = t.best_mode
WHERE t.framework = '{PACKAGE["pytorch"]}'
ORDER BY t.workload, t.device, t.precision, t.phase, t.batch_size"""

# Each graph mode against eager in the same framework and configuration: the step time it saves, what
# compiling costs beyond eager's own first call, and so the steps after which compiling has paid off.
PAYOFF_SQL = f"""\
WITH measured AS (
    SELECT * FROM experiment_summary WHERE status = 'ok'
)
SELECT c.workload, c.framework, c.mode, c.device, c.device_name, c.precision, c.phase, c.batch_size,
       e.step_ms_median AS eager_ms, c.step_ms_median AS step_ms,
       e.step_ms_median / c.step_ms_median AS speedup,
       greatest(c.compile_s - e.compile_s, 0) AS compile_s,
       CASE WHEN c.step_ms_median < e.step_ms_median
            THEN ceil(1000 * greatest(c.compile_s - e.compile_s, 0) / (e.step_ms_median - c.step_ms_median))
       END AS payoff_steps
FROM measured c
JOIN measured e ON e.mode = '{EAGER}' AND (e.workload, e.framework, e.device, e.precision, e.phase, e.batch_size)
     = (c.workload, c.framework, c.device, c.precision, c.phase, c.batch_size)
     AND e.device_name IS NOT DISTINCT FROM c.device_name
WHERE c.mode <> '{EAGER}'
ORDER BY c.workload, c.framework, c.mode, c.device, c.precision, c.phase, c.batch_size"""


def venue_shares_between(con: duckdb.DuckDBPyConnection, profile: str, first: int | None,
                         last: int | None) -> pd.DataFrame:
    """Each venue's PyTorch share in its latest year from `first` to `last`; empty when there is none."""
    return _or_empty(rows(con, VENUE_SHARES_BETWEEN_SQL, {"profile": profile, "first": first, "last": last}))


def research_pooled(con: duckdb.DuckDBPyConnection, profile: str) -> pd.Series | None:
    """The papers of every venue's latest year together; None when no paper uses exactly one side."""
    found = rows(con, RESEARCH_POOLED_SQL, {"profile": profile, "year": None})
    return None if found is None or found["venues"].iloc[0] == 0 else found.iloc[0]


def job_window(con: duckdb.DuckDBPyConnection, source: str, months: int, year: int | None = None) -> pd.Series | None:
    """A source's postings pooled over its latest `months` months (or over `year`); None without any."""
    return _window(rows(con, JOB_WINDOW_SQL, {"source": source, "months": months, "year": year}))


def community_window(con: duckdb.DuckDBPyConnection, source: str, months: int,
                     year: int | None = None) -> pd.Series | None:
    """A community source's final months pooled, PyTorch against TensorFlow; None without any."""
    return _window(rows(con, COMMUNITY_WINDOW_SQL, {"source": source, "months": months, "year": year}))


def community_trend(con: duckdb.DuckDBPyConnection, months: int) -> pd.DataFrame:
    return _or_empty(rows(con, COMMUNITY_TREND_SQL, {"months": months}))


def published(con: duckdb.DuckDBPyConnection, metric: str) -> pd.DataFrame | None:
    """The article's own figures for `metric`, one row per framework."""
    return rows(con, PUBLISHED_SQL, {"metric": metric})


def matched(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _or_empty(rows(con, MATCHED_SQL))


def speed_ratios(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """Every paired TensorFlow/PyTorch ratio; None when this warehouse has no framework_speed_ratio."""
    return rows(con, SPEED_RATIO_SQL)


def payoff(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _or_empty(rows(con, PAYOFF_SQL))


def relation(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame | None:
    """Every row of a measurement relation; None when this warehouse does not have it."""
    return rows(con, relation_sql(name))


def relation_sql(name: str) -> str:
    return f'SELECT * FROM "{name}"'


def _window(found: pd.DataFrame | None) -> pd.Series | None:
    if found is None or found["months"].iloc[0] == 0:
        return None
    return found.iloc[0]


def _or_empty(found: pd.DataFrame | None) -> pd.DataFrame:
    return pd.DataFrame() if found is None else found
