"""GitHub repositories created per month under each framework's topic, from the repository search API.

One search per topic and month, asking for one item: only `total_count` is read. Unauthenticated
clients get 10 searches a minute; a token (env GITHUB_TOKEN) raises that to 30.
"""
from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone

from requests import Response

from scrapers.community import (
    PROBE_MONTH,
    CommunityCount,
    Harvest,
    cache_max_age,
    count_finding,
    months_to_fetch,
    period_end,
    utc_now,
)
from scrapers.http import FetchError, HTTPStatusError, PoliteSession, base_url
from scrapers.records import ProbeFinding, StructureChanged

SOURCE = "github"
BASE_URL = "https://api.github.com"
TOKEN_ENV = "GITHUB_TOKEN"
RATE = 10 / 60  # search requests per second without a token
TOKEN_RATE = 30 / 60
TOPICS: dict[str, str] = {"pytorch": "pytorch", "tensorflow": "tensorflow", "keras": "keras", "jax": "jax"}
# GitHub answers a spent rate limit with 403 (primary limit) or 429 (secondary limit).
RATE_LIMITED_STATUSES = (403, 429)
HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


def search_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/search/repositories"


def search_query(topic: str, month: date) -> str:
    last_day = period_end(month, monthly=True).date() - timedelta(days=1)
    return f"topic:{topic} created:{month.isoformat()}..{last_day.isoformat()}"


def parse_total(body: bytes) -> tuple[int, bool]:
    """The number of repositories found, and whether GitHub says the search ran to completion."""
    payload = json.loads(body)
    if not isinstance(payload, dict) or not isinstance(payload.get("total_count"), int):
        raise StructureChanged(SOURCE, search_url(), "no total_count in the answer")
    return payload["total_count"], not payload.get("incomplete_results", False)


def rate() -> float:
    """The search rate GitHub allows this client."""
    return TOKEN_RATE if os.environ.get(TOKEN_ENV) else RATE


def fetch_counts(session: PoliteSession, since: date, final_months: set[date], *,
                 now: datetime | None = None) -> Harvest:
    """Each topic's count of repositories created in each month from the month of `since` to this one
    that is not among `final_months`, oldest first.

    Stops early, keeping what it has, when the rate limit is spent or a request fails.
    """
    now = now or utc_now()
    headers = request_headers()
    months = months_to_fetch(since, now.date(), final_months)
    wanted = [(month, framework) for month in months for framework in TOPICS]
    counts: list[CommunityCount] = []
    reset: datetime | None = None
    for done, (month, framework) in enumerate(wanted):
        end = period_end(month, monthly=True)
        params = {"q": search_query(TOPICS[framework], month), "per_page": "1"}
        try:
            response = session.get(search_url(), params=params, headers=headers, max_age=cache_max_age(end, now))
        except FetchError as error:
            return Harvest(counts, _stopped_by(error, done, len(wanted), reset))
        total, complete = parse_total(response.content)
        # An incomplete search (GitHub timed out) undercounts: it stays open to be asked again.
        counts.append(CommunityCount(SOURCE, framework, month, total, final=complete and now >= end))
        if response.from_cache:
            continue
        reset = _reset_time(response)
        left = len(wanted) - done - 1
        if response.headers.get("x-ratelimit-remaining") == "0" and left:
            return Harvest(counts, f"rate limit spent after {done + 1} of {len(wanted)} searches; "
                                   f"{left} wait for the next run{_after(reset)}{_token_hint()}")
    return Harvest(counts)



def probe(session: PoliteSession) -> ProbeFinding:
    """The repositories on topic pytorch created in PROBE_MONTH, asked afresh: a total of at least 50."""
    params = {"q": search_query(TOPICS["pytorch"], PROBE_MONTH), "per_page": "1"}
    body = session.get(search_url(), params=params, headers=request_headers(), max_age=timedelta(0)).content
    return count_finding(search_url(), parse_total(body)[0], 50)


def request_headers() -> dict[str, str]:
    headers = dict(HEADERS)
    if token := os.environ.get(TOKEN_ENV):
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _reset_time(response: Response) -> datetime | None:
    value = response.headers.get("x-ratelimit-reset", "")
    return datetime.fromtimestamp(int(value), timezone.utc) if value.isdigit() else None


def _stopped_by(error: FetchError, done: int, wanted: int, reset: datetime | None) -> str:
    progress = f"after {done} of {wanted} searches"
    if isinstance(error, HTTPStatusError) and error.status in RATE_LIMITED_STATUSES:
        return f"rate limited {progress} ({error.reason}); the rest wait for the next run{_after(reset)}{_token_hint()}"
    return f"stopped {progress}: {error}"


def _after(reset: datetime | None) -> str:
    return f" (limit resets {reset:%Y-%m-%d %H:%M:%S} UTC)" if reset else ""


def _token_hint() -> str:
    return "" if os.environ.get(TOKEN_ENV) else f"; set {TOKEN_ENV} for 30 searches a minute instead of 10"
