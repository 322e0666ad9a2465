"""Greenhouse job boards: every open posting of a board, its description included, in one request."""
from __future__ import annotations

import html
import json
from datetime import date, datetime

from scrapers.html import html_to_text
from scrapers.http import PoliteSession, base_url
from scrapers.jobs.boards import get_board, iso_timestamp, join_text, snapshot_month
from scrapers.records import JobPost, StructureChanged

SOURCE = "greenhouse"
BASE_URL = "https://boards-api.greenhouse.io"


def jobs_url(token: str) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/v1/boards/{token}/jobs"


def parse_jobs(body: bytes, token: str, company: str, month: date) -> list[JobPost]:
    """The board's postings. `content` is HTML whose markup is itself entity-escaped: unescaped once it
    is HTML, and its text is what the posting says."""
    payload = json.loads(body)
    if not isinstance(payload, dict) or not isinstance(payload.get("jobs"), list):
        raise StructureChanged(SOURCE, jobs_url(token), "no jobs list")
    return [_post(job, token, company, month) for job in payload["jobs"]]


def fetch_jobs(session: PoliteSession, token: str, company: str, now: datetime | None = None) -> list[JobPost]:
    body = get_board(session, SOURCE, token, jobs_url(token), params={"content": "true"})
    return parse_jobs(body, token, company, snapshot_month(now))


def _post(job: dict, token: str, company: str, month: date) -> JobPost:
    description = html_to_text(html.unescape(job.get("content") or ""))
    return JobPost(
        post_id=f"{SOURCE}:{token}:{job['id']}",
        source=SOURCE,
        month=month,
        posted_at=iso_timestamp(job.get("first_published")),
        url=job["absolute_url"],
        text=join_text(job.get("title"), description),
        company=company,
        title=job.get("title"),
        location=(job.get("location") or {}).get("name"),
    )
