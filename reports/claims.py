"""The article's claims judged against the warehouse: claims.toml lists them, and one rule per kind of
evidence answers whether each holds now (and, where the data or a sourced fact reach back, whether it held
in the article's time). The verdict follows from those two answers alone (`verdict`). A claim of several
parts is judged on each; the conclusion on the verdicts of the claims it rests on."""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources

import duckdb
import pandas as pd

from reports import evidence, queries, wording

CLAIMS_FILE = resources.files("reports") / "claims.toml"

HOLDS = "holds"
NO_LONGER_HOLDS = "held in the article's time but no longer"
DOES_NOT_HOLD = "does not hold"
NOT_MEASURED = "not measurable"
VERDICTS = (HOLDS, NO_LONGER_HOLDS, DOES_NOT_HOLD, NOT_MEASURED)

NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "torch": "PyTorch"}
RIVAL = {"pytorch": "tensorflow", "tensorflow": "pytorch"}
EAGER = evidence.EAGER
# Changes after which no mode is expected to compile: the first input, and the first input fed again.
NOT_A_CHANGE = ("initial", "first_input_again")


@dataclass(frozen=True)
class Claim:
    id: str
    group: str
    side: str
    claim: str
    quote: str
    rule: str | None = None
    params: dict = field(default_factory=dict)
    parts: list[dict] = field(default_factory=list)  # each {label, rule, params}: judged one by one
    rests_on: list[str] = field(default_factory=list)  # the ids of the claims a conclusion summarises
    unmeasured: str | None = None  # why no data can settle a claim without a rule, and what would
    source: str | None = None  # where a claim not of the article comes from


@dataclass(frozen=True)
class Evidence:
    """What a rule found: `now` is None when it found nothing to judge by (`missing` says what); `then` is
    the same test in the article's time, where the data or a sourced fact reach back; `rows` are the rows
    the rule read, with headings for people; `links` point at other claims' rows on the page."""

    now: bool | None
    supporting: list[str] = field(default_factory=list)
    opposing: list[str] = field(default_factory=list)
    then: bool | None = None
    missing: str | None = None
    rows: pd.DataFrame | None = None
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Judgement:
    claim: Claim
    verdict: str
    evidence: Evidence
    rule: str  # the rule in words, its thresholds filled in
    sql: list[str] = field(default_factory=list)  # the statements the rule read, with their parameters


@dataclass(frozen=True)
class Rule:
    judge: Callable[..., Evidence]
    statement: str  # formatted with the claim's params and the names _statement adds


def load_claims() -> list[Claim]:
    return [Claim(**entry) for entry in tomllib.loads(CLAIMS_FILE.read_text(encoding="utf-8"))["claims"]]


def anchor(claim_id: str) -> str:
    """The id of a claim's row on the page: `TF+1` -> `claim-tfplus1`, `TF-1` -> `claim-tfminus1`."""
    return "claim-" + claim_id.lower().replace("+", "plus").replace("-", "minus")


def judge(con: duckdb.DuckDBPyConnection, claims: list[Claim] | None = None) -> list[Judgement]:
    """Each claim judged; a conclusion judges the claims it rests on too, whether listed or not."""
    every = {claim.id: claim for claim in load_claims()}
    judged: dict[str, Judgement] = {}

    def one(claim: Claim) -> Judgement:
        if claim.id not in judged:
            judged[claim.id] = _judge_one(con, claim, [one(every[i]) for i in claim.rests_on])
        return judged[claim.id]

    return [one(claim) for claim in (every.values() if claims is None else claims)]


def _judge_one(con, claim: Claim, rested: list[Judgement]) -> Judgement:
    with queries.recording() as read:
        judged = _judge_by_rule(con, claim, rested)
    return replace(judged, sql=read)


def _judge_by_rule(con, claim: Claim, rested: list[Judgement]) -> Judgement:
    if claim.rests_on:
        found = composite(rested)
        statement = COMPOSITE_RULE
    elif claim.parts:
        found = _parts(con, claim.parts)
        statement = " ".join(f"{part['label']}: {_statement(RULES[part['rule']], part['params'])}"
                             for part in claim.parts) + " The claim holds only if every part does."
    elif claim.rule:
        found = RULES[claim.rule].judge(con, **claim.params)
        statement = _statement(RULES[claim.rule], claim.params)
    else:
        return Judgement(claim, NOT_MEASURED, Evidence(None, missing=claim.unmeasured), "none")
    return Judgement(claim, verdict(found.now, found.then), found, statement)


