"""The plain records that sources produce and the warehouse loads."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit


class StructureChanged(Exception):
    """A page that should hold items yielded none: the site changed, the parser must follow."""

    def __init__(self, source: str, url: str, detail: str = "no items found"):
        super().__init__(f"{source}: structure changed at {url}: {detail}")
        self.source, self.url, self.detail = source, url, detail

    def __reduce__(self):
        # Rebuilt from its own arguments, so that it crosses back from a worker process as it was raised.
        return type(self), (self.source, self.url, self.detail)


def normalise_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


def make_paper_id(venue: str, year: int, title: str, key: str | None = None) -> str:
    """Stable across runs and sources: the same paper from two sources gets the same id. `key` tells apart
    papers of one venue-year that share a title (EMNLP 2018's D18-1092 and D18-1105)."""
    identity = normalise_title(title) if key is None else f"{normalise_title(title)}\n{key.casefold()}"
    digest = hashlib.sha1(identity.encode()).hexdigest()[:16]
    return f"{venue.lower()}-{year}-{digest}"


def source_key(url: str | None) -> str | None:
    """A paper's stable key in its source, read from its link: the OpenReview forum id (`?id=`), else the last
    path part without its extension and page kind: the Anthology id (`D18-1092`), CVF file name, PMLR key,
    NeurIPS hash (`{md5}-Abstract.html`, `{md5}-Paper.pdf`)."""
    if not url:
        return None
    parts = urlsplit(url)
    if forum := parse_qs(parts.query).get("id"):
        return forum[0]
    name = PurePosixPath(parts.path.rstrip("/")).name
    stem = re.sub(r"\.(pdf|html?)$", "", name, flags=re.IGNORECASE)
    return re.sub(r"-(Abstract|Paper)(-[\w-]+)?$", "", stem) or None


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
    shares_title: bool = False  # another paper of its listing has the same title: its key tells them apart

    @property
    def key(self) -> str | None:
        return source_key(self.landing_url or self.pdf_url)

    @property
    def paper_id(self) -> str:
        return make_paper_id(self.venue, self.year, self.title, self.key if self.shares_title else None)


def distinct_papers(papers: Iterable[Paper]) -> list[Paper]:
    """Each paper of a listing once, by its source key (an oral listed again as a poster is one paper), in
    listing order; papers that share a title but not a key stay apart, marked `shares_title`."""
    by_key: dict[str, Paper] = {}
    for paper in papers:
        by_key.setdefault(paper.key or normalise_title(paper.title), paper)
    titles = Counter(normalise_title(paper.title) for paper in by_key.values())
    return [replace(paper, shares_title=True) if titles[normalise_title(paper.title)] > 1 else paper
            for paper in by_key.values()]


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


@dataclass(frozen=True)
class ProbeFinding:
    """What a source's probe saw on one small, freshly fetched listing: `problems` empty when its shape holds."""

    url: str
    items: int
    problems: tuple[str, ...] = ()


def probe_finding(url: str, items: list, minimum: int, required: tuple[str, ...]) -> ProbeFinding:
    """Too few items, or a required field that no item has, is a changed shape."""
    problems = [f"{len(items)} items, expected at least {minimum}"] if len(items) < minimum else []
    problems += [f"no item has {name}" for name in required if items and not any(getattr(i, name) for i in items)]
    return ProbeFinding(url, len(items), tuple(problems))
