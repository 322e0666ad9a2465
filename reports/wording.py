"""How the numbers read on the page: percentages, intervals, counts, dates, and the headline sentences."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

MISSING = "–"
FRAMEWORK_NAMES = {"pytorch": "PyTorch", "torch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX", "keras": "Keras"}
PLURAL = {"holds": "hold", "does not hold": "do not hold"}
METRIC_NAMES = {"job_listings": "Job listings", "medium_articles": "Medium articles"}
VENUE_NAMES = {"NEURIPS": "NeurIPS"}
# The 2019 study's grouping of the venues (the `field` of warehouse/seeds/venues.csv).
FIELD_NAMES = {
    "vision": "Computer vision",
    "language": "Natural language processing",
    "general": "General machine learning",
    "other": "Other venues",
}
SOURCE_NAMES = {
    "hn": "Hacker News", "greenhouse": "Greenhouse", "lever": "Lever", "ashby": "Ashby",
    "stackoverflow": "Stack Overflow", "devto": "dev.to", "pypistats": "PyPI downloads", "github": "GitHub",
    "cvf": "CVF Open Access", "ecva": "ECVA", "acl": "ACL Anthology", "neurips": "NeurIPS proceedings",
    "pmlr": "PMLR", "openreview": "OpenReview", "gradient": "the 2019 study's paper lists",
    "gradient:data.csv": "the 2019 study's figures", "pdfs": "paper PDFs", "reclassify": "stored texts",
    "article": "the article, 2019",
}
MODE_NAMES = {"compile": "torch.compile", "compile_dynamic": "torch.compile (dynamic=True)", "function": "tf.function", "xla": "XLA"}
DEVICE_NAMES = {"cpu": "CPU", "cuda": "GPU"}
FORMAT_NAMES = {"savedmodel": "SavedModel", "torch_export": "torch.export", "onnx": "ONNX (ONNX Runtime)",
                "tflite": "TensorFlow Lite", "executorch": "ExecuTorch"}
STATUS_NAMES = {"ok": "measured", "not_run": "not run"}


def percent(share: float | None) -> str:
    return MISSING if pd.isna(share) else f"{share * 100:.0f} %"


def interval(low: float | None, high: float | None) -> str:
    return MISSING if pd.isna(low) else f"{low * 100:.0f}–{high * 100:.0f} %"


def count(n: int | None) -> str:
    return MISSING if pd.isna(n) else f"{int(n):,}"


def number(x: float | None, digits: int = 2) -> str:
    return MISSING if pd.isna(x) else f"{x:,.{digits}f}"


def yes_no(flag: bool | None) -> str:
    return MISSING if pd.isna(flag) else ("yes" if flag else "no")


def text(value: str | None) -> str:
    return "" if pd.isna(value) else str(value)


def moment(at: datetime | None) -> str:
    """A timestamp in UTC to the minute; naive timestamps are taken to be UTC already."""
    if pd.isna(at):
        return MISSING
    at = pd.Timestamp(at)
    return (at.tz_convert("UTC") if at.tzinfo else at).strftime("%Y-%m-%d %H:%M UTC")


def month(at: datetime) -> str:
    return pd.Timestamp(at).strftime("%B %Y")


def paper_headline(shares: pd.DataFrame, profile: str) -> str:
    """The share at the venue of the latest year with the most papers that name one side only."""
    rows = shares[shares["profile"] == profile]
    decided = _decided(rows)
    if decided.empty:
        return (
            "No paper read so far names exactly one of PyTorch and TensorFlow "
            f"(profile {profile}, {count(rows['texts_ok'].sum())} texts read)."
        )
    row = decided[decided["year"] == decided["year"].max()].iloc[0]
    return (
        f"At {row.venue} {row.year}, {percent(row.share_pytorch)} ({interval(row.ci_low, row.ci_high)}) "
        "of the papers that name exactly one of the two frameworks name PyTorch "
        f"(profile {profile}, {count(row.texts_ok)} of {count(row.papers)} texts read)."
    )


def job_headline(shares: pd.DataFrame) -> str:
    """Each source's share in its latest month with a posting that names one side only."""
    decided = _decided(shares)
    if decided.empty:
        return (
            "No job posting read so far names exactly one of PyTorch and TensorFlow/Keras "
            f"({count(shares['posts'].sum())} postings read)."
        )
    latest = decided.sort_values(["source", "month"]).groupby("source").tail(1)
    return " ".join(
        f"In {month(row.month)}, {percent(row.share_pytorch)} ({interval(row.ci_low, row.ci_high)}) "
        f"of the {source(row.source)} job postings that name exactly one of PyTorch and TensorFlow/Keras "
        f"name PyTorch ({count(row.decided)} of the month's {count(row.posts)} postings name only one side)."
        for row in latest.itertuples()
    )


