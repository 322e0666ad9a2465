"""ECVA (www.ecva.net): the ECCV proceedings from 2020 on (ECCV 2018 is on CVF, see `scrapers/cvf.py`).

One page, `/papers.php`, holds every year: a `button.accordion` ("ECCV 2024 Papers") followed by a
`div.accordion-content` with CVF's `dt.ptitle` / `dd` pairs. Unlike CVF, the first `dd` is the
authors as plain text, `*` marking the corresponding author; hrefs are relative to the page and
may be unquoted.
"""
from __future__ import annotations

import re
import threading
from datetime import timedelta
from urllib.parse import urljoin

from lxml.html import HtmlElement

from scrapers.html import parse_page
from scrapers.http import PoliteSession, base_url
from scrapers.papers.cvf import entry_cells, pdf_url
from scrapers.records import Paper, ProbeFinding, StructureChanged, distinct_papers, probe_finding
from scrapers.text.normalise import clean_line

SOURCE = "ecva"
BASE_URL = "https://www.ecva.net"

VENUES = ("ECCV",)
FIRST_YEAR = 2020  # ECCV is held in even years

PAGE_TIMEOUT = (15, 120)
# Every year is on the one page, and each new ECCV is added to it: a day-old copy is fetched again.
PAGE_MAX_AGE = timedelta(days=1)

# The flows fetch several years at once; taking turns lets all but the first replay its response.
_PAGE_LOCK = threading.Lock()


def venue_years(venue: str, until: int) -> list[int]:
    """The years up to `until` whose ECCV proceedings ECVA hosts (2018 is on CVF)."""
    return list(range(FIRST_YEAR, until + 1, 2))


def papers_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/papers.php"


def parse_year(html: bytes, page_url: str, year: int) -> list[Paper]:
    """The papers in the page's ECCV `year` section; StructureChanged if it lacks one or it is empty."""
    section = _year_section(parse_page(html, SOURCE, page_url), year)
    if section is None:
        raise StructureChanged(SOURCE, page_url, f"no ECCV {year} section")
    titles = (cell for cell in section.find_class("ptitle") if cell.tag == "dt")
    papers = [paper for cell in titles if (paper := _paper(cell, page_url, year))]
    if not papers:
        raise StructureChanged(SOURCE, page_url, f"the ECCV {year} section holds no papers")
    return distinct_papers(papers)


def fetch_papers(session: PoliteSession, venue: str, year: int) -> list[Paper]:
    url = papers_url()
    with _PAGE_LOCK:
        html = session.get(url, timeout=PAGE_TIMEOUT, max_age=PAGE_MAX_AGE).content
    return parse_year(html, url, year)


def probe(session: PoliteSession) -> ProbeFinding:
    """The papers page, fetched afresh: ECCV 2022 has more than 1000 papers, each with a PDF link and authors."""
    url = papers_url()
    html = session.get(url, timeout=PAGE_TIMEOUT, max_age=timedelta(0)).content
    return probe_finding(url, parse_year(html, url, 2022), 1000, ("pdf_url", "authors"))


def _year_section(page: HtmlElement, year: int) -> HtmlElement | None:
    heading = re.compile(rf"\bECCV\s+{year}\b")
    for button in page.find_class("accordion"):
        if button.tag == "button" and heading.search(button.text_content()):
            for sibling in button.itersiblings():
                if "accordion-content" in sibling.classes:
                    return sibling
                if "accordion" in sibling.classes:
                    return None
    return None


def _paper(title_cell: HtmlElement, page_url: str, year: int) -> Paper | None:
    link = title_cell.find(".//a[@href]")
    title = clean_line(link.text_content()) if link is not None else ""
    if not title:
        return None
    cells = entry_cells(title_cell)
    return Paper(
        venue="ECCV",
        year=year,
        title=title,
        authors=_authors(cells[0]) if cells else (),
        pdf_url=pdf_url(cells, page_url),
        landing_url=urljoin(page_url, link.get("href")),
        source=SOURCE,
    )


def _authors(cell: HtmlElement) -> tuple[str, ...]:
    names = (clean_line(name.replace("*", "")) for name in cell.text_content().split(","))
    return tuple(name for name in names if name)
