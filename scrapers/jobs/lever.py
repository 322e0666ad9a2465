"""Lever job boards: every published posting of a site in one request, descriptions as plain text."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from scrapers.http import PoliteSession, base_url
from scrapers.jobs import Unit
from scrapers.jobs.boards import get_board, join_text, one_line, probe_board, snapshot_month
from scrapers.jobs.employers import Employer, board_units
from scrapers.records import JobPost, ProbeFinding, StructureChanged
from scrapers.text.normalise import html_to_text

SOURCE = "lever"
BASE_URL = "https://api.lever.co"


def postings_url(site: str) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/v0/postings/{site}"


def parse_postings(body: bytes, site: str, company: str, month: date) -> list[JobPost]:
    """The site's postings; a posting's text is its description, its lists (requirements and the like,
    whose items are HTML) and its closing text."""
    payload = json.loads(body)
    if not isinstance(payload, list):
        raise StructureChanged(SOURCE, postings_url(site), "not a list of postings")
    return [_post(posting, site, company, month) for posting in payload]


def list_units(session: PoliteSession, since: date, until: date | None, employers: list[Employer]) -> list[Unit]:
    return board_units(SOURCE, employers)


def fetch_unit(session: PoliteSession, unit: Unit, now: datetime | None = None) -> list[JobPost]:
    site, company = unit.ref.token, unit.ref.name
    body = get_board(session, SOURCE, site, postings_url(site), params={"mode": "json"})
    return parse_postings(body, site, company, snapshot_month(now))



def probe(session: PoliteSession) -> ProbeFinding:
    return probe_board(session, SOURCE, postings_url, parse_postings, {"mode": "json"})


def _post(posting: dict, site: str, company: str, month: date) -> JobPost:
    lists = [
        part for item in posting.get("lists") or []
        for part in (item.get("text"), html_to_text(item.get("content") or ""))
    ]
    created = posting.get("createdAt")
    return JobPost(
        post_id=f"{SOURCE}:{site}:{posting['id']}",
        source=SOURCE,
        month=month,
        posted_at=datetime.fromtimestamp(created / 1000, timezone.utc) if created else None,
        url=posting["hostedUrl"],
        text=join_text(posting.get("text"), posting.get("descriptionPlain"), *lists, posting.get("additionalPlain")),
        company=company,
        title=one_line(posting.get("text")),
        location=one_line((posting.get("categories") or {}).get("location")),
    )
