"""Pairing: a scorecard per framework that puts its adoption (research, jobs, community) next to its
measured performance, as one chart of shares and one table."""
from __future__ import annotations

import duckdb
import pandas as pd

from reports import charts, evidence, wording
from reports.page import Section, Table
from reports.queries import figure

ADOPTION_FRAMEWORKS = ["pytorch", "tensorflow", "jax"]
PAIR = ["pytorch", "tensorflow"]
JOB_SOURCE = "hn"
WINDOW_MONTHS = 12
INTRO = ("Each framework's adoption in research, jobs and communities next to its measured speed, every measure "
         "as a share.")
# The SQL shown beside the scorecard: every query it pools.
SCORECARD_SQL = "\n\n".join([
    evidence.RESEARCH_POOLED_SQL, evidence.JOB_WINDOW_SQL, evidence.COMMUNITY_TREND_SQL, evidence.MATCHED_SQL,
    evidence.PAYOFF_SQL,
])


def build(con: duckdb.DuckDBPyConnection, profile: str) -> Section:
    research = evidence.research_pooled(con, profile)
    jobs = evidence.job_window(con, JOB_SOURCE, WINDOW_MONTHS)
    community = evidence.community_trend(con, WINDOW_MONTHS)
    matched = evidence.matched(con)
    payoff = evidence.payoff(con)
    scores = pd.DataFrame(
        _research_scores(research, profile) + _job_scores(jobs) + _community_scores(community)
        + _performance_scores(matched),
        columns=["framework", "measure", "value", "ci_low", "ci_high", "detail"],
    )
    title = "Adoption and performance together"
    if scores.empty:
        return Section("pairing", title, (
            "Nothing to pair yet: no papers, job postings, community counts or experiments in the warehouse."),
            intro=INTRO)
    return Section("pairing", title, wording.scorecard_headline(research, jobs, JOB_SOURCE, matched), [
        figure("scorecard", charts.scorecard_chart(scores), scores, SCORECARD_SQL),
        _scorecard_table(scores, matched, payoff),
    ], intro=INTRO)


def _research_scores(research: pd.Series | None, profile: str) -> list[tuple]:
    if research is None:
        return []
    years = f"each venue's latest year, {research.first_year}–{research.last_year}, profile {profile}"
    uses = "Research: papers read that use it"
    one_side = "Research: of papers using PyTorch or TensorFlow only"
    decided = research.pytorch_only + research.tensorflow_only
    return [
        *[(name, uses, research[f"{name}_use"], research[f"{name}_use_low"], research[f"{name}_use_high"],
           f"of {wording.count(research.texts_ok)} papers read, {years}") for name in ADOPTION_FRAMEWORKS],
        *_pair_scores(research, one_side, f"of {wording.count(decided)} papers, {years}"),
    ]


def _job_scores(jobs: pd.Series | None) -> list[tuple]:
    if jobs is None:
        return []
    span = f"{wording.source(JOB_SOURCE)}, {wording.month(jobs.first_month)} to {wording.month(jobs.last_month)}"
    return [
        *[(name, "Jobs: postings that mention it", jobs[f"{name}_use"], jobs[f"{name}_use_low"],
           jobs[f"{name}_use_high"], f"of {wording.count(jobs.posts)} postings, {span}")
          for name in ADOPTION_FRAMEWORKS],
        *(_pair_scores(jobs, "Jobs: of postings naming one side only",
                       f"of {wording.count(jobs.decided)} postings, {span}") if jobs.decided else []),
    ]


def _community_scores(trend: pd.DataFrame) -> list[tuple]:
    if trend.empty:
        return []
    shown = trend[trend["framework"].isin(ADOPTION_FRAMEWORKS) & trend["recent_share"].notna()]
    return [
        (r.framework, f"Community ({wording.source(r.source)}): share of the frameworks' total", r.recent_share,
         None, None,
         f"{wording.count(r.recent)} in the {WINDOW_MONTHS} final months to {wording.month(r.last_month)}"
         f"{wording.change(r.recent_share, r.earlier_share, WINDOW_MONTHS)}")
        for r in shown.itertuples()
    ]


