"""The article's claims judged against the warehouse: claims.toml lists them, and one rule per kind of
evidence answers whether each holds now (and, where the data reach back, whether it held in the
article's year). The verdict follows from those two answers alone (`verdict`)."""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

import duckdb
import pandas as pd

from reports import evidence, wording

CLAIMS_FILE = resources.files("reports") / "claims.toml"

HOLDS = "holds"
NO_LONGER_HOLDS = "no longer holds"
DOES_NOT_HOLD = "does not hold"
NOT_MEASURED = "not measured"
VERDICTS = (HOLDS, NO_LONGER_HOLDS, DOES_NOT_HOLD, NOT_MEASURED)

NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}
RIVAL = {"pytorch": "tensorflow", "tensorflow": "pytorch"}


@dataclass(frozen=True)
class Claim:
    id: str
    list: str
    topic: str
    claim: str
    side: str
    rule: str | None = None
    params: dict = field(default_factory=dict)
    unmeasured: str | None = None  # why no data can settle a claim without a rule


@dataclass(frozen=True)
class Evidence:
    """What a rule found: `now` is None when it found nothing to judge by (`missing` says what);
    `then` is the same test in the article's year, where the data reach back; `behind` is the id of
    the figure or table on the page that shows the rows."""

    now: bool | None
    supporting: list[str] = field(default_factory=list)
    opposing: list[str] = field(default_factory=list)
    behind: str | None = None
    then: bool | None = None
    missing: str | None = None


@dataclass(frozen=True)
class Judgement:
    claim: Claim
    verdict: str
    evidence: Evidence
    rule: str  # the rule in words, its thresholds filled in


@dataclass(frozen=True)
class Rule:
    judge: Callable[..., Evidence]
    statement: str  # formatted with the claim's params and the names _statement adds


def load_claims() -> list[Claim]:
    return [Claim(**entry) for entry in tomllib.loads(CLAIMS_FILE.read_text(encoding="utf-8"))["claims"]]


def judge(con: duckdb.DuckDBPyConnection, claims: list[Claim] | None = None) -> list[Judgement]:
    judged = []
    for claim in load_claims() if claims is None else claims:
        if claim.rule is None:
            judged.append(Judgement(claim, NOT_MEASURED, Evidence(None, missing=claim.unmeasured), "none"))
            continue
        rule = RULES[claim.rule]
        found = rule.judge(con, **claim.params)
        judged.append(Judgement(claim, verdict(found.now, found.then), found, _statement(rule, claim.params)))
    return judged


def verdict(now: bool | None, then: bool | None) -> str:
    if now is None:
        return NOT_MEASURED
    if now:
        return HOLDS
    return NO_LONGER_HOLDS if then else DOES_NOT_HOLD


def research_majority(con, favours: str, profile: str, above: float, article_year: int) -> Evidence:
    """Per venue, the favoured side's share in its latest year, judged by its interval's lower end."""
    behind = "paper-shares"
    latest = evidence.venue_shares(con, profile)
    if latest.empty:
        return Evidence(None, behind=behind, missing=(
            f"No paper read under profile {profile} uses exactly one of PyTorch and TensorFlow."))
    now, supporting, opposing = _venues_above(latest, favours, above)
    earlier = evidence.venue_shares(con, profile, article_year)
    held = None
    if not earlier.empty:
        held, in_favour, _ = _venues_above(earlier, favours, above)
        (supporting if held else opposing).append(
            f"In {article_year}, {len(in_favour)} of {len(earlier)} venues were above {wording.percent(above)}.")
    return Evidence(now, supporting, opposing, behind, then=held)


def job_lead(con, favours: str, source: str, months: int, above: float, article_year: int,
             published: str | None = None) -> Evidence:
    return _pair_lead(
        con, "job-share", favours, above, article_year, published, f"{source} postings naming one side only",
        lambda year=None: evidence.job_window(con, source, months, year),
    )


