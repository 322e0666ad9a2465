"""Daily PyPI downloads of each framework's package, from pypistats.org.

pypistats keeps the last 180 days only; the history longer than that is what the warehouse accumulates
run after run (one row per day, upserted). Mirrors are left out: their downloads are not people's.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from scrapers.community import CommunityCount, Harvest, utc_now
from scrapers.http import FetchError, PoliteSession, base_url
from scrapers.records import ProbeFinding, StructureChanged, probe_finding

SOURCE = "pypistats"
BASE_URL = "https://pypistats.org"
# pypistats runs on limited resources, limits each IP, and updates its data once a day: its API page asks
# clients to cache and to ask each endpoint at most once a day.
RATE = 0.5
MAX_AGE = timedelta(days=1)
PACKAGES: dict[str, str] = {"torch": "pytorch", "tensorflow": "tensorflow", "jax": "jax", "keras": "keras"}
CATEGORY = "without_mirrors"


def overall_url(package: str) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/api/packages/{package}/overall"


def parse_overall(body: bytes, package: str, today: date) -> list[CommunityCount]:
    """One count per day; a day before `today` (UTC) is final."""
    payload = json.loads(body)
    if not isinstance(payload, dict) or payload.get("package") != package or not isinstance(payload.get("data"), list):
        raise StructureChanged(SOURCE, overall_url(package), "not the package's overall downloads")
    rows = [row for row in payload["data"] if row.get("category") == CATEGORY]
    if not rows:
        raise StructureChanged(SOURCE, overall_url(package), f"no {CATEGORY} rows")
    framework = PACKAGES[package]
    counts = []
    for row in rows:
        day = date.fromisoformat(row["date"])
        counts.append(CommunityCount(SOURCE, framework, day, int(row["downloads"]), final=day < today))
    return sorted(counts, key=lambda count: count.period)


def fetch_counts(session: PoliteSession, since: date, final_months: set[date], *,
                 now: datetime | None = None) -> Harvest:
    """Every package's daily downloads over the last 180 days, all pypistats keeps, whatever `since` and
    `final_months` say; stops at the first package that fails."""
    today = (now or utc_now()).date()
    counts: list[CommunityCount] = []
    for package in PACKAGES:
        try:
            response = session.get(overall_url(package), params={"mirrors": "false"}, max_age=MAX_AGE)
        except FetchError as error:
            return Harvest(counts, f"stopped at {package}: {error}")
        counts += parse_overall(response.content, package, today)
    return Harvest(counts)


def probe(session: PoliteSession) -> ProbeFinding:
    """torch's daily downloads, asked afresh: the last 180 days pypistats keeps, less a few it may lag."""
    url = overall_url("torch")
    body = session.get(url, params={"mirrors": "false"}, max_age=timedelta(0)).content
    return probe_finding(url, parse_overall(body, "torch", utc_now().date()), 150, ("count",))
