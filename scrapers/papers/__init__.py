"""Conference paper listings: what a paper source offers, and the registry of sources by name.

A source module may also offer `host_rates() -> {base URL: requests per second}` for the hosts other than
its BASE_URL that it reads (OpenReview's API and PDF hosts).
"""
from __future__ import annotations

from typing import Protocol

from scrapers.http import PoliteSession
from scrapers.papers import acl, cvf, ecva, gradient, iclr, neurips, pmlr
from scrapers.records import Paper, ProbeFinding


class PaperSource(Protocol):
    SOURCE: str  # the name `--source` takes and `papers.source` keeps
    BASE_URL: str  # env FWTRENDS_<SOURCE>_BASE_URL overrides it
    VENUES: tuple[str, ...]  # upper-case: CVPR, NEURIPS, ...

    def venue_years(self, venue: str, until: int) -> list[int]:
        """The years up to `until` for which the source lists the venue's papers."""

    def fetch_papers(self, session: PoliteSession, venue: str, year: int) -> list[Paper]:
        """The accepted papers of a venue-year."""

    def probe(self, session: PoliteSession) -> ProbeFinding:
        """One small listing, fetched afresh (not replayed), and whether its shape holds."""


SOURCES: dict[str, PaperSource] = {source.SOURCE: source for source in (cvf, ecva, acl, neurips, pmlr, iclr, gradient)}
