"""ICML proceedings on PMLR (proceedings.mlr.press): one volume page per year lists every paper.

Which volume holds a year's ICML is known for the years in `ICML_VOLUMES`; later years are looked up
in the index page, whose entries read like "Volume 202 Proceedings of ICML 2023".
"""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from scrapers.html import parse_page
from scrapers.http import FetchError, PoliteSession, base_url
from scrapers.records import Paper, ProbeFinding, StructureChanged, distinct_papers, normalise_title, probe_finding
from scrapers.text.normalise import clean_line

SOURCE = "pmlr"
BASE_URL = "https://proceedings.mlr.press"

VENUES = ("ICML",)
FIRST_YEAR = 2015
ICML_VOLUMES = {2015: 37, 2016: 48, 2017: 70, 2018: 80, 2019: 97, 2020: 119, 2021: 139, 2022: 162, 2023: 202, 2024: 235, 2025: 267}

VOLUME_TIMEOUT = (15, 120)
# New volumes join the index through the year; a volume page is published whole, so it is cached for good.
INDEX_MAX_AGE = timedelta(days=1)

_VOLUME_HREF = re.compile(r"^/?v(\d+)/?$")
_ICML_YEAR = re.compile(r"\bICML\s*(\d{4})\b")
_ICML_NAME = re.compile(r"\bInternational\s+Conference\s+on\s+Machine\s+Learning\b", re.I)
# "Proceedings of the 34th International Conference on Machine Learning" names no year: the 34th was 2017.
_EDITION_BEFORE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\s+$")
_FIRST_EDITION_YEAR = 1983
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# "Proceedings of GRaM at ICML 2024", "Unsupervised and Transfer Learning Workshop at ICML 2011", ...
_COMPANION_EVENT = re.compile(r"\bworkshop\b|\bat\s+ICML\b", re.I)
# A volume page's heading: "Volume 259: Machine Learning for Health (ML4H), 15-16 December 2024, Vancouver, ..."
_VOLUME_HEADING = re.compile(r"^Volume\s+\d+:\s*(?P<event>[^,]+)")


def venue_years(venue: str, until: int) -> list[int]:
    return list(range(FIRST_YEAR, until + 1))


def index_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/"


def volume_url(volume: int) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/v{volume}/"


def parse_index(html: bytes, page_url: str) -> dict[int, int]:
    """The main ICML proceedings volume of each year the index lists: {year: volume}."""
    page = parse_page(html, SOURCE, page_url)
    entries = [entry for item in page.iter("li") if (entry := _volume_entry(item))]
    if not entries:
        raise StructureChanged(SOURCE, page_url, "no volumes listed")
    volumes: dict[int, int] = {}
    for volume, text in entries:
        year = _icml_year(text)
        if year is not None:
            # Several ICML 2013 "cycles" share one volume; otherwise the earliest volume is the main one.
            volumes[year] = min(volumes.get(year, volume), volume)
    return volumes


def parse_volume(html: bytes, page_url: str, venue: str, year: int) -> list[Paper]:
    """The volume's papers; its front matter, listed like a paper on some volumes, is left out."""
    page = parse_page(html, SOURCE, page_url)
    event = _volume_event(page)
    papers = [
        paper
        for block in page.find_class("paper")
        if block.tag == "div"
        and (paper := _paper(block, page_url, venue.upper(), year))
        and not _is_front_matter(paper.title, event)
    ]
    if not papers:
        raise StructureChanged(SOURCE, page_url, "no papers on the volume page")
    return distinct_papers(papers)


def fetch_papers(session: PoliteSession, venue: str, year: int) -> list[Paper]:
    volume = ICML_VOLUMES.get(year) or _discover_volume(session, year)
    url = volume_url(volume)
    html = session.get(url, timeout=VOLUME_TIMEOUT).content
    return parse_volume(html, url, venue, year)


def probe(session: PoliteSession) -> ProbeFinding:
    """ICML 2019's volume page, fetched afresh: more than 700 papers, each with a PDF link and authors."""
    url = volume_url(ICML_VOLUMES[2019])
    html = session.get(url, timeout=VOLUME_TIMEOUT, max_age=timedelta(0)).content
    return probe_finding(url, parse_volume(html, url, "ICML", 2019), 700, ("pdf_url", "authors"))


def _discover_volume(session: PoliteSession, year: int) -> int:
    url = index_url()
    volumes = parse_index(session.get(url, timeout=VOLUME_TIMEOUT, max_age=INDEX_MAX_AGE).content, url)
    if year not in volumes:
        raise FetchError(url, f"the index lists no ICML {year} proceedings (not published yet?)")
    return volumes[year]


def _volume_entry(item: HtmlElement) -> tuple[int, str] | None:
    for link in item.iter("a"):
        match = _VOLUME_HREF.match(urlsplit(link.get("href") or "").path)
        if match:
            return int(match[1]), clean_line(item.text_content())
    return None


def _icml_year(text: str) -> int | None:
    """The year of a main ICML proceedings entry; None for anything else."""
    if _COMPANION_EVENT.search(text):
        return None
    if match := _ICML_YEAR.search(text):
        return int(match[1])
    name = _ICML_NAME.search(text)
    if not name:
        return None
    if edition := _EDITION_BEFORE.search(text[: name.start()]):
        return _FIRST_EDITION_YEAR + int(edition[1])
    # "International Conference on Machine Learning, 9-15 June 2019, Long Beach, ..."
    if year := _YEAR.search(text, name.end()):
        return int(year[0])
    return None


def _is_front_matter(title: str, event: str | None) -> bool:
    """An entry named for the event itself: "Machine Learning for Health (ML4H) 2024", with the editors as its
    authors, in the volume of "Machine Learning for Health (ML4H), 15-16 December 2024, Vancouver, Canada"."""
    return event is not None and normalise_title(_YEAR.sub("", title)) == normalise_title(event)


def _volume_event(page: HtmlElement) -> str | None:
    """The event a volume page's heading names, without its dates and place."""
    for heading in page.iter("h2"):
        if match := _VOLUME_HEADING.match(clean_line(heading.text_content())):
            return match["event"]
    return None


def _paper(block: HtmlElement, page_url: str, venue: str, year: int) -> Paper | None:
    title_cell = next((p for p in block.find_class("title") if p.tag == "p"), None)
    title = clean_line(title_cell.text_content()) if title_cell is not None else ""
    if not title:
        return None
    links = {
        clean_line(link.text_content()).lower(): urljoin(page_url, link.get("href"))
        for link in block.iter("a")
        if link.get("href")
    }
    return Paper(
        venue=venue,
        year=year,
        title=title,
        authors=_authors(block),
        # Whatever the page gives: flat `/v28/x13.pdf`, `/v202/x23a/x23a.pdf`, or GitHub's raw files.
        pdf_url=links.get("download pdf") or links.get("pdf"),
        landing_url=links.get("abs"),
        source=SOURCE,
    )


def _authors(block: HtmlElement) -> tuple[str, ...]:
    holder = next(iter(block.find_class("authors")), None)
    if holder is None:
        return ()
    return tuple(name for name in map(clean_line, holder.text_content().split(",")) if name)