def verdict(now: bool | None, then: bool | None) -> str:
    if now is None:
        return NOT_MEASURED
    if now:
        return HOLDS
    return NO_LONGER_HOLDS if then else DOES_NOT_HOLD


def _parts(con, parts: list[dict]) -> Evidence:
    """Every part judged: the claim holds if all do, fails if one does (held then if each failing part held
    then), and is not measurable otherwise."""
    found = [(part["label"], RULES[part["rule"]].judge(con, **part["params"])) for part in parts]
    nows = [e.now for _, e in found]
    failing = [e for e in (e for _, e in found) if e.now is False]
    now = False if failing else (None if None in nows else True)
    then = all(e.then for e in failing) if failing else None
    missing = "; ".join(f"{label}: {e.missing.rstrip('.')}" for label, e in found if e.now is None) + "."
    rows = [e.rows.assign(Part=label) for label, e in found if e.rows is not None and not e.rows.empty]
    return Evidence(
        now,
        [f"{label}: {line}" for label, e in found for line in e.supporting],
        [f"{label}: {line}" for label, e in found for line in e.opposing],
        then, missing if now is None else None,
        pd.concat(rows, ignore_index=True)[["Part", *rows[0].columns.drop("Part")]] if rows else None,
    )


COMPOSITE_RULE = ("Holds if more than half of the claims it rests on that could be judged hold; held in the "
                  "article's time but no longer if more than half of them held then; otherwise it does not hold.")


def composite(rested: list[Judgement]) -> Evidence:
    """A conclusion by the verdicts of the claims it summarises, each linked to its row."""
    links = [j.claim.id for j in rested]
    judged = [j for j in rested if j.verdict != NOT_MEASURED]
    if not judged:
        return Evidence(None, missing=f"None of the claims it rests on ({', '.join(links)}) could be judged.",
                        links=links)
    holding = [j for j in judged if j.verdict == HOLDS]
    held = [j for j in judged if j.verdict in (HOLDS, NO_LONGER_HOLDS)]
    lines = {j.claim.id: f"{j.claim.id} {j.verdict}." for j in rested}
    return Evidence(
        len(holding) > len(judged) / 2,
        [lines[j.claim.id] for j in holding],
        [lines[j.claim.id] for j in rested if j.verdict != HOLDS],
        then=len(held) > len(judged) / 2,
        links=links,
    )


def venue_lead(con, favours: str, profile: str, years: str, year: int, above: float, majority: float,
               min_venues: int) -> Evidence:
    """Per venue, the favoured side's share in its latest year before (or after) `year`, judged by its
    interval's lower end; fewer than `min_venues` venues are too few to judge."""
    first, last = (None, year - 1) if years == "before" else (year + 1, None)
    shares = evidence.venue_shares_between(con, profile, first, last)
    if len(shares) < min_venues:
        return Evidence(None, missing=(
            f"{len(shares)} venues have papers {years} {year} naming exactly one of PyTorch and TensorFlow "
            f"(profile {profile}); at least {min_venues} are needed."))
    share, low, high = _favoured(shares, favours)
    is_above = low > above
    lines = [f"{row.venue} {row.year}: {NAMES[favours]} {wording.percent(s)} ({wording.interval(lo, hi)})"
             for row, s, lo, hi in zip(shares.itertuples(), share, low, high)]
    rows = pd.DataFrame({
        "Venue": shares["venue"].map(wording.venue), "Year": shares["year"].astype(str),
        "Papers naming one side": (shares["pytorch_only"] + shares["tensorflow_only"]).map(wording.count),
        f"{NAMES[favours]} share": share.map(wording.percent), "95 % interval": list(map(wording.interval, low, high)),
    })
    return Evidence(bool(is_above.mean() > majority),
                    [line for line, yes in zip(lines, is_above) if yes],
                    [line for line, yes in zip(lines, is_above) if not yes], rows=rows)


