"""NeurIPS proceedings (papers.nips.cc): every year's accepted papers, the main conference and its tracks.

A year's listing is `/paper_files/paper/{year}`, one `li` per paper linking its abstract page. Since
2025 the year page may instead link one page per volume (`vol38-main-conference`, ...), which are
walked. proceedings.iclr.cc runs the same software, so `fetch_listing` serves ICLR's fallback too.
"""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from scrapers.html import parse_page
from scrapers.http import PoliteSession, base_url, proceedings_max_age
from scrapers.records import Paper, ProbeFinding, StructureChanged, distinct_papers, probe_finding
from scrapers.text.normalise import clean_line

SOURCE = "neurips"
BASE_URL = "https://papers.nips.cc"

VENUES = ("NEURIPS",)
FIRST_YEAR = 2015

LISTING_TIMEOUT = (15, 120)
# `.../hash/{md5}-Abstract[-{Track}].html`; its PDF is `.../file/{md5}-Paper[-{Track}].pdf`.
_ABSTRACT_PATH = re.compile(r"^(?P<year_dir>.*)/hash/(?P<md5>[0-9a-f]{32})-Abstract(?P<track>-[\w-]+)?\.html$")
_VOLUME_PAGE = re.compile(r"^vol\d+-[\w-]+$")
# The tracks of the main conference, however a year's pages name it.
_MAIN_TRACK_NAMES = {"", "conference", "main", "main_conference"}


def venue_years(venue: str, until: int) -> list[int]:
    return list(range(FIRST_YEAR, until + 1))


def listing_url(year: int) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/paper_files/paper/{year}"


def parse_listing(html: bytes, page_url: str, venue: str, year: int, source: str = SOURCE) -> list[Paper]:
    """The papers on a year or volume page; [] for a year page that only links to volume pages."""
    page = parse_page(html, source, page_url)
    papers = [paper for item in page.iter("li") if (paper := _paper(item, page_url, venue.upper(), year, source))]
    if not papers and not _volume_links(page, page_url):
        raise StructureChanged(source, page_url, "neither papers nor volume links")
    return papers


def parse_volume_links(html: bytes, page_url: str, source: str = SOURCE) -> list[str]:
    """Absolute URLs of the volume pages (`vol38-main-conference`, ...) a year page links to."""
    return _volume_links(parse_page(html, source, page_url), page_url)


def pdf_url(abstract_url: str) -> str | None:
    """The PDF beside an abstract page, or None for a link of another shape."""
    match = _ABSTRACT_PATH.match(abstract_url)
    if not match:
        return None
    return f"{match['year_dir']}/file/{match['md5']}-Paper{match['track'] or ''}.pdf"


def fetch_papers(session: PoliteSession, venue: str, year: int) -> list[Paper]:
    return fetch_listing(session, listing_url(year), venue, year)


def fetch_listing(session: PoliteSession, url: str, venue: str, year: int, source: str = SOURCE) -> list[Paper]:
    """A year's papers from its listing page and the volume pages it links to, each paper once."""
    html = _get(session, url, year)
    papers = parse_listing(html, url, venue, year, source)
    for volume_url in parse_volume_links(html, url, source):
        papers += parse_listing(_get(session, volume_url, year), volume_url, venue, year, source)
    return distinct_papers(papers)


def probe(session: PoliteSession) -> ProbeFinding:
    """2019's listing, fetched afresh: more than 1000 papers, each with a PDF link and authors."""
    url = listing_url(2019)
    html = session.get(url, timeout=LISTING_TIMEOUT, max_age=timedelta(0)).content
    return probe_finding(url, parse_listing(html, url, "NEURIPS", 2019), 1000, ("pdf_url", "authors"))


def _get(session: PoliteSession, url: str, year: int) -> bytes:
    return session.get(url, timeout=LISTING_TIMEOUT, max_age=proceedings_max_age(year)).content


def _paper(item: HtmlElement, page_url: str, venue: str, year: int, source: str) -> Paper | None:
    link = next((a for a in item.iter("a") if "-Abstract" in (a.get("href") or "")), None)
    if link is None or item.find(".//li") is not None:  # a list item wrapping a list is no paper
        return None
    title = clean_line(link.text_content()) or clean_line(link.get("title") or "")
    if not title:
        return None
    landing_url = urljoin(page_url, link.get("href"))
    return Paper(
        venue=venue,
        year=year,
        title=title,
        authors=_authors(item),
        pdf_url=pdf_url(landing_url),
        landing_url=landing_url,
        source=source,
        track=_track(item, landing_url),
    )


def _authors(item: HtmlElement) -> tuple[str, ...]:
    # 2025+ pages put the names in `span.paper-authors`, earlier ones in an `i` after the link.
    holder = next(iter(item.find_class("paper-authors")), None)
    if holder is None:
        holder = item.find(".//i")
    if holder is None:
        return ()
    return tuple(name for name in map(clean_line, holder.text_content().split(",")) if name)


def _track(item: HtmlElement, landing_url: str) -> str | None:
    """None for the main conference, else e.g. `datasets_and_benchmarks`."""
    name = item.get("data-track")
    if name is None:
        match = _ABSTRACT_PATH.match(landing_url)
        name = (match["track"] or "").lstrip("-") if match else ""
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_").removesuffix("_track")
    # 2021's Datasets and Benchmarks papers were published in two rounds: `-Abstract-round1.html`.
    if re.fullmatch(r"round\d+", key):
        return "datasets_and_benchmarks"
    return None if key in _MAIN_TRACK_NAMES else key


def _volume_links(page: HtmlElement, page_url: str) -> list[str]:
    urls = []
    for link in page.iter("a"):
        url = urljoin(page_url, link.get("href") or "")
        if _VOLUME_PAGE.match(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) and url not in urls:
            urls.append(url)
    return urls