def _performance_scores(matched: pd.DataFrame) -> list[tuple]:
    """The share of the configurations measured in both where each framework is faster, by the paired
    ratio's interval (evidence.MATCHED_SQL's `faster`); those where neither is count for neither."""
    if matched.empty:
        return []
    tally = matched["faster"].value_counts()
    detail = (f"of {wording.count(len(matched))} configurations measured in both, each in its fastest mode; "
              f"level within the 95 % interval in {wording.count(tally.get('neither', 0))}{wording.unpaired(matched)}")
    return [
        ("pytorch", "Performance: faster in", tally.get("pytorch", 0) / len(matched), None, None, detail),
        ("tensorflow", "Performance: faster in", tally.get("tensorflow", 0) / len(matched), None, None, detail),
    ]


def _pair_scores(window: pd.Series, measure: str, detail: str) -> list[tuple]:
    """PyTorch's share of a pair and TensorFlow's, its complement (the interval mirrored)."""
    return [
        ("pytorch", measure, window.share_pytorch, window.ci_low, window.ci_high, detail),
        ("tensorflow", measure, 1 - window.share_pytorch, 1 - window.ci_high, 1 - window.ci_low, detail),
    ]


def _scorecard_table(scores: pd.DataFrame, matched: pd.DataFrame, payoff: pd.DataFrame) -> Table:
    """One row per measure, one column per framework, so that a phone shows it whole."""
    cells = {(r.framework, r.measure): r for r in scores.itertuples()}
    performance = _performance_by_framework(matched, payoff)
    return Table(
        "Scorecard",
        ["Measure", *[wording.framework(name) for name in ADOPTION_FRAMEWORKS]],
        [
            *[[measure, *[wording.score(cells.get((name, measure))) for name in ADOPTION_FRAMEWORKS]]
              for measure in dict.fromkeys(scores["measure"])],
            *[[measure, *[by_framework.get(name, wording.MISSING) for name in ADOPTION_FRAMEWORKS]]
              for measure, by_framework in performance.items()],
        ],
        note="Speeds and memory compare each framework's fastest mode in the configurations measured in both; "
             "a ratio above 1 favours the framework of the column. A framework is faster in a configuration when "
             "the 95 % interval of the two frameworks' step-time ratio, timed block by block in turns, lies "
             "wholly on its side of 1.",
        id="scorecard-table",
    )


def _performance_by_framework(matched: pd.DataFrame, payoff: pd.DataFrame) -> dict[str, dict[str, str]]:
    if matched.empty:
        return {}
    memory = matched["tensorflow_mem_mb"] / matched["torch_mem_mb"]
    return {
        "Performance: step time of the other against its own": _speed_against_the_other(matched),
        "Performance: compile pays off after (median steps)": {
            name: _median_payoff(payoff, evidence.PACKAGE[name]) for name in PAIR},
        "Performance: peak memory of the other against its own": {
            "pytorch": wording.times(memory.median()), "tensorflow": wording.times((1 / memory).median())},
    }


def _speed_against_the_other(matched: pd.DataFrame) -> dict[str, str]:
    """The other framework's step time over this one's: for one configuration its paired ratio with the
    interval, for several the median over them."""
    if len(matched) == 1:
        (r,) = matched.itertuples()
        return {
            "pytorch": wording.ratio_interval(r.speed_ratio, r.speed_ci_low, r.speed_ci_high, r.paired),
            "tensorflow": wording.ratio_interval(1 / r.speed_ratio, 1 / r.speed_ci_high, 1 / r.speed_ci_low,
                                                 r.paired),
        }
    alone = int((~matched["paired"].astype(bool)).sum())
    said = "" if alone == 0 else " (unpaired)" if alone == len(matched) else f" ({wording.count(alone)} unpaired)"
    of = f"median of {wording.count(len(matched))}{said}"
    return {
        "pytorch": f"{wording.times(matched['speed_ratio'].median())}, {of}",
        "tensorflow": f"{wording.times((1 / matched['speed_ratio']).median())}, {of}",
    }


def _median_payoff(payoff: pd.DataFrame, package: str) -> str:
    """Over the configurations where the framework's fastest graph mode beats eager, the median steps
    after which its compile has paid off."""
    mine = payoff[payoff["framework"] == package] if not payoff.empty else payoff
    if mine.empty:
        return wording.MISSING
    keys = ["workload", "device", "device_name", "precision", "phase", "batch_size"]
    fastest = mine.loc[mine.groupby(keys, dropna=False)["speedup"].idxmax()]
    return wording.payoff_steps(fastest["payoff_steps"].median())