def community_lead(con, favours: str, source: str, months: int, above: float, article_year: int,
                   published: str | None = None) -> Evidence:
    return _pair_lead(
        con, "community", favours, above, article_year, published, f"{source} counts of PyTorch and TensorFlow",
        lambda year=None: evidence.community_window(con, source, months, year),
    )


def eager_parity(con, within: float, majority: float) -> Evidence:
    """PyTorch eager against TensorFlow's fastest graph mode, configuration by configuration."""
    behind = "step-time"
    matched = evidence.matched(con)
    if not matched.empty:
        matched = matched[matched["torch_eager_ms"].notna() & matched["tensorflow_graph_ms"].notna()]
    if matched.empty:
        return Evidence(None, behind=behind, missing=(
            "No configuration was measured both in PyTorch eager and in a TensorFlow graph mode "
            "with the two models proven the same."))
    ratio = matched["torch_eager_ms"] / matched["tensorflow_graph_ms"]
    close = ratio <= within
    median = f"median ratio {ratio.median():.2f}"
    return Evidence(
        bool(close.mean() > majority),
        [f"{close.sum()} of {len(close)} configurations: PyTorch eager takes at most {within:.2f}× "
         f"TensorFlow's fastest graph mode's step time ({median})."] if close.any() else [],
        [f"{(~close).sum()} of {len(close)} configurations: PyTorch eager is slower than that "
         f"({median})."] if (~close).any() else [],
        behind,
    )


def graph_speedup(con, min_speedup: float, majority: float, framework: str | None = None) -> Evidence:
    """Per configuration, the fastest graph or compiled mode against eager in the same framework."""
    behind = "compile-payoff"
    payoff = evidence.payoff(con)
    if framework is not None and not payoff.empty:
        payoff = payoff[payoff["framework"] == evidence.PACKAGE[framework]]
    if payoff.empty:
        who = f"{NAMES[framework]} " if framework else ""
        return Evidence(None, behind=behind, missing=(
            f"No configuration was measured both eager and in a {who}graph or compiled mode."))
    keys = ["workload", "framework", "device", "device_name", "precision", "phase", "batch_size"]
    best = payoff.groupby(keys, dropna=False)["speedup"].max()
    faster = best >= min_speedup
    median = f"median best speed-up {best.median():.2f}×"
    return Evidence(
        bool(faster.mean() > majority),
        [f"{faster.sum()} of {len(best)} configurations: the fastest graph mode is at least "
         f"{min_speedup:.2f}× as fast as eager ({median})."] if faster.any() else [],
        [f"{(~faster).sum()} of {len(best)} configurations: it is not ({median})."] if (~faster).any() else [],
        behind,
    )


def head_to_head(con, favours: str, relation: str, metric: str, better: str, match: list[str],
                 majority: float, exclude: dict | None = None, label: str | None = None) -> Evidence:
    """The favoured framework's `metric` against its rival's in each configuration both were measured in,
    each framework at its best there (a framework may offer several ways, e.g. distribution strategies;
    `label` names the column that says which way). Rows matching `exclude` ({column: value}) are no
    configuration, e.g. the single-process baselines."""
    found = evidence.relation(con, relation)
    if found is None or found.empty:
        return Evidence(None, behind=relation, missing=f"No {relation} measurements in this warehouse.")
    exclude = exclude or {}
    if lacking := _lacking(found, ["framework", metric, *match, *exclude, *([label] if label else [])]):
        return Evidence(None, behind=relation, missing=f"{relation} has no {lacking} column.")
    for column, value in exclude.items():
        found = found[found[column] != value]
    found = found[found[metric].notna()]
    mine, theirs = evidence.PACKAGE[favours], evidence.PACKAGE[RIVAL[favours]]
    groups = found.groupby([*match, "framework"])[metric]
    best = found.loc[groups.idxmax() if better == "higher" else groups.idxmin()].set_index([*match, "framework"])
    table = best[metric].unstack("framework")
    if mine not in table or theirs not in table or table[[mine, theirs]].dropna().empty:
        return Evidence(None, behind=relation, missing=(
            f"No configuration of {relation} was measured in both PyTorch and TensorFlow."))
    both = table[[mine, theirs]].dropna()
    wins = both[mine] > both[theirs] if better == "higher" else both[mine] < both[theirs]
    names = {mine: NAMES[favours], theirs: NAMES[RIVAL[favours]]}

    def side(config: tuple, package: str) -> str:
        row = best.loc[(*config, package)]
        return f"{names[package]} {wording.number(row[metric])}" + (f" ({row[label]})" if label else "")

    def lines(won: pd.Series, winner: str, loser: str, what: str) -> list[str]:
        if not won.any():
            return []
        configs = [config if isinstance(config, tuple) else (config,) for config in both.index[won]]
        return [f"{won.sum()} of {len(won)} configurations: {what}.",
                *[f"{', '.join(map(str, config))}: {side(config, winner)} against {side(config, loser)}."
                  for config in configs]]

    return Evidence(
        bool(wins.mean() > majority),
        lines(wins, mine, theirs, f"{names[mine]} has the {better} {metric}"),
        lines(~wins, theirs, mine, f"{names[theirs]} has the {better} or equal {metric}"),
        relation,
    )