def research_ahead_of_industry(con, profile: str, source: str, months: int) -> Evidence:
    """PyTorch's share of papers (every venue's latest year) against its share of job postings."""
    research = evidence.research_pooled(con, profile)
    jobs = evidence.job_window(con, source, months)
    if research is None or jobs is None or jobs.decided == 0:
        return Evidence(None, missing=(
            f"It needs papers (profile {profile}) and {wording.source(source)} postings naming exactly one side."))
    line = (f"PyTorch's share: research {wording.percent(research.share_pytorch)} "
            f"({wording.interval(research.ci_low, research.ci_high)}), {wording.source(source)} postings "
            f"{wording.percent(jobs.share_pytorch)} ({wording.interval(jobs.ci_low, jobs.ci_high)}).")
    ahead = bool(research.ci_low > jobs.ci_high)
    rows = pd.DataFrame([
        {"Where": f"Papers, each venue's latest year ({research.venues} venues)",
         "Naming one side": wording.count(research.pytorch_only + research.tensorflow_only),
         "PyTorch share": wording.percent(research.share_pytorch),
         "95 % interval": wording.interval(research.ci_low, research.ci_high)},
        {"Where": f"{wording.source(source)} postings, {wording.month(jobs.first_month)} to "
                  f"{wording.month(jobs.last_month)}",
         "Naming one side": wording.count(jobs.decided), "PyTorch share": wording.percent(jobs.share_pytorch),
         "95 % interval": wording.interval(jobs.ci_low, jobs.ci_high)},
    ])
    return Evidence(ahead, [line] if ahead else [], [] if ahead else [line], rows=rows)


def job_lead(con, favours: str, source: str, months: int, above: float, article_year: int,
             published: str | None = None) -> Evidence:
    return _pair_lead(
        con, favours, above, article_year, published, f"{wording.source(source)} postings naming one side only",
        lambda year=None: evidence.job_window(con, source, months, year),
    )


def community_lead(con, favours: str, source: str, months: int, above: float, article_year: int,
                   published: str | None = None) -> Evidence:
    return _pair_lead(
        con, favours, above, article_year, published, f"{wording.source(source)} counts of PyTorch and TensorFlow",
        lambda year=None: evidence.community_window(con, source, months, year),
    )


def origins(con, years: dict[str, int]) -> Evidence:
    """Each framework's first upload to PyPI against the year the article gives. PyPI bounds a first release
    from above only: an upload before the article's year refutes it, a later one does not."""
    found = evidence.relation(con, "framework_origins")
    if found is None or set(years) - set(found["framework"]):
        return Evidence(None, missing="No PyPI release history of both frameworks (fwtrends community fetches it).")
    first = dict(zip(found["framework"], found["first_upload_at"]))
    supporting, opposing = [], []
    for name, claimed in years.items():
        row = found[found["framework"] == name].iloc[0]
        said = (f"{NAMES[name]}: first upload to PyPI {wording.day(row.first_upload_at)} ({row.first_version}, of "
                f"{wording.count(row.releases)} releases; PyPI answered on {wording.day(row.response_date)})")
        uploaded = pd.Timestamp(row.first_upload_at).year
        if uploaded < claimed:
            opposing.append(f"{said}: before the article's {claimed}.")
        elif uploaded == claimed:
            supporting.append(f"{said}: in the article's {claimed}.")
        else:
            supporting.append(f"{said}: after the article's {claimed}, which PyPI cannot refute: {row.history_note}")
    in_order = first["tensorflow"] < first["pytorch"]
    (supporting if in_order else opposing).append(
        f"TensorFlow reached PyPI {'before' if in_order else 'after'} PyTorch.")
    rows = pd.DataFrame({
        "Framework": found["framework"].map(wording.framework), "Package": found["package"],
        "First release on PyPI": found["first_version"], "Uploaded": found["first_upload_at"].map(wording.day),
        "Releases": found["releases"].map(wording.count), "Article's year": found["framework"].map(
            lambda name: str(years.get(name, wording.MISSING))),
        "PyPI answered on": found["response_date"].map(wording.day), "Note": found["history_note"].map(wording.text),
    })
    return Evidence(not opposing, supporting, opposing, rows=rows)


def execution_modes(con, article_time: str) -> Evidence:
    """Which execution modes each framework ran in, and whether TensorFlow ran eagerly: its default today,
    the mode that is the plain call, with no tf.function or compiler around it."""
    modes = _measured(con, "recompilation_cost")
    if modes is None or set(modes["framework"]) < {"torch", "tensorflow"}:
        return Evidence(None, missing="The execution modes were not measured in both frameworks.")
    by_framework = modes.groupby("framework")["mode"].agg(lambda m: sorted(set(m), key=lambda x: (x != EAGER, x)))
    lines = {name: f"{NAMES[name]} ran {', '.join(map(wording.mode, found))}; eager is the default (the plain call)."
             for name, found in by_framework.items()}
    torch_dynamic = EAGER in by_framework["torch"]
    tensorflow_static_only = EAGER not in by_framework["tensorflow"]
    rows = pd.DataFrame({"Framework": by_framework.index.map(wording.framework),
                         "Modes measured": [", ".join(map(wording.mode, m)) for m in by_framework],
                         "Default": [wording.mode(EAGER) if EAGER in m else wording.MISSING for m in by_framework]})
    return Evidence(
        torch_dynamic and tensorflow_static_only,
        [lines["torch"]] * torch_dynamic + [lines["tensorflow"]] * tensorflow_static_only,
        [lines["torch"]] * (not torch_dynamic) + [lines["tensorflow"]] * (not tensorflow_static_only)
        + [f"In the article's time: {article_time}"] * (not tensorflow_static_only),
        then=True, rows=rows)