def experiment_headline(summary: pd.DataFrame, matched: pd.DataFrame) -> str:
    measured = summary[summary["status"] == "ok"]
    devices = ", ".join(sorted(measured["device"].unique())) or MISSING
    said = (
        f"{count(len(measured))} of {count(len(summary))} configurations measured, across "
        f"{count(measured['workload'].nunique())} workloads on {devices}."
    )
    if matched.empty:
        return said + " None was measured in both frameworks with the two models proven the same."
    if len(matched) == 1:
        (row,) = matched.itertuples()
        ratio = ratio_interval(row.speed_ratio, row.speed_ci_low, row.speed_ci_high, row.paired)
    else:
        ratio = f"median {times(matched['speed_ratio'].median())} across them"
    compared = "configurations measured in both with equal models, each framework in its fastest mode"
    return said + f" {speed_tally(matched, compared)}; TensorFlow's step time over PyTorch's: {ratio}."


def community_headline(trend: pd.DataFrame, months: int) -> str:
    """PyTorch's share of each source's counted activity over the latest final months, and its change."""
    pytorch = trend[(trend["framework"] == "pytorch") & trend["recent_share"].notna()]
    if pytorch.empty:
        return "No final month of community activity counts PyTorch yet."
    shares = ", ".join(
        f"{source(r.source)} {percent(r.recent_share)}{change(r.recent_share, r.earlier_share, months)}"
        for r in pytorch.itertuples()
    )
    return f"PyTorch's share of the community activity counted over the latest {months} final months: {shares}."


def scorecard_headline(research: pd.Series | None, jobs: pd.Series | None, job_source: str,
                       matched: pd.DataFrame) -> str:
    said = []
    if research is not None:
        said.append(f"{percent(research.share_pytorch)} of the papers")
    if jobs is not None and jobs.decided:
        said.append(f"{percent(jobs.share_pytorch)} of the {source(job_source)} job postings")
    adoption = f"PyTorch has {' and '.join(said)} that name one side only" if said else None
    speed = None if matched.empty else speed_tally(matched, "configurations measured in both")
    if adoption and speed:
        return f"{adoption}; in speed, {speed}."
    if adoption:
        return f"{adoption}; no configuration was measured in both frameworks yet."
    if speed:
        return f"In speed, {speed}; no paper or job posting names one side only yet."
    return "No paper or job posting names one side only yet, and no configuration was measured in both frameworks."


def claims_headline(judged: list, verdicts: tuple[str, ...]) -> str:
    """The verdicts counted, in the order of `verdicts`."""
    tally = {verdict: sum(j.verdict == verdict for j in judged) for verdict in verdicts}
    article = sum(j.claim.source is None for j in judged)
    counted = ", ".join(f"{n} {verdict if n == 1 else PLURAL.get(verdict, verdict)}"
                        for verdict, n in tally.items() if n)
    elsewhere = f", {len(judged) - article} from elsewhere" if len(judged) > article else ""
    return f"Of the {len(judged)} claims checked ({article} from the article{elsewhere}): {counted}."


def reproduction_summary(measured: pd.DataFrame, published: int) -> str:
    if published == 0:
        return "The 2019 study's published figures are not in this warehouse yet."
    if measured.empty:
        return f"None of the study's {count(published)} conference-years has been read yet."
    within = int(measured["published_within_interval"].sum())
    return (
        f"{count(within)} of the {count(len(measured))} conference-years read so far (of the study's "
        f"{count(published)}) have the published share within our 95 % interval; the median difference is "
        f"{abs(measured['difference_pp']).median():.1f} points."
    )


def points(pp: float | None) -> str:
    return MISSING if pd.isna(pp) else f"{pp:+.1f}"


def change(recent: float, earlier: float | None, months: int) -> str:
    """A share's change in points on the window before, as a parenthesis; nothing without one."""
    if pd.isna(earlier):
        return ""
    return f" ({points(100 * (recent - earlier))} points on the {months} months before)"


def times(ratio: float | None) -> str:
    return MISSING if pd.isna(ratio) else f"{ratio:.2f}×"


