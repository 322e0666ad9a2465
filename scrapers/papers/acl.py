"""ACL Anthology (aclanthology.org): the ACL, EMNLP and NAACL main-conference proceedings.

A venue-year's event page, `/events/{venue}-{year}/`, links each of its volumes as `/volumes/{id}/`:
the main conference (`2024.acl-long`, `2024.acl-short`, `2020.acl-main`, `2024.emnlp-main`,
`2024.naacl-long`; before 2020 `P18-1`, `D18-1`, `N18-1`, and a second volume such as `P18-2` when
it holds the short papers), the Findings (`2024.findings-acl`), and demos, tutorials, industry
tracks and workshops, which are left out. The event page also embeds every volume's papers; a
volume it does not embed is read from its own page. Paper `.0` (`P18-1000`) is the front matter.

`fetch_papers` gives the main conference, long and short papers: what the flows count. The Findings
are left out, as the study left them out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from scrapers.html import parse_page
from scrapers.http import PoliteSession, base_url, proceedings_max_age
from scrapers.records import Paper, ProbeFinding, StructureChanged, distinct_papers, probe_finding
from scrapers.text.normalise import clean_line

SOURCE = "acl"
BASE_URL = "https://aclanthology.org"

VENUES = ("ACL", "EMNLP", "NAACL")
FIRST_YEAR = 2015  # the project's time axis; the anthology itself goes back to the 1960s
# ACL and EMNLP meet every year; NAACL skips the years ACL meets in North America.
# Add NAACL's years as they are announced.
YEARS_HELD = {"NAACL": (2015, 2016, 2018, 2019, 2021, 2022, 2024, 2025)}
# Volume ids before 2020 begin with a letter per venue and the year's last two digits: P18-1.
OLD_ID_LETTER = {"ACL": "P", "EMNLP": "D", "NAACL": "N"}
MAIN_PARTS = {"main", "long", "short"}

# An event page embeds every paper of every volume, workshops included: tens of megabytes.
LISTING_TIMEOUT = (15, 300)
LISTING_MAX_BYTES = 128 * 1024 * 1024
_VOLUME_PATH = re.compile(r"^/volumes/(?P<id>[^/]+)/?$")
_NEW_VOLUME = re.compile(r"^(?P<year>\d{4})\.(?P<kind>[a-z\d]+)-(?P<part>[a-z\d]+)$")
_OLD_VOLUME = re.compile(r"^(?P<letter>[A-Z])(?P<yy>\d{2})-(?P<number>\d)$")
_NEW_PAPER = re.compile(r"^(?P<volume>\d{4}\.[a-z\d]+-[a-z\d]+)\.(?P<number>\d+)$")
_OLD_PAPER = re.compile(r"^(?P<volume>[A-Z]\d{2}-\d)(?P<number>\d{3})$")


@dataclass(frozen=True)
class Volume:
    volume_id: str  # e.g. 2024.acl-long, P18-1
    title: str
    findings: bool

    @property
    def track(self) -> str | None:
        return "findings" if self.findings else None


def venue_years(venue: str, until: int) -> list[int]:
    """The years from FIRST_YEAR up to `until` in which the venue was held."""
    years = YEARS_HELD.get(venue.upper(), range(FIRST_YEAR, until + 1))
    return [year for year in years if FIRST_YEAR <= year <= until]


def event_url(venue: str, year: int) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/events/{venue.lower()}-{year}/"


def volume_url(volume_id: str) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/volumes/{volume_id}/"


def parse_event(html: bytes, page_url: str, venue: str, year: int) -> list[Volume]:
    """The main-conference and Findings volumes an event page lists, in page order."""
    return _volumes(parse_page(html, SOURCE, page_url), page_url, venue.upper(), year)


def parse_volume(html: bytes, page_url: str, venue: str, year: int, volume: Volume) -> list[Paper]:
    """The papers of `volume` on its own page, front matter left out."""
    papers = _volume_papers(parse_page(html, SOURCE, page_url), page_url, venue.upper(), year, volume)
    if not papers:
        raise StructureChanged(SOURCE, page_url, f"no papers of volume {volume.volume_id}")
    return papers


def fetch_papers(session: PoliteSession, venue: str, year: int) -> list[Paper]:
    """The main conference's papers: long and short, no Findings, demos or workshops."""
    venue = venue.upper()
    url = event_url(venue, year)
    event = parse_page(_get(session, url, year), SOURCE, url)
    volumes = _volumes(event, url, venue, year)
    if all(volume.findings for volume in volumes):
        raise StructureChanged(SOURCE, url, f"no {venue} {year} main-conference volume")
    papers = []
    for volume in volumes:
        if volume.findings:
            continue
        embedded = _volume_papers(event, url, venue, year, volume)
        if not embedded:
            page_url = volume_url(volume.volume_id)
            embedded = parse_volume(_get(session, page_url, year), page_url, venue, year, volume)
        papers += embedded
    return distinct_papers(papers)


