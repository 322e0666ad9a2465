"""What the company job-board APIs (Greenhouse, Lever, Ashby) share.

A board lists the postings open today and nothing of the past, so each run takes a snapshot: its
postings belong to the month they were observed in, and history is the series of snapshots.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone

from scrapers.http import HTTPStatusError, PoliteSession
from scrapers.jobs.employers import load_employers
from scrapers.records import JobPost, ProbeFinding, probe_finding
from scrapers.text.normalise import clean_line, clean_text

# A snapshot must show today's openings: a cached board older than this is fetched again.
SNAPSHOT_MAX_AGE = timedelta(hours=3)
EMPLOYERS_FILE = "scrapers/jobs/employers.toml"


class BoardNotFound(Exception):
    """The board named in the employer list does not exist (a wrong or retired token)."""

    def __init__(self, source: str, token: str, url: str):
        super().__init__(f"{source} board {token!r} not found (404): check {EMPLOYERS_FILE}")
        self.source, self.token, self.url = source, token, url


def snapshot_month(now: datetime | None = None) -> date:
    """The month (its first day, UTC) that postings observed now belong to."""
    return (now or datetime.now(timezone.utc)).date().replace(day=1)


def get_board(
    session: PoliteSession, source: str, token: str, url: str, params: Mapping[str, str] | None = None
) -> bytes:
    try:
        return session.get(url, params=params, max_age=SNAPSHOT_MAX_AGE).content
    except HTTPStatusError as error:
        if error.status == 404:
            raise BoardNotFound(source, token, error.url) from error
        raise



def probe_board(session: PoliteSession, kind: str, url_of: Callable[[str], str],
                parse: Callable[[bytes, str, str, date], list[JobPost]],
                params: Mapping[str, str] | None = None) -> ProbeFinding:
    """The board of the first employer listed on this board kind, fetched afresh: at least one posting, each
    with a title and a URL."""
    employer = next(employer for employer in load_employers() if employer.board == kind)
    url = url_of(employer.token)
    body = session.get(url, params=params, max_age=timedelta(0)).content
    return probe_finding(url, parse(body, employer.token, employer.name, snapshot_month()), 1, ("title", "url"))


def iso_timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def join_text(*parts: str | None) -> str:
    """A posting's text: its non-empty parts, one after another on their own lines, cleaned."""
    return clean_text("\n".join(part for part in parts if part))


def one_line(value: str | None) -> str | None:
    """A one-line field (a title, a location) cleaned; None when it holds nothing."""
    return (clean_line(value) or None) if value else None