def recompilation(con, modes: list[str], recompiles: bool, majority: float, framework: str | None = None,
                  article_time: str | None = None) -> Evidence:
    """How many of the changes of input made `modes` compile again, by the frameworks' own counters."""
    changes = _changes(con, framework, modes)
    if changes is None:
        who = f"{NAMES[framework]} " if framework else ""
        return Evidence(None, missing=f"No change of input was measured in {who}{', '.join(map(wording.mode, modes))}.")
    compiled = changes["compiles"].fillna(0) > 0
    now = bool(compiled.mean() > majority) if recompiles else not compiled.any()
    line = (f"{compiled.sum()} of {len(compiled)} changes of input made {', '.join(map(wording.mode, modes))} "
            f"compile again.")
    said_then = [f"In the article's time: {article_time}"] if article_time else []
    return Evidence(now, [line] if now else [], ([] if now else [line]) + said_then,
                    then=True if article_time else None, rows=_change_rows(changes))


def change_cost(con, majority: float) -> Evidence:
    """Whether a change of input costs the graph and compiled modes more than eager at the same change."""
    changes = _changes(con, None, None)
    if changes is not None:
        changes = changes[(changes["mode"] != EAGER) & changes["extra_compile_s"].notna()]
    if changes is None or changes.empty:
        return Evidence(None, missing="No change of input was measured in a graph mode beside eager.")
    costlier = changes["extra_compile_s"] > 0
    line = (f"{costlier.sum()} of {len(costlier)} changes cost a graph or compiled mode more than eager "
            f"(median {wording.number(changes['extra_compile_s'].median())} s more; median break-even "
            f"{wording.payoff_steps(changes['break_even_steps'].median())} steps).")
    now = bool(costlier.mean() > majority)
    return Evidence(now, [line] if now else [], [] if now else [line], rows=_change_rows(changes))


def frozen_speedup(con, min_speedup: float, majority: float) -> Evidence:
    """Inference at one fixed input in each graph or compiled mode against eager."""
    found = evidence.relation(con, "recompilation_cost")
    if found is not None and not found.empty:
        found = found[found["frozen_infer_speedup"].notna()].drop_duplicates(
            ["framework", "workload", "mode", "device"])
    if found is None or found.empty:
        return Evidence(None, missing="No inference was measured both eager and in a graph mode at a fixed input.")
    faster = found["frozen_infer_speedup"] >= min_speedup
    line = (f"{faster.sum()} of {len(faster)} graph or compiled modes run inference at least {min_speedup:.2f}× as "
            f"fast as eager (median {wording.times(found['frozen_infer_speedup'].median())}).")
    now = bool(faster.mean() > majority)
    rows = pd.DataFrame({
        "Framework": found["framework"].map(wording.framework), "Workload": found["workload"],
        "Mode": found["mode"].map(wording.mode), "Device": found["device"].map(wording.device),
        "Batch": found["frozen_batch_size"].map(wording.count),
        "Speed-up on eager": found["frozen_infer_speedup"].map(wording.times),
    })
    return Evidence(now, [line] if now else [], [] if now else [line], rows=rows)


def manual_placement(con, framework: str) -> Evidence:
    """Whether every data-parallel strategy of `framework` places things on devices by hand, counted from the
    code; the documented way of its 1.x versions says whether it did in the article's time."""
    found = evidence.relation(con, "device_placement")
    if found is not None:
        found = found[found["framework"] == framework]
    code = None if found is None else found[(found["kind"] == "code") & (found["status"] == "ok")]
    if code is None or code.empty:
        return Evidence(None, missing=f"No {NAMES[framework]} strategy's placements were counted.")
    documented = found[(found["kind"] == "documented") & (found["placements"] > 0)]
    manual = code["placements"] > 0
    lines = [f"{row.name}: {wording.count(row.placements)} placements by hand." for row in code.itertuples()]
    then_lines = [f"In the article's time ({row.name}): {wording.text(row.fact)}" for row in documented.itertuples()]
    rows = pd.DataFrame({
        "Strategy": found["name"], "Kind": found["kind"].map({"code": "counted in our code", "documented":
                                                             "documented for TensorFlow 1.x"}),
        "Placements by hand": found["placements"].map(wording.count), "Source": found["source"].map(wording.text),
    })
    return Evidence(bool(manual.all()), [line for line, yes in zip(lines, manual) if yes] + then_lines,
                    [line for line, yes in zip(lines, manual) if not yes],
                    then=True if not documented.empty else None, rows=rows)