def capability(con, favours: str, relation: str) -> Evidence:
    """Whether the favoured framework manages what its rival does not, by the attempts in `relation`."""
    found = evidence.relation(con, relation)
    if found is None or found.empty:
        return Evidence(None, behind=relation, missing=f"No {relation} attempts in this warehouse.")
    if lacking := _lacking(found, ["framework", "status"]):
        return Evidence(None, behind=relation, missing=f"{relation} has no {lacking} column.")
    # A "not run" (a package missing on this machine) says nothing of what the framework can do.
    tried = {
        name: found[(found["framework"] == evidence.PACKAGE[name]) & (found["status"] != "not_run")]["status"]
        for name in (favours, RIVAL[favours])
    }
    if any(attempts.empty for attempts in tried.values()):
        return Evidence(None, behind=relation, missing=(
            f"{relation} was not tried in both PyTorch and TensorFlow."))
    supporting, opposing = [], []
    for name, attempts in tried.items():
        succeeded = int((attempts == "ok").sum())
        line = f"{NAMES[name]}: {succeeded} of {len(attempts)} attempts succeeded."
        # Success argues for the claim on the favoured side, against it on the rival's.
        (supporting if (succeeded > 0) == (name == favours) else opposing).append(line)
    works = {name: bool((attempts == "ok").any()) for name, attempts in tried.items()}
    return Evidence(works[favours] and not works[RIVAL[favours]], supporting, opposing, relation)


RULES = {
    "research_majority": Rule(research_majority, (
        "Holds if {favoured}'s share of the papers using one side only, in each venue's latest year "
        "(profile {profile}), has its 95 % interval above {above:.0%} at more than half of the venues. "
        "Otherwise it no longer holds if that was so in {article_year}, else it does not hold.")),
    "job_lead": Rule(job_lead, (
        "Holds if {favoured}'s share of the {source} postings naming one side only, over the latest "
        "{months} months, has its 95 % interval above {above:.0%}. Otherwise it no longer holds if that "
        "was so in {article_year}{fallback}, else it does not hold.")),
    "community_lead": Rule(community_lead, (
        "Holds if {favoured}'s share of the {source} counts of the two, over the latest {months} final "
        "months, has its 95 % interval above {above:.0%}. Otherwise it no longer holds if that was so in "
        "{article_year}{fallback}, else it does not hold.")),
    "eager_parity": Rule(eager_parity, (
        "Holds if PyTorch eager's median step time is at most {within:.2f}× that of TensorFlow's fastest "
        "graph mode in more than {majority:.0%} of the configurations measured in both with equal models.")),
    "graph_speedup": Rule(graph_speedup, (
        "Holds if {framework_name}the fastest graph or compiled mode is at least {min_speedup:.2f}× as fast "
        "as eager in more than {majority:.0%} of the configurations measured both ways.")),
    "head_to_head": Rule(head_to_head, (
        "Holds if {favoured}, at its best, has the {better} {metric} in more than {majority:.0%} of the "
        "{relation} configurations measured in both frameworks{excluding}.")),
    "capability": Rule(capability, (
        "Holds if {favoured} succeeded in at least one {relation} attempt and {rival} in none, "
        "both having been tried.")),
}


