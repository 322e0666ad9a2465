"""ICLR's accepted papers, from OpenReview: API v2 from 2024, API v1 (blind submissions) before.

Where OpenReview turns an anonymous reader away (a `403 ChallengeRequiredError` since August 2026, or
its robots.txt), the papers come from proceedings.iclr.cc (2025+, the papers.nips.cc software) or
else from the iclr.cc virtual site's JSON. Set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD to log in.
"""
from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

from scrapers.http import DisallowedByRobots, HTTPStatusError, PoliteSession, base_url, proceedings_max_age
from scrapers.papers import neurips, openreview
from scrapers.papers.openreview import Note
from scrapers.records import Paper, ProbeFinding, StructureChanged, distinct_papers, probe_finding
from scrapers.text.normalise import clean_line

SOURCE = openreview.SOURCE
BASE_URL = openreview.API_URL
host_rates = openreview.host_rates

VENUES = ("ICLR",)
FIRST_YEAR = 2018
API_V2_FROM = 2024
# Until 2020 a blind submission does not say whether it was accepted: its decision reply does.
DECISIONS_IN_REPLIES_UNTIL = 2020
PAGE_SIZE = 1000
# With their reviews and comments, submissions weigh tens of kilobytes each.
PAGE_SIZE_WITH_REPLIES = 200

PROCEEDINGS_SOURCE = "iclr_proceedings"
PROCEEDINGS_URL = "https://proceedings.iclr.cc"
PROCEEDINGS_FROM = 2025
VIRTUAL_SOURCE = "iclr_virtual"
VIRTUAL_URL = "https://iclr.cc"

# "ICLR 2022 Poster", "ICLR 2023 notable top 25%", "ICLR 2021 Oral"; not "Submitted to ICLR 2022".
_ACCEPTED_VENUE = re.compile(r"^ICLR (\d{4}) (?:Conference )?(?:poster|oral|spotlight|talk|notable top \d+%)", re.I)
_DECISION_INVITATIONS = {"Decision", "Acceptance_Decision", "Meta_Review"}


def venue_years(venue: str, until: int) -> list[int]:
    return list(range(FIRST_YEAR, until + 1))


def conference_id(year: int) -> str:
    return f"ICLR.cc/{year}/Conference"


def proceedings_url(year: int) -> str:
    return f"{base_url(PROCEEDINGS_SOURCE, PROCEEDINGS_URL)}/paper_files/paper/{year}"


def virtual_url(year: int) -> str:
    return f"{base_url(VIRTUAL_SOURCE, VIRTUAL_URL)}/static/virtual/data/iclr-{year}-orals-posters.json"


def is_accepted(note: Note, year: int) -> bool:
    """Whether an API v1 blind submission was accepted: by its venue, or by its decision reply."""
    match = _ACCEPTED_VENUE.match(str(note.content.get("venue") or ""))
    if match and int(match[1]) == year:
        return True
    for reply in note.replies:
        # `.../-/Acceptance_Decision` (2018), `.../-/Paper12/Meta_Review` (2019), `.../Paper12/-/Decision` (2020)
        if reply.invitation.rsplit("/", 1)[-1] in _DECISION_INVITATIONS:
            verdict = reply.content.get("decision") or reply.content.get("recommendation") or ""
            if str(verdict).lower().startswith("accept"):
                return True
    return False


def accepted_papers(notes: list[Note], year: int) -> list[Paper]:
    """The year's accepted papers among its notes; API v2 queries already ask for accepted ones only."""
    if year < API_V2_FROM:
        notes = [note for note in notes if is_accepted(note, year)]
    return distinct_papers(paper for note in notes if (paper := _openreview_paper(note, year)))


def parse_virtual(body: bytes, url: str, year: int) -> list[Paper]:
    """The accepted papers of the virtual site's orals-and-posters JSON, each once."""
    try:
        listing = json.loads(body)
        entries = listing["results"]
    except (ValueError, KeyError, TypeError) as error:
        raise StructureChanged(VIRTUAL_SOURCE, url, f"no results list ({type(error).__name__}: {error})") from error
    # Around the conference the file may hold only the first of its events.
    announced = listing.get("count")
    if isinstance(announced, int) and announced > len(entries):
        raise StructureChanged(VIRTUAL_SOURCE, url, f"partial: {len(entries)} of {announced} events listed")
    papers = distinct_papers(  # an oral is listed again as a poster
        paper for entry in entries
        if str(entry.get("decision") or "").lower().startswith("accept") and (paper := _virtual_paper(entry, url, year))
    )
    if not papers:
        raise StructureChanged(VIRTUAL_SOURCE, url, "no accepted papers")
    return papers


