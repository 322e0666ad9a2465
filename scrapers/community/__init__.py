"""Community activity as counts per framework and period: what a community source offers, the registry
of sources by name, and the calendar they share.

A period is a month (its first day) or, for daily series, a day. A period that is over is final: an
incremental refresh never asks for it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Protocol

from scrapers.http import PoliteSession
from scrapers.records import ProbeFinding

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


class CommunitySource(Protocol):
    SOURCE: str  # the name `--source` takes and `community_counts.source` keeps
    BASE_URL: str  # env FWTRENDS_<SOURCE>_BASE_URL overrides it

    def fetch_counts(self, session: PoliteSession, since: date, final_months: set[date], *,
                     now: datetime | None = None) -> Harvest:
        """The counts from the month of `since` to now. A source that asks month by month leaves out
        `final_months`; one that cannot (a listing by popularity, a fixed window) ignores it."""

    def probe(self, session: PoliteSession) -> ProbeFinding:
        """One small answer, fetched afresh (not replayed), and whether its shape holds."""


# A month long over, so its counts no longer change: the probes ask for it.
PROBE_MONTH = date(2024, 1, 1)


def count_finding(url: str, count: int, minimum: int) -> ProbeFinding:
    """A probe's verdict on one count: below `minimum` is a changed answer."""
    return ProbeFinding(url, count, () if count >= minimum else (f"count {count}, expected at least {minimum}",))


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


# The sources build on the records and the calendar above, so they come after them.
from scrapers.community import devto, github, pypistats, stackoverflow  # noqa: E402

SOURCES: dict[str, CommunitySource] = {source.SOURCE: source for source in (stackoverflow, devto, pypistats, github)}
