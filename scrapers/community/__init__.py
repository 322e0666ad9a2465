"""Community activity as counts per framework and period, and the calendar that community sources share.

A period is a month (its first day) or, for daily series, a day. A period that is over is final: an
incremental refresh never asks for it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

# How long a cached answer about a period still running replays before it is asked for again.
LIVE_MAX_AGE = timedelta(hours=6)


@dataclass(frozen=True)
class CommunityCount:
    source: str
    framework: str  # canonical key, as in scrapers/text/frameworks.toml
    period: date  # first day of the month, or the day of a daily series
    count: int
    final: bool  # the period is over, so its count will not be asked for again


@dataclass(frozen=True)
class Harvest:
    """What a source gave; `stopped` says why it ended before asking for everything, if it did."""

    counts: list[CommunityCount] = field(default_factory=list)
    stopped: str | None = None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months(since: date, until: date) -> list[date]:
    """Every month from the one holding `since` to the one holding `until`, both included."""
    found, month = [], month_start(since)
    while month <= until:
        found.append(month)
        month = next_month(month)
    return found


def months_to_fetch(since: date, until: date, already_final: set[date]) -> list[date]:
    """The months from `since` to `until` whose counts are not final yet, oldest first."""
    return [month for month in months(since, until) if month not in already_final]


def period_start(period: date) -> datetime:
    """The instant (UTC) the period begins."""
    return datetime.combine(period, time(), timezone.utc)


def period_end(period: date, *, monthly: bool) -> datetime:
    """The instant (UTC) the period is over."""
    return period_start(next_month(period) if monthly else period + timedelta(days=1))


def cache_max_age(end: datetime, now: datetime) -> timedelta:
    """How old a cached answer about a period ending at `end` may be and still replay.

    Once the period is over, a copy counts only if it was fetched after the end: one fetched while the
    period was still running (late on its last day) would otherwise replay its partial count for ever.
    """
    return now - end if now >= end else LIVE_MAX_AGE