def ratio_interval(ratio: float | None, low: float | None, high: float | None, paired: bool = True) -> str:
    """A ratio with its 95 % interval, "1.31× (1.27–1.35)"; one of separately timed medians says "(unpaired)"."""
    if pd.isna(ratio):
        return MISSING
    if not paired:
        return f"{times(ratio)} (unpaired)"
    return times(ratio) if pd.isna(low) else f"{times(ratio)} ({ratio_range(low, high)})"


def ratio_range(low: float | None, high: float | None) -> str:
    """A ratio's interval, "1.27–1.35"."""
    return MISSING if pd.isna(low) else f"{low:.2f}–{high:.2f}"


def faster(side: str) -> str:
    """Which framework a paired ratio favours (evidence.MATCHED_SQL's `faster`), as people say it."""
    return "neither (the interval holds 1)" if side == "neither" else framework(side)


def speed_tally(matched: pd.DataFrame, configurations: str = "configurations") -> str:
    """In how many of evidence.matched's configurations each framework is faster and in how many neither is,
    "PyTorch is faster in 3, TensorFlow in 1, and the two are level within the 95 % interval in 2 of 6
    configurations", saying how many were compared unpaired."""
    tally = matched["faster"].value_counts()
    return (
        f"PyTorch is faster in {count(tally.get('pytorch', 0))}, TensorFlow in {count(tally.get('tensorflow', 0))}, "
        f"and the two are level within the 95 % interval in {count(tally.get('neither', 0))} of "
        f"{count(len(matched))} {configurations}{unpaired(matched)}"
    )


def unpaired(matched: pd.DataFrame) -> str:
    """A parenthesis saying which of the comparisons are of separately timed medians; nothing when none is."""
    alone = int((~matched["paired"].astype(bool)).sum())
    if alone == 0:
        return ""
    said = "unpaired" if alone == len(matched) else f"{count(alone)} of them unpaired"
    return f" ({said}: the frameworks were timed separately, so their medians are compared without an interval)"


def payoff_steps(steps: float | None) -> str:
    """Steps after which a compile has paid for itself; none means it never does (no step is saved)."""
    return "never" if pd.isna(steps) else f"{int(steps):,}"


def score(row) -> str:
    if row is None:
        return MISSING
    if pd.isna(row.ci_low):
        return percent(row.value)
    return f"{percent(row.value)} ({interval(row.ci_low, row.ci_high)})"


def day(at) -> str:
    return MISSING if pd.isna(at) else pd.Timestamp(at).strftime("%Y-%m-%d")


def framework(name: str) -> str:
    return FRAMEWORK_NAMES.get(name, name)


def venue(name: str) -> str:
    return VENUE_NAMES.get(name, name)


def source(name: str) -> str:
    """A source as people call it; the runs name experiments and capabilities `experiments:torch`,
    `capabilities:serving:torch`."""
    if name in SOURCE_NAMES:
        return SOURCE_NAMES[name]
    kind, _, rest = name.partition(":")
    if kind == "experiments":
        return framework(rest)
    if kind == "capabilities":
        part, _, package = rest.partition(":")
        return f"{part}, {framework(package)}"
    return name


def board(name: str, company: str | None) -> str:
    """A company job board (`greenhouse:anthropic`) by its company and host."""
    host, _, slug = name.partition(":")
    return f"{text(company) or slug} ({source(host)})"


def export_format(name: str) -> str:
    return FORMAT_NAMES.get(name, name)


def megabytes(size: int | None) -> str:
    return MISSING if pd.isna(size) else f"{size / 1e6:,.1f}"


def mode(name: str) -> str:
    return MODE_NAMES.get(name, name)


def device(kind: str, name: str | None = None) -> str:
    return text(name) or DEVICE_NAMES.get(kind, kind)


def outcome(status: str, reason: str | None = None) -> str:
    """A measurement's status for people, with the reason when it has one."""
    said = STATUS_NAMES.get(status, status)
    return said if pd.isna(reason) else f"{said}: {reason}"


def refresh(status: str | None, reason: str | None, failed: int | None) -> str:
    """How a source's latest attempt went."""
    if pd.isna(status):
        return "not tried by a run"
    if status == "failed":
        return f"failed: {reason}" if not pd.isna(reason) else "failed"
    return f"worked, {count(failed)} {'item' if failed == 1 else 'items'} failed" if failed else "worked"


def metric(name: str) -> str:
    return METRIC_NAMES.get(name, name.replace("_", " "))


def _decided(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with at least one item naming exactly one side, those with the most such items first."""
    decided = rows.assign(decided=rows["pytorch_only"] + rows["tensorflow_only"])
    return decided[decided["decided"] > 0].sort_values("decided", ascending=False, kind="stable")