def more_features(con, tool: str, rival: str) -> Evidence:
    """The features of the article's list each tool showed (written and read back, from any framework)."""
    found = _tried_features(con)
    if found is None or not {tool, rival} <= set(found["tool"]):
        return Evidence(None, missing=f"{tool} and {rival} were not both tried.")
    supported = {name: sorted(set(found[(found["tool"] == name) & (found["status"] == "supported")]["feature"]))
                 for name in (tool, rival)}
    line = "; ".join(f"{name}: {len(features)} features ({', '.join(map(_label, features)) or 'none'})"
                     for name, features in supported.items()) + "."
    now = len(supported[tool]) > len(supported[rival])
    return Evidence(now, [line] if now else [], [] if now else [line], rows=_feature_rows(found))


def tool_features(con, tool: str, framework: str, features: list[str], lacks: bool = False) -> Evidence:
    """Whether `tool`, written from `framework`, showed every feature listed (with `lacks`: not all of them)."""
    found = _tried_features(con)
    if found is not None:
        found = found[(found["tool"] == tool) & (found["framework"] == framework) & found["feature"].isin(features)]
    if found is None or set(features) - set(found["feature"]):
        return Evidence(None, missing=f"{tool} from {NAMES[framework]} was not tried at every feature listed.")
    shown = found.groupby("feature")["status"].agg(lambda s: (s == "supported").any())
    every = bool(shown.all())
    has = [f"{tool} from {NAMES[framework]} shows {_label(f)}." for f in features if shown[f]]
    lacking = [f"{tool} from {NAMES[framework]} does not show {_label(f)}." for f in features if not shown[f]]
    supporting, opposing = (lacking, has) if lacks else (has, lacking)
    return Evidence(not every if lacks else every, supporting, opposing, rows=_feature_rows(found))


def own_server(con, framework: str, has: bool) -> Evidence:
    """Whether the framework's own serving product (not a general web framework) served its model here with
    outputs equal to the model's."""
    found = evidence.relation(con, "serving_comparison")
    if found is not None:
        found = found[(found["framework"] == framework) & found["framework_product"].fillna(False).astype(bool)]
    if found is None or found.empty:
        return Evidence(None, missing=f"No serving product of {NAMES[framework]}'s own was tried.")
    tried = found[found["status"] != "not_run"]
    if tried.empty:
        said = "; ".join(sorted({f"{row.server}: {wording.outcome(row.status, row.reason)}"
                                 for row in found.itertuples()}))
        return Evidence(None, missing=f"{said}.", rows=_server_rows(found))
    served = tried[(tried["status"] == "ok") & tried["outputs_match"].fillna(False).astype(bool)]
    line = (f"{', '.join(sorted(set(served['server'])))} served {NAMES[framework]}'s model with equal outputs "
            f"at {wording.count(served['concurrency'].nunique())} concurrency levels." if not served.empty else
            f"{', '.join(sorted(set(tried['server'])))} did not serve {NAMES[framework]}'s model with equal outputs.")
    now = served.empty != has
    return Evidence(now, [line] if now else [], [] if now else [line], rows=_server_rows(found))


def on_device(con, framework: str) -> Evidence:
    """Whether the framework's model ran in its on-device format with outputs equal to the original's."""
    found = evidence.relation(con, "mobile_export")
    if found is not None:
        found = found[(found["framework"] == framework) & (found["status"] != "not_run")]
    if found is None or found.empty:
        return Evidence(None, missing=f"{NAMES[framework]}'s on-device export was not tried.")
    ran = found[(found["status"] == "ok") & found["outputs_match"].fillna(False).astype(bool)]
    lines = [f"{wording.export_format(row.format)}, {row.workload}: {wording.outcome(row.status, row.reason)}, "
             f"outputs match {wording.yes_no(row.outputs_match)}, {wording.number(row.latency_ms)} ms a call."
             for row in found.itertuples()]
    ok = list((found["status"] == "ok") & found["outputs_match"].fillna(False).astype(bool))
    rows = pd.DataFrame({
        "Framework": found["framework"].map(wording.framework), "Format": found["format"].map(wording.export_format),
        "Workload": found["workload"], "Outcome": list(map(wording.outcome, found["status"], found["reason"])),
        "Outputs match": found["outputs_match"].map(wording.yes_no), "Latency (ms)": found["latency_ms"].map(
            wording.number)})
    return Evidence(not ran.empty, [line for line, yes in zip(lines, ok) if yes],
                    [line for line, yes in zip(lines, ok) if not yes], rows=rows)


