"""Job postings: what a job source offers, and the registry of sources by name.

A source's work comes in units, each fetched, loaded and counted on its own: Hacker News has one a month
(that month's "Who is hiring?" thread), a board kind (Greenhouse, Lever, Ashby) one per listed employer
whose board it hosts. A board's unit is a snapshot of the postings open now, so the postings that board
no longer lists are closed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from scrapers.http import PoliteSession
from scrapers.records import JobPost

if TYPE_CHECKING:
    from scrapers.jobs.employers import Employer
    from scrapers.jobs.hn import Thread


@dataclass(frozen=True)
class Unit:
    source: str
    item: str  # how the run log names it: "thread 2024-01", "Acme AI (acme)"
    ref: Thread | Employer  # what the source fetches it by
    board: str | None = None  # a board snapshot's board, e.g. greenhouse:acme; None for HN


class JobSource(Protocol):
    SOURCE: str  # the name `--source` takes and `job_posts.source` keeps
    BASE_URL: str  # env FWTRENDS_<SOURCE>_BASE_URL overrides it

    def list_units(self, session: PoliteSession, since: date, until: date | None,
                   employers: list[Employer]) -> list[Unit]:
        """HN: the monthly threads from `since` to `until` (default: this month); a board kind: the
        `employers` whose board it hosts. Each source ignores what it does not need."""

    def fetch_unit(self, session: PoliteSession, unit: Unit, now: datetime | None = None) -> list[JobPost]:
        """The postings of one unit; a board's belong to the month of `now`."""


# The sources build on Unit above, so they come after it.
from scrapers.jobs import ashby, greenhouse, hn, lever  # noqa: E402

BOARDS: dict[str, JobSource] = {source.SOURCE: source for source in (greenhouse, lever, ashby)}
SOURCES: dict[str, JobSource] = {hn.SOURCE: hn, **BOARDS}
