"""Stack Overflow questions per framework per month, from the Stack Exchange API.

A framework's questions are those carrying any of its tags. `/search/advanced` reads `tagged` as
"any of" (where `/questions` reads it as "all of"), so one request per framework and month counts a
question tagged both `pytorch` and `pytorch-lightning` once. `filter=total` makes the answer just the
count. The API allows 300 requests a day per IP, 10,000 with a free key (env STACKEXCHANGE_KEY).
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from scrapers.community import (
    PROBE_MONTH,
    CommunityCount,
    Harvest,
    cache_max_age,
    count_finding,
    months_to_fetch,
    period_end,
    period_start,
    utc_now,
)
from scrapers.http import FetchError, HTTPStatusError, PoliteSession, base_url
from scrapers.records import ProbeFinding, StructureChanged

SOURCE = "stackoverflow"
BASE_URL = "https://api.stackexchange.com"
KEY_ENV = "STACKEXCHANGE_KEY"
# Stack Exchange blocks an IP that sends more than 30 requests a second; the daily quota binds first.
RATE = 2.0
# Tags that count for each framework, at most five each: the most the API is known to combine in a query.
# tf.keras counts for Keras, which the modern profile counts as its own framework. The bare `torch`
# tag is left out: it is Lua Torch's as much as PyTorch's.
FRAMEWORK_TAGS: dict[str, tuple[str, ...]] = {
    "pytorch": ("pytorch", "pytorch-lightning", "libtorch", "torchvision", "torchscript"),
    "tensorflow": ("tensorflow", "tensorflow2.0", "tensorflow2.x", "tensorflow-lite", "tensorflow.js"),
    "keras": ("keras", "tf.keras", "keras-layer", "keras-tuner"),
    "jax": ("jax", "flax"),
}
# Statuses Stack Exchange refuses with once the quota is spent or the IP is throttled: its
# throttle_violation (error_id 502) is seen in the wild under both.
REFUSED_STATUSES = (400, 502)


@dataclass(frozen=True)
class Answer:
    total: int
    quota_remaining: int | None
    backoff: int  # seconds to wait before calling the API again; 0 when it asks for none


def search_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/2.3/search/advanced"


def month_params(framework: str, month: date, key: str | None = None) -> dict[str, str]:
    params = {
        "tagged": ";".join(FRAMEWORK_TAGS[framework]),
        "site": "stackoverflow",
        "fromdate": str(int(period_start(month).timestamp())),
        "todate": str(int(period_end(month, monthly=True).timestamp()) - 1),  # todate is inclusive
        "filter": "total",
    }
    if key:
        params["key"] = key
    return params


def parse_answer(body: bytes) -> Answer:
    payload = json.loads(body)
    if not isinstance(payload, dict) or not isinstance(payload.get("total"), int):
        raise StructureChanged(SOURCE, search_url(), "no total in the answer")
    return Answer(payload["total"], payload.get("quota_remaining"), payload.get("backoff") or 0)


def fetch_counts(
    session: PoliteSession,
    since: date,
    final_months: set[date],
    *,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Harvest:
    """Each framework's question count for each month from the month of `since` to this one that is not
    among `final_months`, oldest month first.

    Obeys the API's `backoff` by sleeping before the next call. Stops early, keeping what it has, when
    the quota runs out or a request fails; `Harvest.stopped` says why.
    """
    now = now or utc_now()
    key = os.environ.get(KEY_ENV) or None
    months = months_to_fetch(since, now.date(), final_months)
    wanted = [(month, framework) for month in months for framework in FRAMEWORK_TAGS]
    counts: list[CommunityCount] = []
    wait = 0
    for done, (month, framework) in enumerate(wanted):
        if wait:
            sleep(wait)
        end = period_end(month, monthly=True)
        try:
            response = session.get(search_url(), params=month_params(framework, month, key),
                                   max_age=cache_max_age(end, now))
        except FetchError as error:
            return Harvest(counts, _stopped_by(error, done, len(wanted), key))
        answer = parse_answer(response.content)
        counts.append(CommunityCount(SOURCE, framework, month, answer.total, final=now >= end))
        # A replayed answer's backoff and quota are those of the day it was fetched.
        if response.from_cache:
            wait = 0
            continue
        wait = answer.backoff
        left = len(wanted) - done - 1
        if answer.quota_remaining == 0 and left:
            return Harvest(counts, f"daily quota spent after {done + 1} of {len(wanted)} requests; "
                                   f"{left} wait for the next run{_key_hint(key)}")
    return Harvest(counts)



def probe(session: PoliteSession) -> ProbeFinding:
    """PyTorch's questions of PROBE_MONTH, asked afresh: a total of at least 100."""
    params = month_params("pytorch", PROBE_MONTH, os.environ.get(KEY_ENV) or None)
    body = session.get(search_url(), params=params, max_age=timedelta(0)).content
    return count_finding(search_url(), parse_answer(body).total, 100)


def _stopped_by(error: FetchError, done: int, wanted: int, key: str | None) -> str:
    progress = f"after {done} of {wanted} requests"
    if isinstance(error, HTTPStatusError) and error.status in REFUSED_STATUSES:
        return (f"Stack Exchange refused {progress} ({error.reason}): the daily quota is spent or the IP "
                f"is throttled; the rest wait for the next run{_key_hint(key)}")
    return f"stopped {progress}: {error}"


def _key_hint(key: str | None) -> str:
    return "" if key else f" (set {KEY_ENV} for 10,000 requests a day instead of 300)"