def _statement(rule: Rule, params: dict) -> str:
    favours = params.get("favours")
    framework = params.get("framework")
    return rule.statement.format(
        **params,
        favoured=NAMES.get(favours, ""),
        rival=NAMES.get(RIVAL.get(favours), ""),
        framework_name=f"in {NAMES[framework]}, " if framework else "",
        fallback=" (or, without data from then, by the article's own figures)" if params.get("published") else "",
        excluding="".join(f", leaving out {column} = {value}" for column, value in params.get("exclude", {}).items()),
    )


def _lacking(found: pd.DataFrame, columns: list[str]) -> str:
    """The columns a rule reads that a measurement relation does not have, named for people."""
    return " or ".join(column for column in columns if column not in found.columns)


def _venues_above(shares: pd.DataFrame, favours: str, above: float) -> tuple[bool, list[str], list[str]]:
    """Whether most venues have the favoured side's interval above `above`; the venues that do and don't."""
    share, low, high = _favoured(shares, favours)
    lines = [
        f"{row.venue} {row.year}: {wording.percent(s)} ({wording.interval(lo, hi)})"
        for row, s, lo, hi in zip(shares.itertuples(), share, low, high)
    ]
    is_above = list(low > above)
    in_favour = [line for line, yes in zip(lines, is_above) if yes]
    against = [line for line, yes in zip(lines, is_above) if not yes]
    return len(in_favour) > len(lines) / 2, in_favour, against


def _pair_lead(con, behind: str, favours: str, above: float, article_year: int, published: str | None,
               counted: str, window: Callable) -> Evidence:
    """The favoured side's share of a pooled window, judged by its interval's lower end; in the
    article's year from the same data or, without any, from the article's own figures."""
    latest = window()
    if latest is None or latest.decided == 0:
        return Evidence(None, behind=behind, missing=f"No {counted} yet.")
    now, line = _window_line(latest, favours, above, counted)
    supporting, opposing = ([line], []) if now else ([], [line])
    earlier = window(article_year)
    if earlier is not None and earlier.decided > 0:
        held, line = _window_line(earlier, favours, above, counted)
    elif published is not None:
        held, line = _published_lead(con, published, favours)
    else:
        held = None
    if held is not None:
        (supporting if held else opposing).append(line)
    return Evidence(now, supporting, opposing, behind, then=held)


def _window_line(window: pd.Series, favours: str, above: float, counted: str) -> tuple[bool, str]:
    share, low, high = _favoured(window, favours)
    return bool(low > above), (
        f"{wording.month(window.first_month)} to {wording.month(window.last_month)}: {NAMES[favours]} "
        f"{wording.percent(share)} ({wording.interval(low, high)}) of {wording.count(window.decided)} {counted}."
    )


def _published_lead(con, metric: str, favours: str) -> tuple[bool | None, str]:
    figures = evidence.published(con, metric)
    if figures is None or set(figures["framework"]) < {favours, RIVAL[favours]}:
        return None, ""
    value = dict(zip(figures["framework"], figures["value"]))
    qualifier = dict(zip(figures["framework"], figures["qualifier"]))
    as_of = figures["as_of"].iloc[0]
    said = " and ".join(
        f"{qualifier[name]} {wording.count(value[name])} for {NAMES[name]}" for name in (favours, RIVAL[favours]))
    return bool(value[favours] > value[RIVAL[favours]]), f"The article counted {said} (as of {wording.day(as_of)})."


def _favoured(rows, favours: str):
    """The favoured side's share and interval, from PyTorch's (TensorFlow's is its complement)."""
    if favours == "pytorch":
        return rows["share_pytorch"], rows["ci_low"], rows["ci_high"]
    return 1 - rows["share_pytorch"], 1 - rows["ci_high"], 1 - rows["ci_low"]
