"""CVF open access (openaccess.thecvf.com): the CVPR and ICCV main-conference proceedings, and
ECCV 2018 (later ECCVs are on www.ecva.net, see `scrapers/ecva.py`).

Every year's listing is one page of `dt.ptitle` / `dd` pairs. From 2021 the page is
`/{CONF}{YEAR}?day=all`; earlier pages are `/{CONF}{YEAR}.py`, and 2018-2020 pages may hold only
links to one page per conference day, which are then walked instead. ECCV 2018 is one page,
`/ECCV2018.py`, that was never split by day.
"""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml.html import HtmlElement

from scrapers.html import parse_page
from scrapers.http import PoliteSession, base_url, proceedings_max_age
from scrapers.records import Paper, ProbeFinding, StructureChanged, distinct_papers, probe_finding
from scrapers.text.normalise import clean_line

SOURCE = "cvf"
BASE_URL = "https://openaccess.thecvf.com"

VENUES = ("CVPR", "ICCV", "ECCV")
FIRST_YEAR = {"CVPR": 2013, "ICCV": 2013, "ECCV": 2018}
LAST_YEAR = {"ECCV": 2018}
ODD_YEARS_ONLY = {"ICCV"}
WITHOUT_DAY_PAGES = {"ECCV"}

# A whole year's listing with its BibTeX blocks passes 12 MB; the server takes long to render it.
LISTING_TIMEOUT = (15, 300)
LISTING_MAX_BYTES = 128 * 1024 * 1024
# lxml rather than BeautifulSoup: a year's page is megabytes, and this is ten times faster on it.


def venue_years(venue: str, until: int) -> list[int]:
    """The years up to `until` whose proceedings the venue has on CVF open access."""
    venue = venue.upper()
    step = 2 if venue in ODD_YEARS_ONLY else 1
    last = min(until, LAST_YEAR.get(venue, until))
    return list(range(FIRST_YEAR[venue], last + 1, step))


def listing_url(venue: str, year: int) -> str:
    base = base_url(SOURCE, BASE_URL)
    if year >= 2021:
        return f"{base}/{venue}{year}?day=all"
    if year >= 2018 and venue not in WITHOUT_DAY_PAGES:
        return f"{base}/{venue}{year}.py?day=all"
    return f"{base}/{venue}{year}.py"


def parse_listing(html: bytes, page_url: str, venue: str, year: int) -> list[Paper]:
    """The papers on one listing page; [] for a page that only links to day pages."""
    page = parse_page(html, SOURCE, page_url)
    titles = (cell for cell in page.find_class("ptitle") if cell.tag == "dt")
    papers = [paper for cell in titles if (paper := _paper(cell, page_url, venue.upper(), year))]
    if not papers and not _day_links(page, page_url):
        raise StructureChanged(SOURCE, page_url, "neither papers nor day links")
    return papers


def parse_day_links(html: bytes, page_url: str) -> list[str]:
    """Absolute URLs of the per-day listing pages a year's page links to (not its `day=all` view)."""
    return _day_links(parse_page(html, SOURCE, page_url), page_url)


def fetch_papers(session: PoliteSession, venue: str, year: int) -> list[Paper]:
    venue = venue.upper()
    url = listing_url(venue, year)
    html = _get_listing(session, url, year)
    papers = parse_listing(html, url, venue, year)
    if not papers:
        for day_url in parse_day_links(html, url):
            papers += parse_listing(_get_listing(session, day_url, year), day_url, venue, year)
    return distinct_papers(papers)


def probe(session: PoliteSession) -> ProbeFinding:
    """CVPR 2019's listing, fetched afresh: more than 500 papers, each with a PDF link and authors."""
    url = listing_url("CVPR", 2019)
    html = session.get(url, timeout=LISTING_TIMEOUT, max_bytes=LISTING_MAX_BYTES, max_age=timedelta(0)).content
    return probe_finding(url, parse_listing(html, url, "CVPR", 2019), 500, ("pdf_url", "authors"))


def _get_listing(session: PoliteSession, url: str, year: int) -> bytes:
    return session.get(url, timeout=LISTING_TIMEOUT, max_bytes=LISTING_MAX_BYTES,
                       max_age=proceedings_max_age(year)).content


def _paper(title_cell: HtmlElement, page_url: str, venue: str, year: int) -> Paper | None:
    link = title_cell.find(".//a[@href]")
    title = clean_line(link.text_content()) if link is not None else ""
    if not title:
        return None
    cells = entry_cells(title_cell)
    return Paper(
        venue=venue,
        year=year,
        title=title,
        authors=_authors(cells[0]) if cells else (),
        pdf_url=pdf_url(cells, page_url),
        landing_url=urljoin(page_url, link.get("href")),
        source=SOURCE,
    )


def entry_cells(title_cell: HtmlElement) -> list[HtmlElement]:
    """The `dd` cells between this `dt` title and the next one: authors first, then links."""
    cells = []
    for sibling in title_cell.itersiblings():
        if sibling.tag == "dt":
            break
        if sibling.tag == "dd":
            cells.append(sibling)
    return cells


def _authors(cell: HtmlElement) -> tuple[str, ...]:
    # 2021+ pages carry each name in a hidden `query_author` input, earlier ones in `query`;
    # pages without those search forms have only the names as link text.
    names = cell.xpath(".//input[@name='query_author' or @name='query']/@value")
    names = names or [link.text_content() for link in cell.iter("a")]
    return tuple(name for name in map(clean_line, names) if name)


def pdf_url(cells: list[HtmlElement], page_url: str) -> str | None:
    """The absolute URL of the link named `pdf` (not its `supp` or `arXiv` siblings), if any."""
    for cell in cells:
        for link in cell.iter("a"):
            if link.get("href") and link.text_content().strip().lower() == "pdf":
                return urljoin(page_url, link.get("href"))
    return None


def _day_links(page: HtmlElement, page_url: str) -> list[str]:
    urls = []
    for link in page.iter("a"):
        href = link.get("href") or ""
        days = parse_qs(urlsplit(href).query).get("day", [])
        if days and days != ["all"]:
            url = urljoin(page_url, href)
            if url not in urls:
                urls.append(url)
    return urls
