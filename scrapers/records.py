"""The plain records that sources produce and the warehouse loads."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime


class StructureChanged(Exception):
    """A page that should hold items yielded none: the site changed, the parser must follow."""

    def __init__(self, source: str, url: str, detail: str = "no items found"):
        super().__init__(f"{source}: structure changed at {url}: {detail}")
        self.source, self.url, self.detail = source, url, detail


def normalise_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


def make_paper_id(venue: str, year: int, title: str) -> str:
    """Stable across runs and sources: the same paper from two sources gets the same id."""
    digest = hashlib.sha1(normalise_title(title).encode()).hexdigest()[:16]
    return f"{venue.lower()}-{year}-{digest}"


@dataclass(frozen=True)
class Paper:
    venue: str  # upper-case: CVPR, ICCV, NEURIPS, ...
    year: int
    title: str
    authors: tuple[str, ...]
    pdf_url: str | None
    landing_url: str | None
    source: str  # module that produced it, e.g. "cvf"
    track: str | None = None  # a venue's separate track, e.g. "findings" or "datasets_and_benchmarks"

    @property
    def paper_id(self) -> str:
        return make_paper_id(self.venue, self.year, self.title)


@dataclass(frozen=True)
class JobPost:
    post_id: str  # source-qualified, e.g. "hn:37351668"
    source: str
    month: date  # first day of the month the posting belongs to
    posted_at: datetime | None
    url: str
    text: str  # plain text, HTML removed; used for mentions, not stored
    company: str | None = None
    title: str | None = None
    location: str | None = None
    thread_id: str | None = None
    author: str | None = None  # who posted it (HN): a posting whose company is not told counts under its author