def probe(session: PoliteSession) -> ProbeFinding:
    """ACL 2018's long-paper volume page, fetched afresh: more than 200 papers, each with a PDF link and authors."""
    volume = Volume("P18-1", "Proceedings of ACL 2018 (Volume 1: Long Papers)", findings=False)
    url = volume_url(volume.volume_id)
    html = session.get(url, timeout=LISTING_TIMEOUT, max_bytes=LISTING_MAX_BYTES, max_age=timedelta(0)).content
    return probe_finding(url, parse_volume(html, url, "ACL", 2018, volume), 200, ("pdf_url", "authors"))


def _get(session: PoliteSession, url: str, year: int) -> bytes:
    return session.get(url, timeout=LISTING_TIMEOUT, max_bytes=LISTING_MAX_BYTES,
                       max_age=proceedings_max_age(year)).content


def _volumes(page: HtmlElement, page_url: str, venue: str, year: int) -> list[Volume]:
    titles: dict[str, str] = {}
    for link in page.iter("a"):
        match = _VOLUME_PATH.match(urlsplit(link.get("href") or "").path)
        if match and _volume_year(match["id"]) is not None:
            titles.setdefault(match["id"], clean_line(link.text_content()))
    if not titles:
        raise StructureChanged(SOURCE, page_url, "no volumes listed")
    volumes = []
    for volume_id, title in titles.items():
        kind = _volume_kind(volume_id, title, venue, year)
        if kind:
            volumes.append(Volume(volume_id, title, findings=kind == "findings"))
    return volumes


def _volume_year(volume_id: str) -> int | None:
    if match := _NEW_VOLUME.match(volume_id):
        return int(match["year"])
    if match := _OLD_VOLUME.match(volume_id):
        return 2000 + int(match["yy"])
    return None


def _volume_kind(volume_id: str, title: str, venue: str, year: int) -> str | None:
    """"main", "findings", or None for a volume of neither (demos, tutorials, workshops, ...)."""
    if _volume_year(volume_id) != year:
        return None
    if match := _NEW_VOLUME.match(volume_id):
        if match["kind"] == venue.lower() and match["part"] in MAIN_PARTS:
            return "main"
        if match["kind"] == "findings" and match["part"] == venue.lower():
            return "findings"
        return None
    match = _OLD_VOLUME.match(volume_id)
    if match["letter"] != OLD_ID_LETTER[venue]:
        return None
    # Volume 1 is the main conference; a later volume counts only when it holds the short papers
    # (P18-2 does; P19-2 is the student workshop and N19-2 the industry track).
    if match["number"] == "1" or "short papers" in title.lower():
        return "main"
    return None


def _volume_papers(page: HtmlElement, page_url: str, venue: str, year: int, volume: Volume) -> list[Paper]:
    papers = []
    for link in page.xpath("//strong/a[@href]"):
        paper_id = urlsplit(link.get("href")).path.strip("/")
        match = _NEW_PAPER.match(paper_id) or _OLD_PAPER.match(paper_id)
        if not match or match["volume"] != volume.volume_id or int(match["number"]) == 0:
            continue
        title = clean_line(link.text_content())
        if title:
            papers.append(_paper(link, title, page_url, venue, year, volume))
    return papers


def _paper(link: HtmlElement, title: str, page_url: str, venue: str, year: int, volume: Volume) -> Paper:
    names = link.getparent().getparent()  # strong -> span.d-block: the title, then the author links
    authors = (clean_line(a.text_content()) for a in names.iter("a") if "/people/" in (a.get("href") or ""))
    return Paper(
        venue=venue,
        year=year,
        title=title,
        authors=tuple(name for name in authors if name),
        pdf_url=_pdf_url(names.getparent(), page_url),
        landing_url=urljoin(page_url, link.get("href")),
        source=SOURCE,
        track=volume.track,
    )


def _pdf_url(entry: HtmlElement, page_url: str) -> str | None:
    # The entry's first button is its PDF; attachments (some of them PDFs too) come after it.
    for link in entry.iter("a"):
        href = link.get("href") or ""
        if link.get("title") == "Open PDF" or ("badge" in link.classes and href.endswith(".pdf")):
            return urljoin(page_url, href)
    return None