def debugging(con, harder: str) -> Evidence:
    """A proxy for how hard debugging is: over each framework's modes, the share whose error names the bug's
    line, then the median frames of framework code above it. `harder` is harder if it names the line less
    often, or as often with more framework frames in the way."""
    found = _measured(con, "debugging_errors")
    package, rival = evidence.PACKAGE[harder], evidence.PACKAGE[RIVAL[harder]]
    if found is None or not {package, rival} <= set(found["framework"]):
        return Evidence(None, missing="The same bug was not raised in both frameworks.")
    by = found.groupby("framework").agg(names=("names_bug_line", "mean"), frames=("framework_frames", "median"))
    mine, theirs = by.loc[package], by.loc[rival]
    is_harder = mine.names < theirs.names or (mine.names == theirs.names and mine.frames > theirs.frames)
    line = "; ".join(f"{NAMES[name]}: the error names the bug's line in {wording.percent(by.loc[name].names)} of "
                     f"its modes, median {wording.number(by.loc[name].frames, 0)} framework frames above it"
                     for name in (package, rival)) + "."
    rows = pd.DataFrame({
        "Framework": found["framework"].map(wording.framework), "Mode": found["mode"].map(wording.mode),
        "Error": found["error_type"].map(wording.text), "Names the bug's line": found["names_bug_line"].map(
            wording.yes_no), "Framework frames above it": found["framework_frames"].map(wording.count)})
    return Evidence(bool(is_harder), [line] if is_harder else [], [] if is_harder else [line], rows=rows)


