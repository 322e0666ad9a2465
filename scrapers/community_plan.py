"""How many requests a community refresh needs: everything again (full) or only what is not final yet
(incremental), source by source."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scrapers import devto, github, pypistats, stackoverflow
from scrapers.community import months, months_to_fetch


@dataclass(frozen=True)
class SourcePlan:
    source: str
    full: int
    incremental: int
    at_least: bool = False  # the real number grows with the data (dev.to: a page per 1,000 articles)


def refresh_plan(since: date, until: date, already_final: set[date]) -> list[SourcePlan]:
    """Requests per source for the months from `since` to `until`, given the months already final.

    Stack Overflow and GitHub ask once per framework and month, so only they gain from final months;
    pypistats answers its whole 180-day window in one request a package, and dev.to is walked whole."""
    every_month = months(since, until)
    open_months = months_to_fetch(since, until, already_final)
    return [
        SourcePlan(stackoverflow.SOURCE, stackoverflow.requests_needed(every_month),
                   stackoverflow.requests_needed(open_months)),
        SourcePlan(github.SOURCE, github.requests_needed(every_month), github.requests_needed(open_months)),
        SourcePlan(devto.SOURCE, devto.requests_needed(), devto.requests_needed(), at_least=True),
        SourcePlan(pypistats.SOURCE, pypistats.requests_needed(), pypistats.requests_needed()),
    ]
