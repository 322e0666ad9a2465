"""The 2019 study's own lists ("The State of Machine Learning Frameworks in 2019", The Gradient),
from its repository Chillee/pytorch-vs-tensorflow, so exactly the papers it counted can be read again.

`data.csv` holds the published figures, one row per conference-year without a header:
`conference, MM/YY, pytorch_only, tensorflow_only, all papers`. `data/{conf}_{year}.json` lists the
papers of one conference-year: `{authors, conference, id, metadata, name, pdf_link, year}`. The files
were made by several scrapers and differ in shape: `year` is a string or a number, `pdf_link` is
percent-encoded in some (`https%3A//...`), names carry leading spaces or entities (`&nbsp;`), titles
entities (`&amp;`), and the ACL/EMNLP lists of 2019-2020 put the title first among the authors.

VENUES are the nine conferences data.csv reports. The study also listed AISTATS and COLT papers
without publishing figures for them; `fetch_papers` reads those too when asked by name.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote

from scrapers.http import PoliteSession, base_url
from scrapers.records import Paper, ProbeFinding, StructureChanged, distinct_papers, probe_finding
from scrapers.text.normalise import clean_line

SOURCE = "gradient"
BASE_URL = "https://raw.githubusercontent.com/Chillee/pytorch-vs-tensorflow/master/data_analysis"

# The conference-years the study listed, with the key its file names use.
STUDY_KEYS = {
    "NEURIPS": "nips", "ICML": "icml", "ICLR": "iclr", "CVPR": "cvpr", "ICCV": "iccv", "ECCV": "eccv",
    "ACL": "acl", "EMNLP": "emnlp", "NAACL": "naacl", "AISTATS": "aistats", "COLT": "colt",
}
STUDY_YEARS = {
    "NEURIPS": (2015, 2016, 2017, 2018, 2019, 2020),
    "ICML": (2017, 2018, 2019, 2020, 2021),
    "ICLR": (2018, 2019, 2020, 2021, 2022),
    "CVPR": (2015, 2016, 2017, 2018, 2019, 2020),
    "ICCV": (2017, 2019),
    "ECCV": (2018,),
    "ACL": (2017, 2018, 2019, 2020),
    "EMNLP": (2017, 2018, 2019, 2020),
    "NAACL": (2018, 2019),
    "AISTATS": (2018, 2019),
    "COLT": (2017, 2018),
}
VENUES = ("NEURIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL")

_VENUE_OF_KEY = {key: venue for venue, key in STUDY_KEYS.items()} | {"neurips": "NEURIPS"}
_ENCODED_SCHEME = re.compile(r"^https?%3A", re.IGNORECASE)
# An ACL Anthology link without `.pdf` (www.aclweb.org/anthology/P18-1001) served the PDF in 2019;
# it now leads to the paper's web page, and the PDF is the same link with `.pdf` added.
_ANTHOLOGY_ID_LINK = re.compile(
    r"^https?://(?:www\.)?aclweb\.org/anthology/(?:[A-Z]\d{2}-\d{4}(?:v\d+)?|\d{4}\.[a-z\d]+-[a-z\d]+\.\d+)$"
)


@dataclass(frozen=True)
class PublishedShare:
    """One row of data.csv: what the study published for a conference-year."""

    venue: str
    year: int
    conf_month: int
    pytorch_only: int
    tensorflow_only: int
    papers: int


def venue_years(venue: str, until: int) -> list[int]:
    """The years up to `until` for which the study listed the venue's papers."""
    return [year for year in STUDY_YEARS[venue.upper()] if year <= until]


def published_url() -> str:
    return f"{base_url(SOURCE, BASE_URL)}/data.csv"


def papers_url(venue: str, year: int) -> str:
    return f"{base_url(SOURCE, BASE_URL)}/data/{STUDY_KEYS[venue.upper()]}_{year}.json"


def parse_published(body: bytes, url: str) -> list[PublishedShare]:
    """The rows of data.csv; StructureChanged for a file without any, or a row of another shape."""
    shares = []
    for line in body.decode("utf-8-sig").splitlines():
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split(",")]
        match = re.fullmatch(r"(\d{2})/(\d{2})", cells[1]) if len(cells) == 5 else None
        if not match or not all(cell.isdigit() for cell in cells[2:]):
            raise StructureChanged(SOURCE, url, f"unexpected row {line!r}")
        shares.append(PublishedShare(
            venue=_VENUE_OF_KEY.get(cells[0].lower(), cells[0].upper()),
            year=2000 + int(match[2]),
            conf_month=int(match[1]),
            pytorch_only=int(cells[2]),
            tensorflow_only=int(cells[3]),
            papers=int(cells[4]),
        ))
    if not shares:
        raise StructureChanged(SOURCE, url, "no rows")
    return shares


def parse_papers(body: bytes, url: str, venue: str, year: int) -> list[Paper]:
    """Every paper of one conference-year's list, in the file's order; two papers with one title stay two."""
    venue = venue.upper()
    records = json.loads(body)
    if not isinstance(records, list) or not records:
        raise StructureChanged(SOURCE, url, "no papers")
    papers = []
    for record in records:
        if _VENUE_OF_KEY.get(str(record["conference"]).lower()) != venue or int(record["year"]) != year:
            raise StructureChanged(
                SOURCE, url, f"a paper of {record['conference']} {record['year']} in the list of {venue} {year}"
            )
        title = clean_line(record["name"])
        papers.append(Paper(
            venue=venue,
            year=year,
            title=title,
            authors=_authors(record["authors"], title),
            pdf_url=_pdf_url(record["pdf_link"]),
            landing_url=None,
            source=SOURCE,
        ))
    return distinct_papers(papers)


def fetch_published(session: PoliteSession) -> list[PublishedShare]:
    url = published_url()
    return parse_published(session.get(url).content, url)


def fetch_papers(session: PoliteSession, venue: str, year: int) -> list[Paper]:
    url = papers_url(venue, year)
    return parse_papers(session.get(url).content, url, venue, year)


def probe(session: PoliteSession) -> ProbeFinding:
    """data.csv, fetched afresh: the 35 published conference-years."""
    url = published_url()
    return probe_finding(url, parse_published(session.get(url, max_age=timedelta(0)).content, url), 35,
                         ("papers",))


def _authors(names: list[str], title: str) -> tuple[str, ...]:
    cleaned = [clean_line(name) for name in names]
    if cleaned and cleaned[0] == title:
        cleaned = cleaned[1:]
    return tuple(name for name in cleaned if name)


def _pdf_url(link: str) -> str | None:
    if not link:
        return None
    if _ENCODED_SCHEME.match(link):
        link = unquote(link)
    if _ANTHOLOGY_ID_LINK.match(link):
        link += ".pdf"
    return link
