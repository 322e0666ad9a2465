"""Greenhouse job boards: every open posting of a board, its description included, in one request."""
from __future__ import annotations

import html
import json
from datetime import date, datetime

from scrapers.http import PoliteSession, base_url
from scrapers.jobs import Unit
from scrapers.jobs.boards import get_board, iso_timestamp, join_text, one_line, probe_board, snapshot_month
from scrapers.jobs.employers import Employer, board_units
from scrapers.records import JobPost, ProbeFinding, StructureChanged
from scrapers.text.normalise import html_to_text

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


def list_units(session: PoliteSession, since: date, until: date | None, employers: list[Employer]) -> list[Unit]:
    return board_units(SOURCE, employers)


def fetch_unit(session: PoliteSession, unit: Unit, now: datetime | None = None) -> list[JobPost]:
    token, company = unit.ref.token, unit.ref.name
    body = get_board(session, SOURCE, token, jobs_url(token), params={"content": "true"})
    return parse_jobs(body, token, company, snapshot_month(now))



def probe(session: PoliteSession) -> ProbeFinding:
    return probe_board(session, SOURCE, jobs_url, parse_jobs)


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
        title=one_line(job.get("title")),
        location=one_line((job.get("location") or {}).get("name")),
    )