def head_to_head(con, favours: str, relation: str, metric: str, better: str, match: list[str],
                 majority: float, exclude: dict | None = None, label: str | None = None) -> Evidence:
    """The favoured framework's `metric` against its rival's in each configuration both were measured in,
    each framework at its best there (a framework may offer several ways, e.g. distribution strategies;
    `label` names the column that says which way). Rows matching `exclude` ({column: value}) are no
    configuration, e.g. the single-process baselines."""
    found = evidence.relation(con, relation)
    if found is None or found.empty:
        return Evidence(None, missing=f"No {relation} measurements in this warehouse.")
    exclude = exclude or {}
    if lacking := _lacking(found, ["framework", metric, *match, *exclude, *([label] if label else [])]):
        return Evidence(None, missing=f"{relation} has no {lacking} column.")
    for column, value in exclude.items():
        found = found[found[column] != value]
    found = found[found[metric].notna()]
    mine, theirs = evidence.PACKAGE[favours], evidence.PACKAGE[RIVAL[favours]]
    groups = found.groupby([*match, "framework"])[metric]
    best = found.loc[groups.idxmax() if better == "higher" else groups.idxmin()].set_index([*match, "framework"])
    table = best[metric].unstack("framework")
    if mine not in table or theirs not in table or table[[mine, theirs]].dropna().empty:
        return Evidence(None, missing=(
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
        rows=_best_rows(best.reset_index(), [*match, "framework", *([label] if label else []), metric]),
    )


RULES = {
    "venue_lead": Rule(venue_lead, (
        "{favoured}'s share of the papers naming one side only (profile {profile}), in each venue's latest year "
        "{years} {year}, has its 95 % interval above {above:.0%} at more than {majority:.0%} of at least "
        "{min_venues} venues.")),
    "research_ahead_of_industry": Rule(research_ahead_of_industry, (
        "Holds if PyTorch's share of the papers naming one side only (profile {profile}, each venue's latest "
        "year) has its 95 % interval wholly above that of its share of the {source} postings over the latest "
        "{months} months.")),
    "job_lead": Rule(job_lead, (
        "Holds if {favoured}'s share of the {source} postings naming one side only, over the latest "
        "{months} months, has its 95 % interval above {above:.0%}. Otherwise it held in the article's time if "
        "that was so in {article_year}{fallback}, else it does not hold.")),
    "community_lead": Rule(community_lead, (
        "Holds if {favoured}'s share of the {source} counts of the two, over the latest {months} final "
        "months, has its 95 % interval above {above:.0%}. Otherwise it held in the article's time if that was "
        "so in {article_year}{fallback}, else it does not hold.")),
    "origins": Rule(origins, (
        "Holds if no framework's first upload to PyPI comes before the article's year for it and TensorFlow "
        "reached PyPI before PyTorch. PyPI bounds a first release from above only: a later upload does not "
        "refute the article.")),
    "execution_modes": Rule(execution_modes, (
        "Holds if PyTorch ran eagerly (dynamic graphs) and TensorFlow only in graph modes; if TensorFlow ran "
        "eagerly too, it held in the article's time (TensorFlow 1.x) but no longer.")),
    "recompilation": Rule(recompilation, (
        "{framework_name}{modes_named} {recompile_test} of the changes of input (batch size, sequence length, "
        "dtype), counted by the framework's own counter.")),
    "change_cost": Rule(change_cost, (
        "A change of input costs the graph or compiled mode more first-call time than eager at the same change "
        "in more than {majority:.0%} of the changes measured.")),
    "frozen_speedup": Rule(frozen_speedup, (
        "The graph or compiled mode runs inference at one fixed input at least {min_speedup:.2f}× as fast as "
        "eager in more than {majority:.0%} of the modes measured.")),
    "head_to_head": Rule(head_to_head, (
        "{favoured}, at its best, has the {better} {metric} in more than {majority:.0%} of the "
        "{relation} configurations measured in both frameworks{excluding}.")),
    "manual_placement": Rule(manual_placement, (
        "Holds if every {framework_plain} data-parallel strategy we run places things on devices by hand "
        "(counted from its code); if one needs none, it held in the article's time where the 1.x documentation "
        "placed each tower by hand, else it does not hold.")),
    "more_features": Rule(more_features, (
        "Holds if {tool} showed more of the article's features (written, then read back) than {rival}.")),
    "tool_features": Rule(tool_features, (
        "Holds if {tool} written from {framework_plain} {features_test}: {features_named}, each written and "
        "read back.")),
    "own_server": Rule(own_server, (
        "Holds if {framework_plain}'s own serving product {server_test} its model here with outputs equal to "
        "the model's; a product not run here settles nothing.")),
    "on_device": Rule(on_device, (
        "Holds if {framework_plain}'s model ran in its on-device format with outputs equal to the original's.")),
    "debugging": Rule(debugging, (
        "A proxy: holds if, over its modes, {favoured_harder}'s error for the same shape bug names the bug's line "
        "less often than the other's, or as often with more framework frames above it.")),
}


def _statement(rule: Rule, params: dict) -> str:
    favours = params.get("favours")
    framework = params.get("framework")
    return rule.statement.format(
        **params,
        favoured=NAMES.get(favours, ""),
        framework_name=f"In {NAMES[framework]}, " if framework else "",
        framework_plain=NAMES.get(framework, ""),
        favoured_harder=NAMES.get(params.get("harder"), ""),
        modes_named=", ".join(map(wording.mode, params.get("modes", ()))),
        recompile_test=("compile again at more than {:.0%}".format(params.get("majority", 0)) if params.get(
            "recompiles") else "compile again at none"),
        features_test="lacks at least one of" if params.get("lacks") else "shows every one of",
        features_named=", ".join(map(_label, params.get("features", ()))),
        server_test="served" if params.get("has") else "did not serve",
        fallback=" (or, without data from then, by the article's own figures)" if params.get("published") else "",
        excluding="".join(f", leaving out {column} = {value}" for column, value in params.get("exclude", {}).items()),
    )


def _label(name: str) -> str:
    """A feature or change as people read it: `profiler_trace` -> `profiler trace`."""
    return name.replace("_", " ")


def _measured(con, relation: str) -> pd.DataFrame | None:
    """A relation's rows measured (status ok); None when there are none."""
    found = evidence.relation(con, relation)
    if found is None or "status" not in found:
        return None
    found = found[found["status"] == "ok"]
    return None if found.empty else found


def _changes(con, framework: str | None, modes: list[str] | None) -> pd.DataFrame | None:
    changes = _measured(con, "recompilation_cost")
    if changes is None:
        return None
    changes = changes[~changes["change"].isin(NOT_A_CHANGE)]
    if framework is not None:
        changes = changes[changes["framework"] == evidence.PACKAGE.get(framework, framework)]
    if modes is not None:
        changes = changes[changes["mode"].isin(modes)]
    return None if changes.empty else changes


def _change_rows(changes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Framework": changes["framework"].map(wording.framework), "Workload": changes["workload"],
        "Mode": changes["mode"].map(wording.mode), "Change": changes["change"].map(_label),
        "Compiles": changes["compiles"].map(wording.count), "First call (s)": changes["first_call_s"].map(
            wording.number), "Beyond eager's (s)": changes["extra_compile_s"].map(wording.number),
    })


