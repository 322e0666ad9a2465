"""How the numbers read on the page: percentages, intervals, counts, dates, and the headline sentences."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

MISSING = "–"


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
    """The share in the latest month, from the source with the most postings that name one side only."""
    decided = _decided(shares)
    if decided.empty:
        return (
            "No job posting read so far names exactly one of PyTorch and TensorFlow/Keras "
            f"({count(shares['posts'].sum())} postings read)."
        )
    row = decided[decided["month"] == decided["month"].max()].iloc[0]
    return (
        f"In {month(row.month)}, {percent(row.share_pytorch)} ({interval(row.ci_low, row.ci_high)}) "
        f"of the {row.source} job postings that name exactly one of PyTorch and TensorFlow/Keras "
        f"name PyTorch ({count(row.decided)} of the month's {count(row.posts)} postings name only one side)."
    )


def experiment_headline(summary: pd.DataFrame) -> str:
    return (
        f"{count(len(summary))} configurations measured across {count(summary['workload'].nunique())} "
        f"workloads and {count(summary['framework'].nunique())} frameworks."
    )


def _decided(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with at least one item naming exactly one side, those with the most such items first."""
    decided = rows.assign(decided=rows["pytorch_only"] + rows["tensorflow_only"])
    return decided[decided["decided"] > 0].sort_values("decided", ascending=False, kind="stable")