def fetch_papers(session: PoliteSession, venue: str, year: int) -> list[Paper]:
    """From OpenReview; where it turns us away (its challenge, robots.txt), from the ICLR sites. Any
    other refusal, such as a login with wrong credentials, raises."""
    try:
        return fetch_from_openreview(session, year)
    except DisallowedByRobots:
        pass
    except HTTPStatusError as error:
        if not openreview.is_challenge(error):
            raise
    return fetch_from_iclr_sites(session, year)


def fetch_from_openreview(session: PoliteSession, year: int) -> list[Paper]:
    api, query, page_size = _notes_query(year)
    headers = openreview.auth_headers(session, api)
    notes = openreview.fetch_notes(session, api, query, page_size=page_size, headers=headers,
                                   max_age=proceedings_max_age(year))
    papers = accepted_papers(notes, year)
    if not papers:
        raise StructureChanged(SOURCE, f"{api}/notes", f"no accepted ICLR {year} papers among {len(notes)} notes")
    return papers


def probe(session: PoliteSession) -> ProbeFinding:
    """The first page of ICLR 2024's accepted papers on OpenReview, fetched afresh: a full page of papers, each
    with a PDF link and authors."""
    api, query, page_size = _notes_query(2024)
    url = f"{api}/notes"
    response = session.get(url, params={**query, "limit": str(page_size), "offset": "0"},
                           headers=openreview.auth_headers(session, api), timeout=openreview.PAGE_TIMEOUT,
                           max_bytes=openreview.PAGE_MAX_BYTES, max_age=timedelta(0))
    papers = accepted_papers(openreview.parse_notes(response.content, response.url), 2024)
    return probe_finding(url, papers, page_size, ("pdf_url", "authors"))


def fetch_from_iclr_sites(session: PoliteSession, year: int) -> list[Paper]:
    """The proceedings where they exist (not yet while the year's are being prepared), else the virtual site."""
    if year >= PROCEEDINGS_FROM:
        try:
            return neurips.fetch_listing(session, proceedings_url(year), "ICLR", year, source=PROCEEDINGS_SOURCE)
        except HTTPStatusError as error:
            if error.status != 404:
                raise
    url = virtual_url(year)
    return parse_virtual(session.get(url, max_age=proceedings_max_age(year)).content, url, year)


def _notes_query(year: int) -> tuple[str, dict[str, str], int]:
    """The API, query and page size that give a year's accepted papers (or its submissions with their decisions)."""
    if year >= API_V2_FROM:
        return openreview.api_url(), {"content.venueid": conference_id(year)}, PAGE_SIZE
    query = {"invitation": f"{conference_id(year)}/-/Blind_Submission"}
    if year <= DECISIONS_IN_REPLIES_UNTIL:
        return openreview.api_v1_url(), {**query, "details": "directReplies"}, PAGE_SIZE_WITH_REPLIES
    return openreview.api_v1_url(), query, PAGE_SIZE


def _openreview_paper(note: Note, year: int) -> Paper | None:
    title = clean_line(str(note.content.get("title") or ""))
    if not title:
        return None
    return Paper(
        venue="ICLR",
        year=year,
        title=title,
        authors=tuple(name for name in map(clean_line, note.content.get("authors") or []) if name),
        pdf_url=openreview.pdf_url(note.forum),
        landing_url=openreview.forum_url(note.forum),
        source=SOURCE,
    )


def _virtual_paper(entry: dict, url: str, year: int) -> Paper | None:
    title = clean_line(str(entry.get("name") or ""))
    if not title:
        return None
    pages = [link for link in (entry.get("paper_url"), entry.get("sourceurl")) if link]
    # `sourceurl` is the paper's OpenReview forum in some years and the venue's group page in others.
    forum = next((found for link in pages if (found := _forum_id(link))), None)
    pdf = entry.get("paper_pdf_url")
    return Paper(
        venue="ICLR",
        year=year,
        title=title,
        authors=tuple(
            name for author in entry.get("authors") or [] if (name := clean_line(author.get("fullname") or ""))
        ),
        pdf_url=urljoin(url, pdf) if pdf else (openreview.pdf_url(forum) if forum else None),
        landing_url=openreview.forum_url(forum) if forum else (pages[0] if pages else None),
        source=VIRTUAL_SOURCE,
    )


def _forum_id(link: str) -> str | None:
    parts = urlsplit(link)
    if not parts.path.rstrip("/").endswith(("/forum", "/pdf")):
        return None
    return next(iter(parse_qs(parts.query).get("id", [])), None)