def _tried_features(con) -> pd.DataFrame | None:
    found = evidence.relation(con, "visualisation_matrix")
    if found is None:
        return None
    found = found[found["status"] != "not_run"]
    return None if found.empty else found


def _feature_rows(found: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Tool": found["tool"], "Written from": found["framework"].map(wording.framework),
        "Feature": found["feature"].map(_label), "Outcome": found["status"].map(_label),
        "Why": found["reason"].map(wording.text), "Read back": found["read_back"].map(wording.count),
    })


def _server_rows(found: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Server": found["server"], "Framework": found["framework"].map(wording.framework),
        "Clients at once": found["concurrency"].map(wording.count),
        "Outcome": list(map(wording.outcome, found["status"], found["reason"])),
        "Outputs match": found["outputs_match"].map(wording.yes_no), "p50 (ms)": found["p50_ms"].map(wording.number),
        "p99 (ms)": found["p99_ms"].map(wording.number), "Maintenance": found["maintenance"].map(wording.text),
    })


def _best_rows(best: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Each framework's best row per configuration, headed and worded for people."""
    return pd.DataFrame({
        _label(column).capitalize(): best[column].map(wording.framework if column == "framework" else wording.text)
        for column in columns
    })


def _lacking(found: pd.DataFrame, columns: list[str]) -> str:
    """The columns a rule reads that a measurement relation does not have, named for people."""
    return " or ".join(column for column in columns if column not in found.columns)


def _pair_lead(con, favours: str, above: float, article_year: int, published: str | None, counted: str,
               window: Callable) -> Evidence:
    """The favoured side's share of a pooled window, judged by its interval's lower end; in the article's
    year from the same data or, without any, from the article's own figures, which are shown beside
    today's measurement and never judge it."""
    latest = window()
    figures = _published_rows(con, published)
    if latest is None or latest.decided == 0:
        return Evidence(None, missing=f"No {counted} yet.", rows=figures)
    now, line = _window_line(latest, favours, above, counted)
    supporting, opposing = ([line], []) if now else ([], [line])
    rows = [_window_row(latest, "measured here, latest", counted)]
    earlier = window(article_year)
    if earlier is not None and earlier.decided > 0:
        held, line = _window_line(earlier, favours, above, counted)
        rows.append(_window_row(earlier, f"measured here, {article_year}", counted))
    elif published is not None:
        held, line = _published_lead(con, published, favours)
    else:
        held = None
    if held is not None:
        (supporting if held else opposing).append(line)
    frames = [pd.DataFrame(rows), figures]
    return Evidence(now, supporting, opposing, then=held,
                    rows=pd.concat([f for f in frames if f is not None], ignore_index=True))


def _window_row(window: pd.Series, origin: str, counted: str) -> dict:
    return {"Figure": f"{counted}, {wording.month(window.first_month)} to {wording.month(window.last_month)}",
            "Origin": origin, "PyTorch": wording.count(window.pytorch_only if "pytorch_only" in window
                                                       else window.pytorch),
            "TensorFlow": wording.count(window.tensorflow_only if "tensorflow_only" in window else window.tensorflow),
            "PyTorch share": f"{wording.percent(window.share_pytorch)} ({wording.interval(window.ci_low, window.ci_high)})"}


def _published_rows(con, metric: str | None) -> pd.DataFrame | None:
    figures = None if metric is None else evidence.published(con, metric)
    if figures is None or figures.empty:
        return None
    value = dict(zip(figures["framework"], figures["value"]))
    qualifier = dict(zip(figures["framework"], figures["qualifier"]))
    return pd.DataFrame([{
        "Figure": f"{wording.metric(metric)}, as of {wording.day(figures['as_of'].iloc[0])}",
        "Origin": "published by the article, not measured here",
        "PyTorch": f"{qualifier.get('pytorch', '')} {wording.count(value.get('pytorch'))}".strip(),
        "TensorFlow": f"{qualifier.get('tensorflow', '')} {wording.count(value.get('tensorflow'))}".strip(),
        "PyTorch share": wording.MISSING,
    }])


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
