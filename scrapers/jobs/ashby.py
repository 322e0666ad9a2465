"""Ashby job boards: every posting of a board in one request; unlisted postings are left out."""
from __future__ import annotations

import json
from datetime import date, datetime

from scrapers.http import PoliteSession, base_url
from scrapers.jobs import Unit
from scrapers.jobs.boards import get_board, iso_timestamp, join_text, one_line, probe_board, snapshot_month
from scrapers.jobs.employers import Employer, board_units
from scrapers.records import JobPost, ProbeFinding, StructureChanged

SOURCE = "ashby"
BASE_URL = "https://api.ashbyhq.com"


def board_url(board: str) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/posting-api/job-board/{board}"


def parse_jobs(body: bytes, board: str, company: str, month: date) -> list[JobPost]:
    """The board's listed postings (`isListed: false` ones are drafts or internal, not public openings)."""
    payload = json.loads(body)
    if not isinstance(payload, dict) or not isinstance(payload.get("jobs"), list):
        raise StructureChanged(SOURCE, board_url(board), "no jobs list")
    return [_post(job, board, company, month) for job in payload["jobs"] if job.get("isListed", True)]


def list_units(session: PoliteSession, since: date, until: date | None, employers: list[Employer]) -> list[Unit]:
    return board_units(SOURCE, employers)


def fetch_unit(session: PoliteSession, unit: Unit, now: datetime | None = None) -> list[JobPost]:
    board, company = unit.ref.token, unit.ref.name
    body = get_board(session, SOURCE, board, board_url(board))
    return parse_jobs(body, board, company, snapshot_month(now))



def probe(session: PoliteSession) -> ProbeFinding:
    return probe_board(session, SOURCE, board_url, parse_jobs)


def _post(job: dict, board: str, company: str, month: date) -> JobPost:
    return JobPost(
        post_id=f"{SOURCE}:{board}:{job['id']}",
        source=SOURCE,
        month=month,
        posted_at=iso_timestamp(job.get("publishedAt")),
        url=job["jobUrl"],
        text=join_text(job.get("title"), job.get("descriptionPlain")),
        company=company,
        title=one_line(job.get("title")),
        location=one_line(job.get("location")),
    )
